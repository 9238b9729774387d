import { AUDIT_OUTCOMES, AUDIT_STEPS, type AuditOutcome, type AuditStep } from '../../../shared/domain/audit.js';
import { AUDIT_OUTCOME_LABELS, AUDIT_STEP_LABELS } from '../../../shared/domain/audit-labels.js';
import { CLOUD_KINDS, CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';
import { AnyOfSelect } from '../common/AnyOfSelect.js';

export interface AuditFilterValues {
  readonly orgId: string;
  readonly cloud: CloudKind | '';
  readonly step: AuditStep | '';
  readonly outcome: AuditOutcome | '';
  readonly since: string;
  readonly until: string;
}

export const NO_FILTERS: AuditFilterValues = { orgId: '', cloud: '', step: '', outcome: '', since: '', until: '' };

/** Filters as choices (org, cloud, step, outcome) and a time window; the export honours them. */
export function AuditFilters({ value, orgIds, onChange }: { value: AuditFilterValues; orgIds: readonly string[]; onChange: (v: AuditFilterValues) => void }) {
  return (
    <div className="filters" data-testid="audit-filters">
      <AnyOfSelect label="Organisation" values={orgIds} value={value.orgId} onChange={(orgId) => onChange({ ...value, orgId })} testId="filter-org" />
      <AnyOfSelect label="Cloud" values={CLOUD_KINDS} labels={CLOUD_LABELS} value={value.cloud} onChange={(cloud) => onChange({ ...value, cloud })} testId="filter-cloud" />
      <AnyOfSelect label="Step" values={AUDIT_STEPS} labels={AUDIT_STEP_LABELS} value={value.step} onChange={(step) => onChange({ ...value, step })} testId="filter-step" />
      <AnyOfSelect label="Outcome" values={AUDIT_OUTCOMES} labels={AUDIT_OUTCOME_LABELS} value={value.outcome} onChange={(outcome) => onChange({ ...value, outcome })} testId="filter-outcome" />
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
