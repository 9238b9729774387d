import { useCallback, useEffect, useState } from 'react';
import { AUDIT_OUTCOMES, AUDIT_STEPS, type AuditRow, type AuditVerification } from '../../shared/domain/audit.js';
import { CLOUD_KINDS, CLOUD_LABELS } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import { api, safeCall } from '../api.js';
import { Badge } from '../components/common/Badge.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { formatTime } from '../components/common/time.js';

interface Filters {
  orgId: string;
  cloud: string;
  step: string;
  outcome: string;
  since: string;
  until: string;
}

const EMPTY: Filters = { orgId: '', cloud: '', step: '', outcome: '', since: '', until: '' };
const PAGE = 100;

function query(f: Filters, beforeSeq?: number) {
  const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    limit: PAGE,
    ...(f.orgId ? { orgId: f.orgId } : {}),
    ...(f.cloud ? { cloud: f.cloud as (typeof CLOUD_KINDS)[number] } : {}),
    ...(f.step ? { step: f.step as (typeof AUDIT_STEPS)[number] } : {}),
    ...(f.outcome ? { outcome: f.outcome as (typeof AUDIT_OUTCOMES)[number] } : {}),
    ...(f.since ? { since: toIso(f.since) } : {}),
    ...(f.until ? { until: toIso(f.until) } : {}),
    ...(beforeSeq ? { beforeSeq } : {}),
  };
}

const OUTCOME_TONE = { succeeded: 'ok', failed: 'bad', pending: 'info', interrupted: 'warn', denied: 'bad' } as const;

/** `#/audit`: the append-only log, filterable, with how far its hash chain verifies. */
export function AuditPage() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);

  const load = useCallback(async (f: Filters) => {
    const [list, verify] = await Promise.all([safeCall(() => api.audit.list(query(f))), safeCall(() => api.audit.verify({}))]);
    if (!list.ok) return setError(list.error);
    if (!verify.ok) return setError(verify.error);
    setError(null);
    setRows(list.value.rows);
    setTotal(list.value.total);
    setVerification(verify.value);
  }, []);
  useEffect(() => {
    void load(filters);
  }, [load, filters]);

  const more = async () => {
    const last = rows?.at(-1);
    if (!last) return;
    const r = await safeCall(() => api.audit.list(query(filters, last.seq)));
    if (r.ok) setRows([...(rows ?? []), ...r.value.rows]);
    else setError(r.error);
  };

  const exportJsonl = async () => {
    const r = await safeCall(() => api.audit.export({}));
    if (!r.ok) return setError(r.error);
    const url = URL.createObjectURL(new Blob([r.value.jsonl], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `alphaswarm-audit-${new Date().toISOString().slice(0, 10)}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [k]: e.target.value });

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Append-only and hash-chained: every check, save, disconnect, step-up and refusal on this device.</p>
        </div>
        <div className="row">
          {verification &&
            (verification.ok ? (
              <Badge tone="ok" testId="chain-badge">
                Chain verified through row {verification.verifiedThrough}
              </Badge>
            ) : (
              <Badge tone="bad" testId="chain-badge">
                Chain broken at row {verification.firstBad?.seq}: {verification.firstBad?.reason}
              </Badge>
            ))}
          <button type="button" className="btn" onClick={() => void exportJsonl()} data-testid="export-audit">
            Export JSON Lines
          </button>
        </div>
      </div>
      <section className="card">
        <div className="filters" data-testid="audit-filters">
          <label>
            Organisation
            <input value={filters.orgId} onChange={set('orgId')} placeholder="any" data-testid="filter-org" />
          </label>
          <label>
            Cloud
            <select value={filters.cloud} onChange={set('cloud')} data-testid="filter-cloud">
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
            <select value={filters.step} onChange={set('step')} data-testid="filter-step">
              <option value="">any</option>
              {AUDIT_STEPS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Outcome
            <select value={filters.outcome} onChange={set('outcome')} data-testid="filter-outcome">
              <option value="">any</option>
              {AUDIT_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="datetime-local" value={filters.since} onChange={set('since')} />
          </label>
          <label>
            To
            <input type="datetime-local" value={filters.until} onChange={set('until')} />
          </label>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setFilters(EMPTY)}>
            Clear
          </button>
        </div>
        {error && <ErrorPanel error={error} />}
        {!rows && !error && <Spinner label="Loading…" />}
        {rows && (
          <>
            <p className="muted small" data-testid="audit-count">
              {total} row{total === 1 ? '' : 's'} match; showing {rows.length}.
            </p>
            <table className="table table--compact" data-testid="audit-table">
              <thead>
                <tr>
                  <th>#</th>
                  <th>When</th>
                  <th>Org</th>
                  <th>Cloud</th>
                  <th>Step</th>
                  <th>Outcome</th>
                  <th>Detail</th>
                  <th>By</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.seq} data-testid={`audit-row-${r.seq}`}>
                    <td>{r.seq}</td>
                    <td>{formatTime(r.ts)}</td>
                    <td>{r.orgId ?? '—'}</td>
                    <td>{r.cloud ? CLOUD_LABELS[r.cloud] : '—'}</td>
                    <td>{r.step}</td>
                    <td>
                      <Badge tone={OUTCOME_TONE[r.outcome]}>{r.outcome}</Badge>
                    </td>
                    <td className="audit-detail">
                      {Object.entries(r.detail).map(([k, v]) => (
                        <div key={k}>
                          <span className="muted">{k}:</span> {Array.isArray(v) ? v.join(', ') : String(v)}
                        </div>
                      ))}
                    </td>
                    <td className="small muted">{r.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
