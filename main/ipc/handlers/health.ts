import * as contract from '../../../shared/ipc/health.js';
import type { HealthScope, HealthService } from '../../health/health-service.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';

export function registerHealth(router: IpcRouter, health: HealthService, settings: Settings): void {
  router.handle(contract.start, (input, caller) => {
    const scope: HealthScope =
      input.scope === 'all' ? { kind: 'all' } : input.scope === 'org' ? { kind: 'org', orgId: input.orgId } : { kind: 'connection', cloud: input.cloud!, orgId: input.orgId, account: input.account };
    return health.start(scope, input.concurrency ?? settings.int('ALPHASWARM_ADMIN_HEALTH_CONCURRENCY'), caller.actor);
  });
  // A run is addressed by its id: presenting mode checks the org it belongs to (every org: refused).
  const runOrg = (input: { runId: string }) => health.orgOf(input.runId);
  router.handle(contract.progress, (input) => health.progress(input.runId), { actsOn: runOrg });
  router.handle(contract.history, (input) => health.history({ orgId: input.orgId, cloud: input.cloud, account: input.account }, input.limit ?? 20));
  router.handle(contract.due, (input) => ({ connections: health.due(input.orgId) }));
  router.handle(contract.cancel, (input) => ({ cancelled: health.cancel(input.runId) }), { actsOn: runOrg });
}
