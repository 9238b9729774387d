import type { AuditRow } from '../../../shared/domain/audit.js';
import { AUDIT_OUTCOME_LABELS, AUDIT_STEP_LABELS } from '../../../shared/domain/audit-labels.js';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';
import { AuditDetailCell } from './AuditDetailCell.js';

const OUTCOME_TONE = { succeeded: 'ok', failed: 'bad', pending: 'info', interrupted: 'warn', denied: 'bad', refused: 'bad', queued: 'warn' } as const;

/** The rows, newest first, compact: each row's detail opens, by keyboard too, to every field in full. */
export function AuditTable({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <div className="table-wrap">
      <table className="table table--compact audit" data-testid="audit-table">
        <caption className="visually-hidden">Audit rows, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} data-testid={`audit-row-${r.seq}`}>
              <td className="small muted">{r.seq}</td>
              <td className="small nowrap">{formatTime(r.ts)}</td>
              <td>
                {AUDIT_STEP_LABELS[r.step]}
                <div className="small muted">
                  {[r.orgId, r.cloud ? CLOUD_LABELS[r.cloud] : null].filter(Boolean).join(' · ') || 'this device'} · {r.actor}
                </div>
              </td>
              <td>
                <Badge tone={OUTCOME_TONE[r.outcome]}>{AUDIT_OUTCOME_LABELS[r.outcome]}</Badge>
              </td>
              <td className="audit__detail small">
                <AuditDetailCell detail={r.detail} seq={r.seq} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
