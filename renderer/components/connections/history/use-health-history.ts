import { useEffect, useState } from 'react';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { HealthDiff, HealthRunRecord } from '../../../../shared/domain/health-history.js';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import type { RecheckDue } from '../../../../shared/ipc/health.js';
import { api, safeCall } from '../../../api.js';

export interface HistoryView {
  readonly runs: readonly HealthRunRecord[];
  readonly diffs: readonly HealthDiff[];
  readonly due: RecheckDue | undefined;
}

/** One connection's kept re-checks, read again whenever the connection's last check changes (a run just finished). */
export function useHealthHistory(c: Pick<ConnectionSummary, 'orgId' | 'cloud' | 'identifier' | 'lastValidatedAt' | 'status'>) {
  const [view, setView] = useState<HistoryView | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  useEffect(() => {
    let live = true;
    void safeCall(() => api.health.history({ orgId: c.orgId, cloud: c.cloud, account: c.identifier, limit: 20 })).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setError(null);
      setView({ runs: r.value.runs, diffs: r.value.diffs, due: r.value.connections[0] });
    });
    return () => {
      live = false;
    };
  }, [c.orgId, c.cloud, c.identifier, c.lastValidatedAt, c.status]);
  return { view, error };
}
