import type { AuditVerification } from '../../../shared/domain/audit.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';

/** How far the hash chain verifies, in the page header. */
export function ChainBadge({ verification }: { verification: AuditVerification }) {
  return verification.ok ? (
    <Badge tone="ok" testId="chain-badge">
      Chain verified through row {verification.verifiedThrough}
    </Badge>
  ) : (
    <Badge tone="bad" testId="chain-badge">
      {verification.firstBad ? `Chain broken at row ${verification.firstBad.seq}: ${verification.firstBad.reason}` : 'The log does not match its signed checkpoint'}
    </Badge>
  );
}

/** What the signed checkpoints say: tampering found (an alert), why it cannot be checked, or how far they anchor the log. */
export function AnchorStatus({ anchor }: { anchor: AuditVerification['anchor'] }) {
  const tampered = anchor.findings.length > 0;
  return (
    <div className={tampered ? 'error-panel' : 'muted small'} role={tampered ? 'alert' : undefined} data-testid="audit-anchor">
      {tampered && <div className="error-panel__title">The audit log was tampered with</div>}
      {anchor.findings.map((f) => (
        <p key={f}>{f}</p>
      ))}
      {anchor.uncheckable && (
        <p role="status" data-testid="audit-uncheckable">
          <strong>Cannot be checked.</strong> {anchor.uncheckable}
        </p>
      )}
      {anchor.checkpoint ? (
        <p>
          Anchored by signed checkpoint {anchor.checkpoint.n} ({formatTime(anchor.checkpoint.time)}): {anchor.checkpoint.rowCount} rows.{' '}
          {anchor.unanchoredRows} row{anchor.unanchoredRows === 1 ? '' : 's'} since then are protected by the chain until the next checkpoint.
        </p>
      ) : (
        <p>No signed checkpoint yet: only the hash chain protects the log.</p>
      )}
    </div>
  );
}
