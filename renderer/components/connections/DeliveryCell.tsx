import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';
import { DELIVERY } from './status.js';

/** Whether the platform has a connection: delivered with its receipt, refused or queued with why, or not yet sent. */
export function DeliveryCell({ c }: { c: ConnectionSummary }) {
  return (
    <td>
      <Badge tone={DELIVERY[c.delivery.state][0]} testId={c.delivery.state === 'not_sent' ? 'unsent-badge' : `delivery-${c.delivery.state}`}>
        {DELIVERY[c.delivery.state][1]}
      </Badge>
      {c.delivery.state === 'delivered' && (
        <div className="muted small" title={`Receipt ${c.delivery.receiptJti ?? ''}`} data-testid="delivered-detail">
          {formatTime(c.delivery.deliveredAt)} · receipt <code>{(c.delivery.receiptJti ?? '').slice(0, 8)}</code>
        </div>
      )}
      {(c.delivery.state === 'refused' || c.delivery.state === 'queued') && c.delivery.reason && (
        <div className="muted small" data-testid="delivery-reason">
          {c.delivery.reason}
        </div>
      )}
      {c.delivery.state === 'not_sent' && c.exportedAt && <div className="muted small">Exported {formatTime(c.exportedAt)}, not delivered</div>}
    </td>
  );
}
