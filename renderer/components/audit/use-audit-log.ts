import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditRow, AuditVerification } from '../../../shared/domain/audit.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import type { AuditFilterValues } from './AuditFilters.js';

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

/** The rows the filters choose (a page at a time), how far the chain verifies, and the export of the same rows. */
export function useAuditLog(filters: AuditFilterValues) {
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

  return { rows, total, verification, error, exported, more, exportJsonl };
}
