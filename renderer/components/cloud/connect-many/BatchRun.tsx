import type { BatchProgress } from '../../../../shared/ipc/batch.js';
import { api, safeCall } from '../../../api.js';
import { ProgressBar } from '../../common/ProgressBar.js';
import { BatchResultTable } from './BatchResultTable.js';

const connectedCount = (p: BatchProgress): number => p.results.filter((x) => x.status === 'connected' || x.status === 'updated').length;

/** A connect-many run as it goes: the count, Cancel while it runs, each account's result, Retry. */
export function BatchRun({ progress, retryCount, busy, onRetry }: { progress: BatchProgress; retryCount: number; busy: boolean; onRetry: (() => void) | null }) {
  const running = !progress.finished;
  return (
    <div className="stack" data-testid="many-progress" data-finished={progress.finished}>
      <ProgressBar label="Accounts checked" completed={progress.completed} total={progress.total} />
      <div className="row">
        <span data-testid="many-count">
          {progress.finished ? `${progress.cancelled ? 'Cancelled' : 'Done'}: ${connectedCount(progress)} of ${progress.total} connected` : `Checked ${progress.completed} of ${progress.total}…`}
        </span>
        {running && (
          <button type="button" className="btn btn--small" onClick={() => void safeCall(() => api.cloud.batchCancel({ runId: progress.runId }))} data-testid="many-cancel">
            Cancel
          </button>
        )}
      </div>
      {progress.results.length > 0 && <BatchResultTable results={progress.results} />}
      {progress.finished && retryCount > 0 && onRetry && (
        <div className="row">
          <button type="button" className="btn btn--primary" onClick={onRetry} disabled={busy} data-testid="many-retry">
            Retry the {retryCount} not connected
          </button>
        </div>
      )}
    </div>
  );
}
