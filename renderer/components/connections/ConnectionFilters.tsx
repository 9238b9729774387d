import { CLOUD_KINDS, CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { AnyOfSelect } from '../common/AnyOfSelect.js';
import { type ConnectionView, STATUS_FILTERS, type Sort, type StatusFilter } from './connection-view.js';

const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  attention: 'needs attention',
  unsent: 'not sent to the platform',
  queued: 'queued for the platform',
  delivered: 'delivered to the platform',
  refused: 'refused by the platform',
};

/** Filter by org, cloud and status, and sort: for the list across every org. */
export function ConnectionFilters({ view, onView }: { view: ConnectionView; onView: (change: Partial<ConnectionView>) => void }) {
  return (
    <div className="filters" data-testid="connection-filters">
      <label>
        Organisation
        <input value={view.org} onChange={(e) => onView({ org: e.target.value })} placeholder="any" data-testid="filter-org" />
      </label>
      <AnyOfSelect label="Cloud" values={CLOUD_KINDS} labels={CLOUD_LABELS} value={view.cloud} onChange={(v) => onView({ cloud: v })} testId="filter-cloud" />
      <AnyOfSelect label="Status" values={STATUS_FILTERS} labels={STATUS_FILTER_LABELS} value={view.status} onChange={(v) => onView({ status: v })} testId="filter-status" />
      <label>
        Sort
        <select value={view.sort} onChange={(e) => onView({ sort: e.target.value as Sort })} data-testid="sort">
          <option value="org">organisation, cloud</option>
          <option value="attention">needs attention first</option>
          <option value="validated">least recently checked first</option>
        </select>
      </label>
    </div>
  );
}
