import { FINDING_KIND_LABELS, type HealthFinding, type HealthRunRecord } from '../../../../shared/domain/health-history.js';
import { formatTime } from '../../common/time.js';

const keyOf = (f: HealthFinding) => `${f.kind}\u0000${f.name}`;

function Cell({ f }: { f: HealthFinding | undefined }) {
  if (!f) return <td className="muted">not checked</td>;
  return (
    <td className={f.ok ? undefined : 'history__bad'}>
      {f.ok ? '✓ ' : '✗ '}
      {f.actual}
      {!f.ok && f.cause && <div className="small">{f.cause}</div>}
    </td>
  );
}

/**
 * The last two runs side by side: each thing checked, what AlphaSwarm expects, and what each run
 * saw; rows that changed are marked (in words too, for a screen reader) and listed first.
 */
export function RunDiff({ before, after }: { before: HealthRunRecord; after: HealthRunRecord }) {
  const earlier = new Map(before.findings.map((f) => [keyOf(f), f]));
  const later = new Map(after.findings.map((f) => [keyOf(f), f]));
  const keys = [...new Set([...after.findings.map(keyOf), ...before.findings.map(keyOf)])];
  const changed = (k: string) => earlier.get(k)?.actual !== later.get(k)?.actual || earlier.get(k)?.ok !== later.get(k)?.ok;
  const ordered = [...keys.filter(changed), ...keys.filter((k) => !changed(k))];
  return (
    <table className="table table--compact history__diff" data-testid="history-diff">
      <caption>
        What changed from run #{before.id} to run #{after.id} ({before.status} → {after.status})
      </caption>
      <thead>
        <tr>
          <th scope="col">Checked</th>
          <th scope="col">Expected</th>
          <th scope="col">
            #{before.id} · {formatTime(before.checkedAt)}
          </th>
          <th scope="col">
            #{after.id} · {formatTime(after.checkedAt)}
          </th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((k) => {
          const f = (later.get(k) ?? earlier.get(k))!;
          return (
            <tr key={k} data-changed={changed(k)} className={changed(k) ? 'history__changed' : undefined}>
              <th scope="row">
                {/* Sign-in and the trust policy are named by their kind alone. */}
                {f.name.toLowerCase() === FINDING_KIND_LABELS[f.kind].toLowerCase() ? (
                  FINDING_KIND_LABELS[f.kind]
                ) : (
                  <>
                    <span className="muted small">{FINDING_KIND_LABELS[f.kind]}</span> <code>{f.name}</code>
                  </>
                )}
                {changed(k) && <span className="visually-hidden"> (changed)</span>}
              </th>
              <td className="small">{f.expected}</td>
              <Cell f={earlier.get(k)} />
              <Cell f={later.get(k)} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
