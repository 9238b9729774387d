import { Fragment, useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';
import { statusLook } from './status.js';
import { DeliveryCell } from './DeliveryCell.js';
import { HealthHistory } from './history/HealthHistory.js';

/** What a row can do; each button is there only when the row's status asks for it. */
export interface RowActions {
  readonly fix: string | null;
  readonly checking: boolean;
  readonly onFix: () => void;
  readonly onRecheck: () => void;
  readonly onMakePrimary: () => void;
  readonly onDisconnect: () => void;
}

function Actions({ c, a, history }: { c: ConnectionSummary; a: RowActions; history: { open: boolean; id: string; toggle: () => void } }) {
  return (
    <div className="actions">
      <button className="btn btn--small btn--ghost" type="button" aria-expanded={history.open} aria-controls={history.id} onClick={history.toggle} data-testid={`history-toggle-${c.cloud}-${c.identifier}`}>
        History<span className="visually-hidden"> of {c.identifier}</span>
      </button>
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
export function ConnectionRow({ c, allOrgs, grouped, several, due, actions }: { c: ConnectionSummary; allOrgs: boolean; grouped: boolean; several: boolean; due: boolean; actions: RowActions }) {
  const [tone, label] = statusLook(c);
  const [open, setOpen] = useState(false);
  const historyId = `history-${c.orgId}-${c.cloud}-${c.identifier}`;
  return (
    <Fragment>
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
        <DeliveryCell c={c} />
        <td className="small">
          {formatTime(c.lastValidatedAt)}
          {due && (
            <div>
              <Badge tone="warn" testId="due-badge">
                Due for re-check
              </Badge>
            </div>
          )}
        </td>
        <td>
          <Actions c={c} a={actions} history={{ open, id: historyId, toggle: () => setOpen(!open) }} />
        </td>
      </tr>
      {open && (
        <tr className="connections__history">
          <td colSpan={5}>
            <HealthHistory c={c} id={historyId} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
