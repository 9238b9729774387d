import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditRow, AuditVerification } from '../../shared/domain/audit.js';
import { AUDIT_OUTCOME_LABELS, AUDIT_STEP_LABELS } from '../../shared/domain/audit-labels.js';
import { CLOUD_LABELS } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import { api, safeCall } from '../api.js';
import { type AuditFilterValues, AuditFilters, NO_FILTERS } from '../components/audit/AuditFilters.js';
import { Badge } from '../components/common/Badge.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { formatTime } from '../components/common/time.js';
import { announce } from '../state/announce.js';

const PAGE = 100;

/** The filters as the channels take them: the viewer and the export ask for exactly the same rows. */
function filterInput(f: AuditFilterValues) {
  const toIso = (local: string) => {
    const d = new Date(local);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  };
  const since = f.since ? toIso(f.since) : undefined;
  const until = f.until ? toIso(f.until) : undefined;
  return {
    ...(f.orgId ? { orgId: f.orgId } : {}),
    ...(f.cloud ? { cloud: f.cloud } : {}),
    ...(f.step ? { step: f.step } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

const OUTCOME_TONE = { succeeded: 'ok', failed: 'bad', pending: 'info', interrupted: 'warn', denied: 'bad', refused: 'bad', queued: 'warn' } as const;

const detailLine = (r: AuditRow) =>
  Object.entries(r.detail)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');

/** `#/audit`: the append-only log, filterable by choices, compact, with how far its hash chain verifies. */
export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const latest = useRef(0);
  const load = useCallback(async (f: AuditFilterValues) => {
    const call = ++latest.current;
    const [list, verify] = await Promise.all([safeCall(() => api.audit.list({ limit: PAGE, ...filterInput(f) })), safeCall(() => api.audit.verify({}))]);
    // Filters changed again while this was read: the newer answer is the one to show, whichever lands last.
    if (call !== latest.current) return;
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
  useEffect(() => {
    void safeCall(() => api.orgs.list({})).then((r) => r.ok && setOrgIds(r.value.orgs.map((o) => o.orgId)));
  }, []);

  const more = async () => {
    const last = rows?.at(-1);
    if (!last) return;
    const call = latest.current;
    const r = await safeCall(() => api.audit.list({ limit: PAGE, beforeSeq: last.seq, ...filterInput(filters) }));
    if (call !== latest.current) return; // the filters changed: these rows belong to the old choice
    if (r.ok) setRows([...(rows ?? []), ...r.value.rows]);
    else setError(r.error);
  };

  const exportJsonl = async () => {
    const r = await safeCall(() => api.audit.export(filterInput(filters)));
    if (!r.ok) return setError(r.error);
    const url = URL.createObjectURL(new Blob([r.value.jsonl], { type: 'application/x-ndjson' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `alphaswarm-audit-${new Date().toISOString().slice(0, 10)}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    const words = `Exported ${r.value.exported} row${r.value.exported === 1 ? '' : 's'} (the filters shown), ending with the chain head.`;
    setExported(words);
    announce(words);
  };

  return (
    <main className="page" id="main" tabIndex={-1}>
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
                {verification.firstBad ? `Chain broken at row ${verification.firstBad.seq}: ${verification.firstBad.reason}` : 'The log does not match its signed checkpoint'}
              </Badge>
            ))}
          <button type="button" className="btn" onClick={() => void exportJsonl()} data-testid="export-audit">
            Export these rows
          </button>
        </div>
      </div>
      {verification && (
        <div className={verification.anchor.findings.length ? 'error-panel' : 'muted small'} role={verification.anchor.findings.length ? 'alert' : undefined} data-testid="audit-anchor">
          {verification.anchor.findings.length > 0 && <div className="error-panel__title">The audit log was tampered with</div>}
          {verification.anchor.findings.map((f) => (
            <p key={f}>{f}</p>
          ))}
          {verification.anchor.uncheckable && (
            <p role="status" data-testid="audit-uncheckable">
              <strong>Cannot be checked.</strong> {verification.anchor.uncheckable}
            </p>
          )}
          {verification.anchor.checkpoint ? (
            <p>
              Anchored by signed checkpoint {verification.anchor.checkpoint.n} ({formatTime(verification.anchor.checkpoint.time)}): {verification.anchor.checkpoint.rowCount} rows.{' '}
              {verification.anchor.unanchoredRows} row{verification.anchor.unanchoredRows === 1 ? '' : 's'} since then are protected by the chain until the next checkpoint.
            </p>
          ) : (
            <p>No signed checkpoint yet: only the hash chain protects the log.</p>
          )}
        </div>
      )}
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
                      <td className="audit__detail small" title={detailLine(r)}>
                        {detailLine(r)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
