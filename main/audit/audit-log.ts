import { randomUUID } from 'node:crypto';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type AuditDetail,
  type AuditOutcome,
  type AuditRow,
  type AuditStep,
  type AuditVerification,
} from '../../shared/domain/audit.js';
import { auditDetailSchema } from '../../shared/ipc/schemas.js';
import type { CloudKind } from '../../shared/domain/cloud.js';
import type { AuditFilter } from '../../shared/ipc/audit.js';
import { type Clock, isoAt } from '../platform/clock.js';
import { GENESIS_HASH, type HashedColumns, canonicalJson, rowHash } from './canonical.js';

export interface AuditEntry {
  readonly actor: string;
  readonly orgId: string | null;
  readonly cloud: CloudKind | null;
  readonly step: AuditStep;
  readonly outcome: AuditOutcome;
  readonly correlationId?: string | null;
  readonly detail?: AuditDetail;
}

type RawRow = [number, string, string, string | null, string | null, string, string, string | null, string, string, string];

const COLUMNS = 'seq, ts, actor, org_id, cloud, step, outcome, correlation_id, detail, prev_hash, hash';

function toRow(raw: RawRow): AuditRow {
  const [seq, ts, actor, orgId, cloud, step, outcome, correlationId, detail, prevHash, hash] = raw;
  return {
    seq,
    ts,
    actor,
    orgId,
    cloud: cloud as AuditRow['cloud'],
    step: step as AuditStep,
    outcome: outcome as AuditOutcome,
    correlationId,
    detail: JSON.parse(detail) as AuditDetail,
    prevHash,
    hash,
  };
}

/**
 * The append-only, hash-chained audit log. Triggers refuse UPDATE and DELETE; each row's hash
 * covers the previous row's hash, so `verify` finds the first edited, deleted or reordered row.
 */
export class AuditLog {
  private readonly lastRow: Statement;
  private readonly sequence: Statement;
  private readonly insert: Statement;
  private readonly appendTxn: Transaction<(entry: AuditEntry) => AuditRow>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.lastRow = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck();
    this.insert = db.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.appendTxn = db.transaction((entry: AuditEntry) => this.appendInTransaction(entry));
  }

  /** A fresh id tying a `pending` row to its outcome row. */
  static correlationId(): string {
    return randomUUID();
  }

  append(entry: AuditEntry): AuditRow {
    return this.appendTxn.immediate(entry);
  }

  private appendInTransaction(entry: AuditEntry): AuditRow {
    const detail = auditDetailSchema.parse(entry.detail ?? {});
    const last = this.lastRow.get() as { seq: number; hash: string } | undefined;
    // Continue from the highest number ever issued, so a deleted tail stays a visible gap.
    const issued = (this.sequence.get() as number | undefined) ?? 0;
    const seq = Math.max(issued, last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const columns: HashedColumns = [
      seq,
      isoAt(this.clock),
      entry.actor,
      entry.orgId,
      entry.cloud,
      entry.step,
      entry.outcome,
      entry.correlationId ?? null,
      canonicalJson(detail),
    ];
    const hash = rowHash(prevHash, columns);
    this.insert.run(...columns, prevHash, hash);
    return toRow([...columns, prevHash, hash]);
  }

  verify(): AuditVerification {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).raw().iterate() as IterableIterator<RawRow>;
    let expectedPrev = GENESIS_HASH;
    let expectedSeq = 1;
    let verifiedThrough = 0;
    let rowCount = 0;
    let firstBad: AuditVerification['firstBad'] = null;
    for (const raw of rows) {
      rowCount += 1;
      if (firstBad) continue;
      const [seq, ts, actor, orgId, cloud, step, outcome, correlationId, detail, prevHash, hash] = raw;
      if (seq !== expectedSeq) {
        firstBad = { seq: expectedSeq, reason: seq > expectedSeq ? `row ${expectedSeq} is missing (deleted)` : `row ${seq} is out of order` };
      } else if (prevHash !== expectedPrev) {
        firstBad = { seq, reason: `row ${seq} does not follow row ${seq - 1} (rows reordered, or an earlier row was replaced)` };
      } else if (rowHash(prevHash, [seq, ts, actor, orgId, cloud, step, outcome, correlationId, detail]) !== hash) {
        firstBad = { seq, reason: `row ${seq} was changed after it was written` };
      } else {
        verifiedThrough = seq;
        expectedPrev = hash;
        expectedSeq += 1;
      }
    }
    if (!firstBad) {
      const issued = (this.sequence.get() as number | undefined) ?? 0;
      if (issued > verifiedThrough) firstBad = { seq: verifiedThrough + 1, reason: `rows ${verifiedThrough + 1}–${issued} were deleted from the end` };
    }
    return { ok: firstBad === null, rowCount, verifiedThrough, firstBad, head: expectedPrev };
  }

  /** Rows newest first, with the total that match the filter. */
  list(filter: AuditFilter): { rows: AuditRow[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('org_id = ?', filter.orgId);
    add('cloud = ?', filter.cloud);
    add('step = ?', filter.step);
    add('outcome = ?', filter.outcome);
    add('ts >= ?', filter.since);
    add('ts <= ?', filter.until);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT count(*) FROM audit_log ${whereSql}`).pluck().get(...params) as number;
    const pageWhere = filter.beforeSeq === undefined ? whereSql : `${whereSql ? `${whereSql} AND` : 'WHERE'} seq < ?`;
    const pageParams = filter.beforeSeq === undefined ? params : [...params, filter.beforeSeq];
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM audit_log ${pageWhere} ORDER BY seq DESC LIMIT ?`)
      .raw()
      .all(...pageParams, filter.limit) as RawRow[];
    return { rows: rows.map(toRow), total };
  }

  /** Every row in order, for export. */
  *all(): IterableIterator<AuditRow> {
    for (const raw of this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).raw().iterate() as IterableIterator<RawRow>) {
      yield toRow(raw);
    }
  }

  /**
   * Close `pending` rows whose process is gone (a crash or a kill between pending and outcome) with
   * an `interrupted` row. Rows of a process that is still running are left alone.
   */
  closeInterrupted(isAlive: (pid: number) => boolean = processIsAlive): number {
    const orphans = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM audit_log p WHERE p.outcome = 'pending' AND p.correlation_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM audit_log o WHERE o.correlation_id = p.correlation_id AND o.seq > p.seq)
         ORDER BY p.seq`,
      )
      .raw()
      .all() as RawRow[];
    let closed = 0;
    for (const raw of orphans) {
      const row = toRow(raw);
      const pid = typeof row.detail.pid === 'number' ? row.detail.pid : undefined;
      if (pid !== undefined && pid !== process.pid && isAlive(pid)) continue;
      this.append({
        actor: 'system',
        orgId: row.orgId,
        cloud: row.cloud,
        step: row.step,
        outcome: 'interrupted',
        correlationId: row.correlationId,
        detail: { pendingSeq: row.seq, reason: 'The app stopped before this finished; check the connection list for its real state.' },
      });
      closed += 1;
    }
    return closed;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
