import * as contract from '../../../shared/ipc/settings.js';
import type { SecretStore } from '../../credentials/secret-store.js';
import type { ProviderRegistry } from '../../providers/registry.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';

export function registerSettings(router: IpcRouter, settings: Settings, secrets: SecretStore, providers: ProviderRegistry): void {
  router.handle(contract.status, () => settings.status(secrets.probe(), providers.kinds()));
}
