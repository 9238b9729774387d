import * as contract from '../../../shared/ipc/audit.js';
import type { AuditAnchor } from '../../audit/audit-anchor.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { exportJsonl } from '../../audit/audit-export.js';
import type { IpcRouter } from '../router.js';

export function registerAudit(router: IpcRouter, audit: AuditLog, anchor: AuditAnchor): void {
  router.handle(contract.list, (input) => audit.list(input));
  // Anchored first, so what is checked (and exported) is covered by a signed checkpoint.
  router.handle(contract.verify, async () => {
    await anchor.maybeCheckpoint(1);
    return anchor.verify();
  });
  router.handle(contract.exportLog, async (input) => {
    await anchor.maybeCheckpoint(1);
    return exportJsonl(audit, input);
  });
}
