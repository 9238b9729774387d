import { useCallback, useEffect, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { AlphaswarmApi } from '../../../shared/ipc/index.js';
import { api, safeCall } from '../../api.js';
import { Badge, type BadgeTone } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { formatTime } from '../common/time.js';

type Item = Extract<Awaited<ReturnType<AlphaswarmApi['outbox']['list']>>, { ok: true }>['value']['items'][number];

const TONE: Readonly<Record<Item['state'], readonly [BadgeTone, string]>> = { queued: ['info', 'Queued'], delivered: ['ok', 'Delivered'], refused: ['bad', 'Refused'] };

/** The outbox: each send with its state, attempts, last error and next try; Send now flushes it. */
export function OutboxPanel({ onChanged }: { onChanged: () => void }) {
  const [items, setItems] = useState<readonly Item[]>([]);
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    const r = await safeCall(() => api.outbox.list({}));
    if (r.ok) setItems(r.value.items);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const flush = async () => {
    setBusy(true);
    setError(null);
    const r = await safeCall(() => api.outbox.flush({}));
    setBusy(false);
    if (!r.ok) setError(r.error);
    await load();
    onChanged();
  };
  const queued = items.filter((i) => i.state === 'queued').length;
  return (
    <div className="stack" data-testid="outbox-panel">
      <div className="export__row">
        <h3>Outbox</h3>
        <button className="btn" type="button" onClick={() => void flush()} disabled={busy || queued === 0} data-testid="outbox-flush">
          {busy ? 'Sending…' : `Send now${queued ? ` (${queued})` : ''}`}
        </button>
      </div>
      {error && <ErrorPanel error={error} />}
      {items.length === 0 ? (
        <p className="muted small">Nothing has been sent from this laptop yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">State</th>
              <th scope="col">Organisations</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error, or receipt</th>
              <th scope="col">Next try</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.jti} data-testid={`outbox-item-${i.jti}`} data-state={i.state}>
                <td>
                  <Badge tone={TONE[i.state][0]}>{TONE[i.state][1]}</Badge>
                </td>
                <td>
                  {i.orgIds.join(', ')} <span className="muted small">({i.connections} connection{i.connections === 1 ? '' : 's'})</span>
                </td>
                <td>{i.attempts}</td>
                <td className="small">{i.state === 'delivered' ? `receipt ${(i.receiptJti ?? '').slice(0, 8)} · ${formatTime(i.deliveredAt)}` : i.state === 'refused' ? i.reason : i.lastError}</td>
                <td className="small">{i.nextAttemptAt ? formatTime(i.nextAttemptAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
