import type { AuditDetail } from '../../../shared/domain/audit.js';
import * as contract from '../../../shared/ipc/estate.js';
import type { EstateService } from '../../estate/estate-service.js';
import type { IpcRouter } from '../router.js';

export function registerEstate(router: IpcRouter, estate: EstateService): void {
  router.handle(contract.estateScan, (input, caller) => estate.scan(input, caller.signal), {
    precheck: (input) => estate.precheckScan(input),
    auditDetail: (input, out): AuditDetail => ({
      estate: input.cloud,
      ...(out?.tenantId ? { tenantId: out.tenantId, managementGroupId: out.scope.id } : {}),
      ...(out?.poolProject ? { parent: out.scope.id, poolProjectId: out.poolProject.projectId } : {}),
      ...(out ? { organizationId: out.scope.id, accounts: out.counts.total, connected: out.counts.connected, new: out.counts.new, excluded: out.counts.excluded, suspended: out.counts.suspended } : {}),
    }),
  });
  router.handle(contract.estateWaiting, (input) => ({ estates: estate.waiting(input.orgId) }));
  router.handle(contract.estateConnect, (input, caller) => estate.connect(input, caller.actor), {
    // Every id checked and the plan made before a code is asked for: a typo never costs one.
    precheck: (input) => void estate.plan(input),
    auditDetail: (input, out): AuditDetail => ({
      estate: input.cloud,
      includeOus: [...input.selection.includeOus],
      excludeOus: [...input.selection.excludeOus],
      excludeAccounts: input.selection.excludeAccounts.length,
      ...(out ? { runId: out.runId, accounts: out.total, suspendedSkipped: out.skipped.suspended.length, excluded: out.skipped.excluded.length } : {}),
    }),
  });
}
