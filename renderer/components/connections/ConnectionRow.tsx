import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';
import { DELIVERY, statusLook } from './status.js';

/** What a row can do; each button is there only when the row's status asks for it. */
export interface RowActions {
  readonly fix: string | null;
  readonly checking: boolean;
  readonly onFix: () => void;
  readonly onRecheck: () => void;
  readonly onMakePrimary: () => void;
  readonly onDisconnect: () => void;
}

function Actions({ c, a }: { c: ConnectionSummary; a: RowActions }) {
  return (
    <div className="actions">
      {a.fix && (
        <button className="btn btn--small btn--primary" type="button" onClick={a.onFix} data-testid={`fix-${c.cloud}-${c.identifier}`}>
          {a.fix}
        </button>
      )}
      <button className="btn btn--small" type="button" disabled={a.checking} onClick={a.onRecheck} data-testid={`recheck-${c.cloud}-${c.identifier}`}>
        Re-check
      </button>
      {!c.primary && (
        <button className="btn btn--small btn--ghost" type="button" onClick={a.onMakePrimary} data-testid={`primary-${c.cloud}-${c.identifier}`}>
          Make primary
        </button>
      )}
      <button className="btn btn--small btn--ghost" type="button" onClick={a.onDisconnect} data-testid={`disconnect-${c.cloud}-${c.identifier}`}>
        Disconnect…
      </button>
    </div>
  );
}

/** One connection: account, status, whether the platform has it, when it was checked, its actions. */
export function ConnectionRow({ c, allOrgs, grouped, several, actions }: { c: ConnectionSummary; allOrgs: boolean; grouped: boolean; several: boolean; actions: RowActions }) {
  const [tone, label] = statusLook(c);
  return (
    <tr data-testid={`connection-${allOrgs ? `${c.orgId}-` : ''}${c.cloud}-${c.identifier}`} data-status={c.status}>
      <td className="connections__account">
        <code>{c.identifier}</code> {c.primary && several && <Badge tone="info">Primary</Badge>}
        <div className="muted small connections__label" title={c.credentialKey}>
          {!grouped && `${allOrgs ? `${c.orgId} · ` : ''}${CLOUD_LABELS[c.cloud]} · `}
          {c.label}
        </div>
      </td>
      <td>
        <Badge tone={tone}>{label}</Badge>
        {c.statusReason && <div className="muted small">{c.statusReason}</div>}
        {c.expiresOn && <div className="muted small">Expires {formatTime(c.expiresOn)}</div>}
      </td>
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
      <td className="small">{formatTime(c.lastValidatedAt)}</td>
      <td>
        <Actions c={c} a={actions} />
      </td>
    </tr>
  );
}
