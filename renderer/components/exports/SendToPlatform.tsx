import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import { api } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { formatTime } from '../common/time.js';
import { useAction } from '../common/use-action.js';

/**
 * "Send to platform": the org's bundle made exactly as Export makes it, sent to the platform. It
 * says Delivered only on a verified receipt; otherwise Queued (with why and when it tries again)
 * or Refused (the platform's reason and what to do).
 */
export function SendToPlatform({ orgId, disabled, onSent }: { orgId: string; disabled?: boolean; onSent?: () => void }) {
  const { busy, result, error, run } = useAction(async () => {
    const r = await withStepUp(PLATFORM_ORG_ID, () => api.platform.push({ orgId: PLATFORM_ORG_ID, orgIds: [orgId] }), `sign ${orgId}'s connections and send them to the platform`);
    onSent?.();
    return r;
  });
  const refused = result?.connections.filter((c) => c.state === 'refused') ?? [];
  return (
    <div className="export" data-testid="send-to-platform">
      <div className="export__row">
        <div>
          <strong>Send to platform</strong>
          <p className="muted small">Signs this organisation’s connections as Export does and delivers them. Offline, it waits in the outbox (Settings → Platform sign-in and delivery) and is sent later.</p>
        </div>
        <button className="btn btn--primary" type="button" onClick={() => void run()} disabled={busy || disabled} data-testid="send-to-platform-button">
          {busy ? 'Sending…' : 'Send to platform'}
        </button>
      </div>
      {error && <ErrorPanel error={error} testId="send-to-platform-error" />}
      {result && (
        <div role="status" data-testid="send-to-platform-result" data-state={result.receiptRejected ? 'receipt_rejected' : result.state}>
          {result.state === 'delivered' && refused.length === 0 && (
            <p>
              <Badge tone="ok">Delivered</Badge> receipt <code>{result.receiptJti}</code> · {formatTime(result.deliveredAt)}
            </p>
          )}
          {result.state === 'delivered' && refused.length > 0 && (
            <div>
              <p>
                <Badge tone="warn">Delivered, with refusals</Badge> receipt <code>{result.receiptJti}</code>
              </p>
              <ul>
                {refused.map((c) => (
                  <li key={c.credentialKey}>
                    {c.identifier}: {c.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {result.state === 'refused' && (
            <p>
              <Badge tone="bad">Refused</Badge> {result.reason} <span className="muted small">{result.hint}</span>
            </p>
          )}
          {result.state === 'queued' && (
            <p>
              <Badge tone={result.receiptRejected ? 'bad' : 'info'}>{result.receiptRejected ? 'Receipt refused' : 'Queued'}</Badge> {result.reason}{' '}
              <span className="muted small">
                {result.hint} {result.nextAttemptAt && `Next try ${formatTime(result.nextAttemptAt)}.`}
              </span>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
