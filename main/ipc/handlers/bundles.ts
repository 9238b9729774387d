import { join } from 'node:path';
import * as contract from '../../../shared/ipc/bundles.js';
import type { BundleService } from '../../bundles/bundle-service.js';
import { type DeviceKey, publicJwkText } from '../../bundles/device-key.js';
import type { PackService } from '../../packs/pack-service.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import type { IpcRouter } from '../router.js';

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
    async (input) => {
      const out = await bundles.export({ ...(input.orgIds ? { orgIds: input.orgIds } : {}), ...(input.ttlHours ? { ttlHours: input.ttlHours } : {}) });
      let path: string | null = null;
      if (input.save) {
        path = join(packs.exportDir(), 'bundles', out.filename);
        writeFileAtomic(path, `${out.bundle}\n`);
      }
      return { ...out, path };
    },
    {
      auditDetail: (input, out) => ({
        orgs: input.orgIds?.length ? [...input.orgIds] : ['(all)'],
        ...(out ? { jti: out.jti, kid: out.kid, audience: out.audience, connections: out.connections, secretsIncluded: out.secretsIncluded, expiresAt: out.expiresAt, file: out.path ?? '(returned to caller)' } : {}),
      }),
    },
  );
}
