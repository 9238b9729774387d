import { AUDIT_OUTCOMES, AUDIT_STEPS, type AuditOutcome, type AuditStep } from '../../../shared/domain/audit.js';
import { AUDIT_OUTCOME_LABELS, AUDIT_STEP_LABELS } from '../../../shared/domain/audit-labels.js';
import { CLOUD_KINDS, CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';

export interface AuditFilterValues {
  readonly orgId: string;
  readonly cloud: CloudKind | '';
  readonly step: AuditStep | '';
  readonly outcome: AuditOutcome | '';
  readonly since: string;
  readonly until: string;
}

export const NO_FILTERS: AuditFilterValues = { orgId: '', cloud: '', step: '', outcome: '', since: '', until: '' };

/** A choice, or "any", from a fixed list: nothing typed can ask for a value the log never holds. */
const pick = <T extends string>(values: readonly T[], v: string): T | '' => values.find((x) => x === v) ?? '';

/** Filters as choices (org, cloud, step, outcome) and a time window; the export honours them. */
export function AuditFilters({ value, orgIds, onChange }: { value: AuditFilterValues; orgIds: readonly string[]; onChange: (v: AuditFilterValues) => void }) {
  return (
    <div className="filters" data-testid="audit-filters">
      <label>
        Organisation
        <select value={value.orgId} onChange={(e) => onChange({ ...value, orgId: pick(orgIds, e.target.value) })} data-testid="filter-org">
          <option value="">any</option>
          {orgIds.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Cloud
        <select value={value.cloud} onChange={(e) => onChange({ ...value, cloud: pick(CLOUD_KINDS, e.target.value) })} data-testid="filter-cloud">
          <option value="">any</option>
          {CLOUD_KINDS.map((c) => (
            <option key={c} value={c}>
              {CLOUD_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Step
        <select value={value.step} onChange={(e) => onChange({ ...value, step: pick(AUDIT_STEPS, e.target.value) })} data-testid="filter-step">
          <option value="">any</option>
          {AUDIT_STEPS.map((s) => (
            <option key={s} value={s}>
              {AUDIT_STEP_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Outcome
        <select value={value.outcome} onChange={(e) => onChange({ ...value, outcome: pick(AUDIT_OUTCOMES, e.target.value) })} data-testid="filter-outcome">
          <option value="">any</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {AUDIT_OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="datetime-local" value={value.since} onChange={(e) => onChange({ ...value, since: e.target.value })} data-testid="filter-since" />
      </label>
      <label>
        To
        <input type="datetime-local" value={value.until} onChange={(e) => onChange({ ...value, until: e.target.value })} data-testid="filter-until" />
      </label>
      <button type="button" className="btn btn--small btn--ghost" onClick={() => onChange(NO_FILTERS)} data-testid="filter-clear">
        Clear
      </button>
    </div>
  );
}
