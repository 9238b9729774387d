import { redactCredentials } from '../../shared/domain/secret-shapes.js';
import { randomUUID } from 'node:crypto';
import type { Database, Statement, Transaction } from 'better-sqlite3';
import {
  type AuditDetail,
  type AuditOutcome,
  type AuditRow,
  type AuditStep,
  type ChainVerification,
} from '../../shared/domain/audit.js';
import type { CloudKind } from '../../shared/domain/cloud.js';
import type { AuditFilter } from '../../shared/ipc/audit.js';
import { type Clock, isoAt } from '../platform/clock.js';
import { writerIsAlive } from '../platform/process-identity.js';
import { GENESIS_HASH, type HashedColumns, canonicalJson, hashOf, rowHash } from './canonical.js';

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

const HASHED_COLUMNS = 'seq, ts, actor, org_id, cloud, step, outcome, correlation_id, detail';
const COLUMNS = `${HASHED_COLUMNS}, prev_hash, hash`;

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

/** The triggers that make the log (and its checkpoints) append-only; verify checks they are all there. */
export const APPEND_ONLY_TRIGGERS = [
  'audit_log_no_update',
  'audit_log_no_delete',
  'audit_checkpoints_no_update',
  'audit_checkpoints_no_delete',
  'database_identity_no_update',
  'database_identity_no_delete',
  'audit_log_no_replace',
  'audit_checkpoints_no_replace',
  'database_identity_no_replace',
] as const;

/**
 * Each append-only trigger's SQL exactly as the migrations create it (whitespace aside): a trigger
 * recreated under the same name with a body that does nothing is found by its text, not its name.
 */
export const APPEND_ONLY_TRIGGER_SQL: Readonly<Record<(typeof APPEND_ONLY_TRIGGERS)[number], string>> = {
  audit_log_no_update: "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
  audit_log_no_delete: "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
  audit_checkpoints_no_update: "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
  audit_checkpoints_no_delete: "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
  database_identity_no_update: "CREATE TRIGGER database_identity_no_update BEFORE UPDATE ON database_identity BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END",
  database_identity_no_delete: "CREATE TRIGGER database_identity_no_delete BEFORE DELETE ON database_identity BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END",
  // INSERT OR REPLACE deletes the row it replaces without firing DELETE triggers (recursive triggers are off).
  audit_log_no_replace:
    "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq) BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
  audit_checkpoints_no_replace:
    "CREATE TRIGGER audit_checkpoints_no_replace BEFORE INSERT ON audit_checkpoints WHEN EXISTS (SELECT 1 FROM audit_checkpoints WHERE n = NEW.n) BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END",
  database_identity_no_replace:
    "CREATE TRIGGER database_identity_no_replace BEFORE INSERT ON database_identity WHEN EXISTS (SELECT 1 FROM database_identity WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END",
};

/** SQL text compared as SQLite keeps it, whitespace runs and a trailing semicolon aside. */
export function normalizeSql(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().replace(/;$/, '').trim();
}

/**
 * The append-only, hash-chained audit log. Triggers refuse UPDATE and DELETE; each row's hash
 * covers the previous row's hash, so `verify` finds the first edited, deleted or reordered row.
 */
