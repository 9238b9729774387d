import type { AuditDetail } from '../../../shared/domain/audit.js';
import { detailLabel, detailValue, orderedDetail } from './audit-detail-labels.js';

/**
 * A row's detail as labelled fields. Collapsed, the first field shows; Enter or Space on the
 * summary (a native disclosure, reachable by Tab) opens every field with its full text.
 */
export function AuditDetailCell({ detail, seq }: { detail: AuditDetail; seq: number }) {
  const fields = orderedDetail(detail);
  if (fields.length === 0) return <span className="muted">—</span>;
  const [firstKey, firstValue] = fields[0]!;
  return (
    <details className="audit-detail" data-testid={`audit-detail-${seq}`}>
      <summary>
        <span className="audit-detail__label">{detailLabel(firstKey)}:</span> <span className="audit-detail__preview">{detailValue(firstValue)}</span>
        {fields.length > 1 && <span className="muted"> · {fields.length - 1} more</span>}
      </summary>
      <dl className="audit-detail__fields">
        {fields.map(([k, v]) => (
          <div key={k}>
            <dt>{detailLabel(k)}</dt>
            <dd>{detailValue(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
