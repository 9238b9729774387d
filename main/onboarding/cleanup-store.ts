import type { Database } from 'better-sqlite3';
import { type CloudKind, isCloudKind } from '../../shared/domain/cloud.js';
import type { CleanupItem, CleanupStep } from '../../shared/ipc/clouds/common.js';
import { cleanupStepSchema } from '../../shared/ipc/clouds/common.js';
import type { RecordValue, StoredConnection } from '../credentials/integration-store.js';
import { CLEANUP_REASON } from '../providers/base.js';

interface Row {
  id: string;
  org_id: string;
  cloud: string;
  account: string;
  credential_key: string;
  identifier: string;
  label: string;
  record: string;
  key_fingerprint: string | null;
  checklist: string;
  removed_at: string;
  status: string;
  last_checked_at: string | null;
  last_detail: string | null;
  closed_at: string | null;
  dismiss_reason: string | null;
}

/** A removed connection as verify-cleanup needs it: what it was, not what it is. */
export interface RemovedConnection {
  readonly item: CleanupItem;
  readonly stored: StoredConnection;
}

function cloudOf(value: string): CloudKind {
  if (!isCloudKind(value)) throw new Error(`cleanup_items holds an unknown cloud "${value}"`);
  return value;
}

function toItem(r: Row): CleanupItem {
  const checklist = cleanupStepSchema.array().safeParse(JSON.parse(r.checklist));
  const status = r.status === 'verified' || r.status === 'dismissed' ? r.status : 'pending';
  return {
    id: r.id,
    orgId: r.org_id,
    cloud: cloudOf(r.cloud),
    identifier: r.identifier,
    label: r.label,
    credentialKey: r.credential_key,
    removedAt: r.removed_at,
    checklist: checklist.success ? checklist.data : [],
    reason: CLEANUP_REASON,
    status,
    lastCheckedAt: r.last_checked_at,
    lastDetail: r.last_detail,
    closedAt: r.closed_at,
    dismissReason: r.dismiss_reason,
  };
}

/**
 * Vendor-side cleanup still to confirm after a disconnect. It outlives the screen and the app: the
 * customer's admin often cleans up after the call, and the engineer verifies it later.
 */
export class CleanupStore {
  constructor(private readonly db: Database) {}

  /** Record a removal. Call inside the disconnect's transaction. */
  add(id: string, stored: StoredConnection, view: { credentialKey: string; identifier: string; label: string }, checklist: readonly CleanupStep[], removedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO cleanup_items (id, org_id, cloud, account, credential_key, identifier, label, record, key_fingerprint, checklist, removed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, stored.orgId, stored.cloud, stored.account, view.credentialKey, view.identifier, view.label, JSON.stringify(stored.record), stored.keyFingerprint, JSON.stringify(checklist), removedAt);
  }

  list(filter: { orgId?: string; includeClosed?: boolean } = {}): CleanupItem[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.orgId !== undefined) {
      where.push('org_id = ?');
      params.push(filter.orgId);
    }
    if (!filter.includeClosed) where.push("status = 'pending'");
    const sql = `SELECT * FROM cleanup_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY removed_at DESC, id`;
    return (this.db.prepare(sql).all(...params) as Row[]).map(toItem);
  }

  get(id: string): RemovedConnection | undefined {
    const r = this.db.prepare('SELECT * FROM cleanup_items WHERE id = ?').get(id) as Row | undefined;
    if (!r) return undefined;
    const record: unknown = JSON.parse(r.record);
    const item = toItem(r);
    return {
      item,
      stored: {
        cloud: item.cloud,
        orgId: r.org_id,
        account: r.account,
        primary: false,
        record: typeof record === 'object' && record !== null ? (record as Record<string, RecordValue>) : {},
        keyFingerprint: r.key_fingerprint,
        status: 'connected',
        statusReason: null,
        connectedAt: r.removed_at,
        updatedAt: r.removed_at,
        lastValidatedAt: null,
        expiresOn: null,
        exportedAt: null,
        exportJti: null,
      },
    };
  }

  checked(id: string, at: string, verified: boolean, detail: string): void {
    this.db
      .prepare(`UPDATE cleanup_items SET last_checked_at = ?, last_detail = ?, status = CASE WHEN ? THEN 'verified' ELSE status END, closed_at = CASE WHEN ? THEN ? ELSE closed_at END WHERE id = ?`)
      .run(at, detail, verified ? 1 : 0, verified ? 1 : 0, at, id);
  }

  dismiss(id: string, at: string, reason: string): void {
    this.db.prepare(`UPDATE cleanup_items SET status = 'dismissed', closed_at = ?, dismiss_reason = ? WHERE id = ?`).run(at, reason, id);
  }
}