export class AuditLog {
  private readonly head: Statement;
  private readonly dataVersion: Statement;
  /** The chain head as of our last write, valid while no other connection has written since. */
  private cachedHead: { issued: number; seq: number; hash: string; dataVersion: number } | undefined;
  private readonly sequence: Statement;
  private readonly insert: Statement;
  private readonly appendTxn: Transaction<(entry: AuditEntry, useCache: boolean) => AuditRow>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.head = db.prepare(
      "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log') AS issued, (SELECT max(seq) FROM audit_log) AS seq, (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash",
    );
    this.sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck();
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.insert = db.prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.appendTxn = db.transaction((entry: AuditEntry, useCache: boolean) => this.appendInTransaction(entry, useCache));
  }

  /** A fresh id tying a `pending` row to its outcome row. */
  static correlationId(): string {
    return randomUUID();
  }

  /** Called after each committed append (the anchor counts rows towards its next checkpoint). */
  afterAppend: (() => void) | undefined;

  append(entry: AuditEntry): AuditRow {
    // Inside someone else's transaction our row may still be rolled back: do not cache its head.
    const nested = this.db.inTransaction;
    if (nested) this.cachedHead = undefined;
    const row = this.appendTxn.immediate(entry, !nested);
    // Only after the commit returned is the new head real.
    if (!nested) this.cachedHead = { issued: row.seq, seq: row.seq, hash: row.hash, dataVersion: this.lastDataVersion };
    this.afterAppend?.();
    return row;
  }

  /**
   * Several rows in one transaction, in order: one disk sync for all of them (connect many opens a
   * pending row per account of the run at once). All land or none.
   */
  appendAll(entries: readonly AuditEntry[]): AuditRow[] {
    return this.db.transaction(() => entries.map((entry) => this.append(entry))).immediate();
  }

  private lastDataVersion = -1;

  private appendInTransaction(entry: AuditEntry, useCache: boolean): AuditRow {
    // Redacted as log lines are: a credential in an error message (a token command's stderr) never
    // reaches a row, and rows travel in exports and bundles.
    const detail = boundedDetail(entry.detail ?? {});
    // Inside the write lock: reuse our own last head unless another connection (the CLI beside the
    // app, say) has committed since — PRAGMA data_version tells.
    const dataVersion = this.dataVersion.get() as number;
    let head = useCache && this.cachedHead?.dataVersion === dataVersion ? this.cachedHead : undefined;
    if (!head) {
      const row = this.head.get() as { issued: number | null; seq: number | null; hash: string | null };
      head = { issued: row.issued ?? 0, seq: row.seq ?? 0, hash: row.hash ?? GENESIS_HASH, dataVersion };
    }
    // Continue from the highest number ever issued, so a deleted tail stays a visible gap.
    const seq = Math.max(head.issued, head.seq) + 1;
    const prevHash = head.hash;
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
    // A trigger that swallows the row (RAISE(IGNORE)) leaves no error, only no change: never a silent loss.
    if (this.insert.run(...columns, prevHash, hash).changes !== 1) {
      throw new Error('The audit row was not written (something in the database dropped it): the change was not made. Run "audit verify" and check this laptop.');
    }
    this.lastDataVersion = dataVersion;
    return {
      seq,
      ts: columns[1],
      actor: entry.actor,
      orgId: entry.orgId,
      cloud: entry.cloud,
      step: entry.step,
      outcome: entry.outcome,
      correlationId: entry.correlationId ?? null,
      detail,
      prevHash,
      hash,
    };
  }

  /**
   * Checks the chain. The rows and the highest number issued are read in one read transaction
   * (one WAL snapshot): a row another process commits meanwhile is either in both or in neither,
   * never counted as "deleted from the end".
   */
  verify(): ChainVerification {
    return this.db.transaction(() => this.verifySnapshot()).deferred();
  }

  private verifySnapshot(): ChainVerification {
    // Fast path: SQLite renders each row's hashed columns as the same JSON array JSON.stringify
    // would; a row where the two ever disagree is re-checked the slow way before it is called bad.
    // One text value per row (the JSON, then the 64-character hash): the cheapest shape to read.
    const rows = this.db
      .prepare(`SELECT json_array(${HASHED_COLUMNS}) || coalesce(hash, '') FROM audit_log ORDER BY seq`)
      .pluck()
      .iterate() as IterableIterator<string>;
    let expectedPrev = GENESIS_HASH;
    let expectedSeq = 1;
    let verifiedThrough = 0;
    let rowCount = 0;
    let firstBad: ChainVerification['firstBad'] = null;
    for (const text of rows) {
      rowCount += 1;
      if (firstBad) continue;
      const canonical = text.slice(0, -64);
      const hash = text.slice(-64);
      const seq = Number(canonical.slice(1, canonical.indexOf(',')));
      if (seq !== expectedSeq) {
        firstBad = { seq: expectedSeq, reason: seq > expectedSeq ? `row ${expectedSeq} is missing (deleted)` : `row ${seq} is out of order` };
        continue;
      }
      if (hashOf(expectedPrev, canonical) !== hash && !this.slowCheck(seq, expectedPrev, hash)) {
        firstBad = this.explain(seq, expectedPrev);
        continue;
      }
      verifiedThrough = seq;
      expectedPrev = hash;
      expectedSeq += 1;
    }
    if (!firstBad) {
      const issued = (this.sequence.get() as number | undefined) ?? 0;
      if (issued > verifiedThrough) firstBad = { seq: verifiedThrough + 1, reason: `rows ${verifiedThrough + 1}–${issued} were deleted from the end` };
    }
    return { ok: firstBad === null, rowCount, verifiedThrough, firstBad, head: expectedPrev };
  }

  private rawRow(seq: number): RawRow {
    return this.db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE seq = ?`).raw().get(seq) as RawRow;
  }

  /** The defining check, in JavaScript: hash(prev, JSON.stringify(columns)). */
  private slowCheck(seq: number, expectedPrev: string, hash: string): boolean {
    const [s, ts, actor, orgId, cloud, step, outcome, correlationId, detail] = this.rawRow(seq);
    return rowHash(expectedPrev, [s, ts, actor, orgId, cloud, step, outcome, correlationId, detail]) === hash;
  }

  private explain(seq: number, expectedPrev: string): { seq: number; reason: string } {
    const prevHash = this.rawRow(seq)[9];
    return prevHash !== expectedPrev
      ? { seq, reason: `row ${seq} does not follow row ${seq - 1} (rows reordered, or an earlier row was replaced)` }
      : { seq, reason: `row ${seq} was changed after it was written` };
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

  /** Every row about the given orgs, oldest first (for a connection bundle). */
  rowsForOrgs(orgIds: readonly string[]): AuditRow[] {
    if (orgIds.length === 0) return [];
    const select = this.db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE org_id IN (SELECT value FROM json_each(?)) ORDER BY seq`).raw();
    return (select.all(JSON.stringify(orgIds)) as RawRow[]).map(toRow);
  }

  /** Every row in order, for export. */
  *all(): IterableIterator<AuditRow> {
    for (const raw of this.db.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).raw().iterate() as IterableIterator<RawRow>) {
      yield toRow(raw);
    }
  }

  /**
   * Close `pending` rows whose process is gone (a crash or a kill between pending and outcome, or a
   * reboot since) with an `interrupted` row. Rows of a process that is still running are left alone;
   * a pid reused by another process does not count as the writer (see writerIsAlive).
   */
  closeInterrupted(isAlive: (writer: AuditDetail) => boolean = writerIsAlive): number {
    // Whose writer is gone is asked outside the lock (it reads /proc); the rows are then checked
    // still open and closed under one write lock, so processes starting at once (the app and two
    // CLIs) close each row once: a row another process closed meanwhile is no longer open here.
    const gone = this.openPending().filter((row) => !isAlive(row.detail));
    if (gone.length === 0) return 0;
    return this.db
      .transaction(() => {
        const open = new Set(this.openPending().map((row) => row.seq));
        let closed = 0;
        for (const row of gone) {
          if (!open.has(row.seq)) continue;
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
      })
      .immediate();
  }

  /** `pending` rows with no later row of their correlation id, oldest first. */
  private openPending(): AuditRow[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM audit_log p WHERE p.outcome = 'pending' AND p.correlation_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM audit_log o WHERE o.correlation_id = p.correlation_id AND o.seq > p.seq)
         ORDER BY p.seq`,
      )
      .raw()
      .all() as RawRow[];
    return rows.map(toRow);
  }
}

/** What an audit row's detail holds at most (the same bounds as auditDetailSchema). */
const MAX_FIELDS = 64;
const MAX_KEY = 64;
const MAX_STRING = 4096;
const MAX_LIST = 64;
const MAX_ITEM = 512;

/**
 * The detail as stored: every string with its credential-shaped parts replaced (as redactText does
 * for logs), then cut to the row's bounds. A list longer than a row holds keeps its first entries
 * and ends with "…and N more"; a long string ends with "… (N more characters)". Redacted before it
 * is cut, so a cut never leaves part of a secret that redaction would no longer recognise. The
 * bounds are the row's, not the action's: a change that was made is always recorded.
 */
function boundedDetail(detail: AuditDetail): AuditDetail {
  const out: AuditDetail = {};
  for (const [key, v] of Object.entries(checkedShape(detail))) {
    if (typeof v === 'string') out[key] = cut(redactCredentials(v), MAX_STRING);
    else if (Array.isArray(v)) {
      const kept = v.length > MAX_LIST ? v.slice(0, MAX_LIST - 1) : v;
      const items = kept.map((x) => cut(redactCredentials(x), MAX_ITEM));
      out[key] = v.length > MAX_LIST ? [...items, `…and ${v.length - kept.length} more`] : items;
    } else out[key] = v;
  }
  return out;
}

/** The text, or its start and how much was left out, within `max` characters (never half a surrogate pair). */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (left: number) => `… (${left} more characters)`;
  let end = max - marker(text.length).length;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}${marker(text.length - end)}`;
}

/**
 * Audit details are flat: strings, numbers, booleans, null, string lists, under a few short keys.
 * The keys and kinds are the app's own (a wrong one is a bug, refused before anything changes);
 * the sizes of the values come from outside and are bounded by boundedDetail instead.
 */
function checkedShape(detail: AuditDetail): AuditDetail {
  const keys = Object.keys(detail);
  if (keys.length > MAX_FIELDS) throw new Error('audit detail has too many fields');
  for (const key of keys) {
    if (key.length > MAX_KEY) throw new Error(`audit detail key too long: ${key.slice(0, MAX_KEY)}`);
    const v = detail[key];
    if (v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) continue;
    throw new Error(`audit detail ${key} is not a flat value`);
  }
  return detail;
}
