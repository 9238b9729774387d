import * as contract from '../../../shared/ipc/update.js';
import type { UpdateService } from '../../update/update-service.js';
import type { IpcRouter } from '../router.js';

export function registerUpdate(router: IpcRouter, updates: UpdateService): void {
  router.handle(contract.status, () => updates.status());
  router.handle(contract.check, () => updates.check());
  router.handle(contract.restart, (input) => updates.restart(input.version));
}
