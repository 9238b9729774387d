import * as contract from '../../../shared/ipc/settings.js';
import { SECRET_NAMES, type SecretStore } from '../../credentials/secret-store.js';
import { keyFingerprint } from '../../providers/aws/external-id.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';

export function registerSettings(router: IpcRouter, settings: Settings, secrets: SecretStore, providers: ProviderRegistry): void {
  router.handle(contract.status, () => settings.status(secrets.probe(), providers.kinds()));
  router.handle(
    contract.importSecret,
    (input) => {
      secrets.put(SECRET_NAMES.externalIdKey, input.value);
      return { name: input.name, fingerprint: keyFingerprint(input.value), shadowedByEnvironment: (settings.env[input.name] ?? '').trim() !== '' };
    },
    { auditDetail: (input, out) => ({ name: input.name, ...(out ? { fingerprint: out.fingerprint } : {}) }) },
  );
}
