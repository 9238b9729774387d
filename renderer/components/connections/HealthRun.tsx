import { useRef, useState } from 'react';
import type { CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { HealthProgress } from '../../../shared/ipc/health.js';
import { api, safeCall } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { announce, quarterAnnouncer } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { ProgressBar } from '../common/ProgressBar.js';
import { useRunPoller } from '../common/use-run-poller.js';
import { needsAttention } from './status.js';

export type HealthTarget =
  | { readonly scope: 'org'; readonly orgId: string }
  | { readonly scope: 'connection'; readonly orgId: string; readonly cloud: CloudKind; readonly account: string }
  | { readonly scope: 'all' };

/** Starts a health run (one step-up), shows its progress with a cancel button, reports when done. */
export function useHealthRun(onFinished: () => void) {
  const [progress, setProgress] = useState<HealthProgress | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const quarters = useRef(quarterAnnouncer('Re-check'));
  const poll = useRunPoller((runId: string) => api.health.progress({ runId }), {
    progress: (p) => {
      setProgress(p);
      quarters.current(p.completed, p.total);
    },
    error: setError,
    finished: (done) => {
      const healthy = done.results.filter((x) => x.status !== 'cancelled' && !needsAttention(x)).length;
      announce(`Re-check done: ${healthy} healthy, ${done.results.filter(needsAttention).length} need attention.`);
      void refreshAttention();
      onFinished();
    },
  });

  const start = async (target: HealthTarget) => {
    setError(null);
    setProgress(null);
    const orgId = target.scope === 'all' ? '__platform__' : target.orgId;
    const r = await withStepUp(
      orgId,
      () => api.health.start(target.scope === 'connection' ? { orgId, scope: 'connection', cloud: target.cloud, account: target.account } : { orgId, scope: target.scope }),
      target.scope === 'all' ? "Re-check every organisation's connections (read-only)" : target.scope === 'org' ? `Re-check ${orgId}'s connections (read-only)` : null,
    );
    if (!r.ok) return setError(r.error);
    quarters.current = quarterAnnouncer('Re-check');
    setProgress({ runId: r.value.runId, total: r.value.total, completed: 0, finished: r.value.total === 0, cancelled: false, results: [] });
    poll(r.value.runId);
  };

  const cancel = () => {
    if (progress) void safeCall(() => api.health.cancel({ runId: progress.runId }));
  };

  return { progress, error, start, cancel, running: Boolean(progress && !progress.finished) };
}

export function HealthProgressBar({ progress, error, onCancel }: { progress: HealthProgress | null; error: ErrorData | null; onCancel: () => void }) {
  if (error) return <ErrorPanel error={error} />;
  if (!progress) return null;
  // One rule: healthy + need attention + skipped is every result.
  const healthy = progress.results.filter((r) => r.status !== 'cancelled' && !needsAttention(r)).length;
  const skipped = progress.results.filter((r) => r.status === 'cancelled').length;
  // The same definition as every list and the header: anything not "connected" needs attention.
  const unhealthy = progress.results.filter(needsAttention).length;
  return (
    <div className="health" data-testid="health-progress" data-finished={progress.finished}>
      <ProgressBar label="Re-check progress" completed={progress.completed} total={progress.total} />
      <div className="row">
        <span data-testid="health-count">
          {progress.finished
            ? `${progress.cancelled ? 'Cancelled' : 'Done'}: ${healthy} healthy, ${unhealthy} need attention${skipped ? `, ${skipped} skipped` : ''}`
            : `Checked ${progress.completed} of ${progress.total}…`}
        </span>
        {!progress.finished && (
          <button type="button" className="btn btn--small" onClick={onCancel} data-testid="health-cancel">
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
