import { join } from 'node:path';
import * as contract from '../../../shared/ipc/bundles.js';
import type { BundleService } from '../../bundles/bundle-service.js';
import { type DeviceKey, publicJwkText } from '../../bundles/device-key.js';
import type { PackService } from '../../packs/pack-service.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import type { IpcRouter } from '../router.js';
import { AppError } from '../../../shared/domain/errors.js';

export function registerBundles(router: IpcRouter, bundles: BundleService, deviceKey: DeviceKey, packs: PackService): void {
  router.handle(contract.key, () => deviceKey.info());
  router.handle(contract.exportKey, async () => {
    const info = await deviceKey.info();
    const path = join(packs.exportDir(), 'device-keys', `alphaswarm-device-${info.fingerprint.slice(0, 12)}.jwk.json`);
    writeFileAtomic(path, publicJwkText(info.jwk));
    return { ...info, path };
  });
  router.handle(
    contract.exportBundle,
    async (input, caller) => {
      const { bundle, carried: _carried, ...out } = await bundles.export({ ...(input.orgIds ? { orgIds: input.orgIds } : {}), ...(input.ttlHours ? { ttlHours: input.ttlHours } : {}) });
      // The bundle carries sealed tokens and the audit trail: main writes it, the caller sees where.
      const path = caller.saveFileAs ? await caller.saveFileAs(out.filename) : join(packs.exportDir(), 'bundles', out.filename);
      if (path === undefined) throw new AppError('cancelled', 'No file was chosen, so the bundle was not written.', 'Export again and choose where to save it; nothing left this laptop.');
      writeFileAtomic(path, `${bundle}\n`);
      return { ...out, path };
    },
    {
      // Logged under each org it carries (step-up is still the platform tenant's), so filtering by one finds it.
      auditOrgs: (input) => input.orgIds ?? [],
      auditDetail: (input, out) => ({
        orgs: input.orgIds?.length ? [...input.orgIds] : ['(all)'],
        ...(out ? { jti: out.jti, kid: out.kid, audience: out.audience, connections: out.connections, secretsIncluded: out.secretsIncluded, expiresAt: out.expiresAt, file: out.path } : {}),
      }),
    },
  );
}
