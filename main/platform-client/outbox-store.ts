import type { Database } from 'better-sqlite3';
import type { CarriedConnection } from '../bundles/bundle-service.js';

export type OutboxState = 'queued' | 'delivered' | 'refused';

/** One send: the exact bytes signed, and where it stands. */
export interface OutboxItem {
  readonly jti: string;
  readonly body: string;
  readonly sha256: string;
  readonly deviceKid: string;
  readonly orgIds: readonly string[];
  readonly connections: readonly CarriedConnection[];
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: string | null;
  /** When the background retry tries again (ms). */
  readonly nextAttemptAt: number;
  /** The platform's Retry-After: no attempt before it, not even on demand (ms). */
  readonly notBefore: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly receiptJti: string | null;
  readonly deliveredAt: string | null;
  readonly reason: string | null;
}

interface Row {
  jti: string;
  body: string;
  sha256: string;
  device_kid: string;
  org_ids: string;
  connections: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: number;
  not_before: number;
  created_at: string;
  updated_at: string;
  receipt_jti: string | null;
  delivered_at: string | null;
  reason: string | null;
}

function fromRow(r: Row): OutboxItem {
  return {
    jti: r.jti,
    body: r.body,
    sha256: r.sha256,
    deviceKid: r.device_kid,
    orgIds: JSON.parse(r.org_ids) as string[],
    connections: JSON.parse(r.connections) as CarriedConnection[],
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    notBefore: r.not_before,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    receiptJti: r.receipt_jti,
    deliveredAt: r.delivered_at,
    reason: r.reason,
  };
}

/**
 * `platform_outbox` in main's database. A send is written before its first attempt, so a crash
 * mid-send leaves it queued with the same bytes; an attempt first takes a lease, so the app and a
 * CLI (two processes) never send one item at the same moment.
 */
export class OutboxStore {
  constructor(private readonly db: Database) {}

  add(item: Pick<OutboxItem, 'jti' | 'body' | 'sha256' | 'deviceKid' | 'orgIds' | 'connections'>, nowMs: number, at: string): void {
    this.db
      .prepare(
        `INSERT INTO platform_outbox (jti, body, sha256, device_kid, org_ids, connections, state, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
      )
      .run(item.jti, item.body, item.sha256, item.deviceKid, JSON.stringify(item.orgIds), JSON.stringify(item.connections), nowMs, at, at);
  }

  get(jti: string): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM platform_outbox WHERE jti = ?').get(jti) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): OutboxItem[] {
    return (this.db.prepare("SELECT * FROM platform_outbox ORDER BY CASE state WHEN 'queued' THEN 0 ELSE 1 END, created_at DESC, jti").all() as Row[]).map(fromRow);
  }

  /** Queued items to try now: every one past its Retry-After (on demand), or only those due (background). */
  ready(nowMs: number, onlyDue: boolean): OutboxItem[] {
    const sql = onlyDue
      ? "SELECT * FROM platform_outbox WHERE state = 'queued' AND not_before <= ? AND next_attempt_at <= ? AND lease_until <= ? ORDER BY created_at, jti"
      : "SELECT * FROM platform_outbox WHERE state = 'queued' AND not_before <= ? AND ? >= 0 AND lease_until <= ? ORDER BY created_at, jti";
    return (this.db.prepare(sql).all(nowMs, nowMs, nowMs) as Row[]).map(fromRow);
  }

  /** Take the item for one attempt; false when another process holds it or it is no longer queued. */
  claim(jti: string, nowMs: number, leaseMs: number): boolean {
    return this.db.prepare("UPDATE platform_outbox SET lease_until = ?, attempts = attempts + 1 WHERE jti = ? AND state = 'queued' AND lease_until <= ?").run(nowMs + leaseMs, jti, nowMs).changes === 1;
  }

  /** Still queued: why, and when to try again. */
  retryLater(jti: string, error: string, nextAttemptAt: number, notBefore: number, at: string): void {
    this.db.prepare('UPDATE platform_outbox SET last_error = ?, next_attempt_at = ?, not_before = ?, lease_until = 0, updated_at = ? WHERE jti = ?').run(error, nextAttemptAt, notBefore, at, jti);
  }

  /** Let go without an answer (the attempt was cancelled): the next flush may take it at once. */
  release(jti: string): void {
    this.db.prepare('UPDATE platform_outbox SET lease_until = 0 WHERE jti = ?').run(jti);
  }

  delivered(jti: string, receiptJti: string, deliveredAt: string, at: string): void {
    this.db.prepare("UPDATE platform_outbox SET state = 'delivered', receipt_jti = ?, delivered_at = ?, last_error = NULL, lease_until = 0, updated_at = ? WHERE jti = ?").run(receiptJti, deliveredAt, at, jti);
  }

  refused(jti: string, reason: string, at: string): void {
    this.db.prepare("UPDATE platform_outbox SET state = 'refused', reason = ?, last_error = ?, lease_until = 0, updated_at = ? WHERE jti = ?").run(reason, reason, at, jti);
  }
}
