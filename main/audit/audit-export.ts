import type { AuditFilter } from '../../shared/ipc/audit.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import type { AuditLog } from './audit-log.js';

export type ExportFilter = Omit<AuditFilter, 'limit' | 'beforeSeq'>;

/**
 * JSON Lines: one `{"type":"row",…}` per row in order, then `{"type":"head",…}` with the chain
 * head. With a filter, only matching rows go in (the head still describes the whole chain, so the
 * rows can be checked against it: each keeps its own hash and the hash before it).
 */
export function exportJsonl(audit: AuditLog, filter: ExportFilter = {}): { jsonl: string; rowCount: number; head: string; ok: boolean; exported: number } {
  const verification = audit.verify();
  const lines: string[] = [];
  const match = (r: { orgId: string | null; cloud: string | null; step: string; outcome: string; ts: string }) =>
    (filter.orgId === undefined || r.orgId === filter.orgId) &&
    (filter.cloud === undefined || r.cloud === filter.cloud) &&
    (filter.step === undefined || r.step === filter.step) &&
    (filter.outcome === undefined || r.outcome === filter.outcome) &&
    (filter.since === undefined || r.ts >= filter.since) &&
    (filter.until === undefined || r.ts <= filter.until);
  // Printable: a row from outside (a cloud's error text) reads the same in a file and on a terminal.
  for (const row of audit.all()) if (match(row)) lines.push(printableJson(JSON.stringify({ type: 'row', ...row })));
  const exported = lines.length;
  lines.push(printableJson(JSON.stringify({ type: 'head', rowCount: verification.rowCount, head: verification.head, verifiedThrough: verification.verifiedThrough, ok: verification.ok, filter })));
  return { jsonl: `${lines.join('\n')}\n`, rowCount: verification.rowCount, head: verification.head, ok: verification.ok, exported };
}
