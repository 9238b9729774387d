import * as contract from '../../../shared/ipc/audit.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { exportJsonl } from '../../audit/audit-export.js';
import type { IpcRouter } from '../router.js';

export function registerAudit(router: IpcRouter, audit: AuditLog): void {
  router.handle(contract.list, (input) => audit.list(input));
  router.handle(contract.verify, () => audit.verify());
  router.handle(contract.exportLog, (input) => exportJsonl(audit, input));
}
