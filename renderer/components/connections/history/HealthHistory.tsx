import { fixText } from '../../../../shared/domain/health-history.js';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import { Badge } from '../../common/Badge.js';
import { CopyButton } from '../../common/CopyButton.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { formatTime } from '../../common/time.js';
import { STATUS } from '../status.js';
import { RunDiff } from './RunDiff.js';
import { useHealthHistory } from './use-health-history.js';

/** A kept run's status as the list shows it (a run may name a status this build no longer has). */
const look = (status: string) => (status in STATUS ? STATUS[status as keyof typeof STATUS] : (['muted', status] as const));

/** A connection's kept re-checks: due or not, the last two side by side, the fix to copy, and every run. */
export function HealthHistory({ c, id }: { c: ConnectionSummary; id: string }) {
  const { view, error } = useHealthHistory(c);
  const label = `Health history of ${c.identifier}`;
  if (error) return <ErrorPanel error={error} />;
  if (!view) return <p className="muted" role="status">Reading the history…</p>;
  const [latest, previous] = view.runs;
  const fix = latest ? fixText(latest) : '';
  return (
    <section id={id} className="history stack" aria-label={label} data-testid={`history-${c.cloud}-${c.identifier}`}>
      {view.due?.due && (
        <p className="note note--warning" data-testid="history-due">
          Due for re-check: {view.due.lastCheckedAt ? `last checked ${formatTime(view.due.lastCheckedAt)}` : 'never re-checked'}, over 7 days ago. Use Re-check.
        </p>
      )}
      {!latest && <p className="muted">No re-check kept yet: use Re-check, and each run is kept here.</p>}
      {latest && previous && <RunDiff before={previous} after={latest} />}
      {latest && !previous && <p className="muted">One run kept: the next re-check is compared with it.</p>}
      {fix && (
        <div className="history__fix">
          <div className="row">
            <strong>Fix</strong>
            <CopyButton text={fix} label="Copy fix" testId="copy-fix" />
          </div>
          <pre className="code-block__body" data-testid="history-fix" tabIndex={0} aria-label="The fix">
            {fix}
          </pre>
        </div>
      )}
      {latest && (
        <table className="table table--compact history__runs" data-testid="history-runs">
          <caption className="visually-hidden">Every kept re-check of {c.identifier}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Checked</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {view.runs.map((r) => (
              <tr key={r.id}>
                <td>#{r.id}</td>
                <td className="small">
                  {formatTime(r.checkedAt)} · tier {r.tier}
                </td>
                <td>
                  <Badge tone={look(r.status)[0]}>{look(r.status)[1]}</Badge>
                  {r.reason && <div className="muted small">{r.reason}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
