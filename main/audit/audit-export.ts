import type { AuditLog } from './audit-log.js';

/** JSON Lines: one `{"type":"row",…}` per row in order, then `{"type":"head",…}` with the chain head. */
export function exportJsonl(audit: AuditLog): { jsonl: string; rowCount: number; head: string; ok: boolean } {
  const verification = audit.verify();
  const lines: string[] = [];
  for (const row of audit.all()) lines.push(JSON.stringify({ type: 'row', ...row }));
  lines.push(JSON.stringify({ type: 'head', rowCount: verification.rowCount, head: verification.head, verifiedThrough: verification.verifiedThrough, ok: verification.ok }));
  return { jsonl: `${lines.join('\n')}\n`, rowCount: verification.rowCount, head: verification.head, ok: verification.ok };
}
