import { CLOUD_KINDS } from '../../../shared/domain/cloud.js';
import * as contract from '../../../shared/ipc/artifacts.js';
import type { PackService } from '../../packs/pack-service.js';
import type { IpcRouter } from '../router.js';

export function registerArtifacts(router: IpcRouter, packs: PackService): void {
  router.handle(contract.exportPack, (input) => packs.exportOrg(input.orgId, [...new Set(input.clouds ?? CLOUD_KINDS)]));
}
