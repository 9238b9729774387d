import type { BatchItemResult } from '../../../../shared/ipc/batch.js';
import { Badge, type BadgeTone } from '../../common/Badge.js';

const RESULT: Readonly<Record<BatchItemResult['status'], readonly [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  updated: ['ok', 'Updated'],
  refused: ['bad', 'Refused'],
  failed: ['bad', 'Failed'],
  cancelled: ['muted', 'Not started'],
};

function whatToDo(x: BatchItemResult) {
  if (x.error)
    return (
      <>
        {x.error.message} <span className="muted">{x.error.hint}</span>
      </>
    );
  if (x.missing.length) return `Missing: ${x.missing.join(', ')}`;
  return x.status === 'cancelled' ? 'Cancelled before it started.' : 'Saved.';
}

/** One row per account of a connect-many run: its result and what to do about it. */
export function BatchResultTable({ results }: { results: readonly BatchItemResult[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--compact" data-testid="many-results">
        <caption className="visually-hidden">Result for each account</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Result</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {results.map((x) => (
            <tr key={x.account} data-testid={`many-result-${x.account}`} data-status={x.status}>
              <td className="nowrap">
                <code>{x.account}</code>
              </td>
              <td>
                <Badge tone={RESULT[x.status][0]}>{RESULT[x.status][1]}</Badge>
              </td>
              <td className="small">{whatToDo(x)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
