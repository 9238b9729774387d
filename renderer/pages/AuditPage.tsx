import { useEffect, useState } from 'react';
import { api, safeCall } from '../api.js';
import { type AuditFilterValues, AuditFilters, NO_FILTERS } from '../components/audit/AuditFilters.js';
import { AuditTable } from '../components/audit/AuditTable.js';
import { AnchorStatus, ChainBadge } from '../components/audit/ChainStatus.js';
import { useAuditLog } from '../components/audit/use-audit-log.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';

/** `#/audit`: the append-only log, filterable by choices, compact, with how far its hash chain verifies. */
export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const { rows, total, verification, error, exported, more, exportJsonl } = useAuditLog(filters);
  useEffect(() => {
    void safeCall(() => api.orgs.list({})).then((r) => r.ok && setOrgIds(r.value.orgs.map((o) => o.orgId)));
  }, []);

  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Append-only and hash-chained: every check, save, disconnect, step-up and refusal on this device.</p>
        </div>
        <div className="row">
          {verification && <ChainBadge verification={verification} />}
          <button type="button" className="btn" onClick={() => void exportJsonl()} data-testid="export-audit">
            Export these rows
          </button>
        </div>
      </div>
      {verification && <AnchorStatus anchor={verification.anchor} />}
      <section className="card">
        <AuditFilters value={filters} orgIds={orgIds} onChange={setFilters} />
        {exported && (
          <p className="note note--info" role="status" data-testid="audit-exported">
            {exported}
          </p>
        )}
        {error && <ErrorPanel error={error} />}
        {!rows && !error && <Spinner label="Loading…" />}
        {rows && (
          <>
            <p className="muted small" data-testid="audit-count">
              {total} row{total === 1 ? '' : 's'} match; showing {rows.length}.
            </p>
            <AuditTable rows={rows} />
            {rows.length < total && (
              <button type="button" className="btn" onClick={() => void more()} data-testid="audit-more">
                Load older rows
              </button>
            )}
          </>
        )}
      </section>
    </main>
  );
}
