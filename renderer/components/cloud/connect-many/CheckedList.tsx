import { Spinner } from '../../common/Spinner.js';
import type { Checked } from './parsed.js';

/** What the checked list holds: how many to connect, lines to fix, lines left out, and Start. */
export function CheckedList({ checked, orgId, busy, starting, onStart }: { checked: Checked; orgId: string; busy: boolean; starting: boolean; onStart: () => void }) {
  const n = checked.parsed.targets.length;
  return (
    <div className="stack" data-testid="many-checked">
      <p>
        <strong>{n}</strong> account{n === 1 ? '' : 's'} to connect
        {checked.roleName && (
          <>
            {' '}
            through the role <code>{checked.roleName}</code> with {orgId}'s external id
          </>
        )}
        .
      </p>
      {checked.problems.length > 0 && (
        <div className="error-panel" role="alert" data-testid="many-problems">
          <div className="error-panel__title">Fix these lines first</div>
          <ul>
            {checked.problems.slice(0, 20).map((p) => (
              <li key={`${p.line}-${p.value}`}>
                Line {p.line}: {p.problem}
              </li>
            ))}
          </ul>
          {checked.problems.length > 20 && <p>…and {checked.problems.length - 20} more.</p>}
        </div>
      )}
      {checked.skipped.length > 0 && (
        <p className="muted small" data-testid="many-skipped">
          Left out: {checked.skipped.join('; ')}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn btn--primary" disabled={busy || checked.problems.length > 0 || n === 0} onClick={onStart} data-testid="many-start">
          Validate and connect {n} account{n === 1 ? '' : 's'}
        </button>
        {starting && <Spinner label="Starting…" />}
      </div>
    </div>
  );
}
