import type { Database, Statement } from 'better-sqlite3';
import { type CloudKind, type CredentialKey, credentialKey, isCloudKind } from '../../shared/domain/cloud.js';
import { type ConnectionStatus, DELIVERY_STATES, type DeliveryState, connectionStatusSchema } from '../../shared/ipc/clouds/common.js';
import { DEFAULT_TIER, type PermissionTier, isTier } from '../../shared/domain/tiers.js';

export type RecordValue = string | number | boolean | null;

/** A saved connection: the non-secret record plus bookkeeping. Secrets live in the SecretStore. */
export interface StoredConnection {
  readonly cloud: CloudKind;
  readonly orgId: string;
  /** What it connects: the AWS account, Azure subscription, GCP project or Cloudflare account. */
  readonly account: string;
  /** The org's primary connection for this cloud: keyed `org:<org_id>`, as the seed keys it. */
  readonly primary: boolean;
  readonly record: Readonly<Record<string, RecordValue>>;
  readonly keyFingerprint: string | null;
  readonly status: ConnectionStatus;
  readonly statusReason: string | null;
  readonly connectedAt: string;
  /** When the record (not its health) last changed: what a bundle must carry to be current. */
  readonly updatedAt: string;
  readonly lastValidatedAt: string | null;
  readonly expiresOn: string | null;
  readonly exportedAt: string | null;
  readonly exportJti: string | null;
  /** How much the connection lets AlphaSwarm read, as checked when it was saved (absent: standard). */
  readonly tier?: PermissionTier;
  /** Where the platform stands on it; written only by delivery (never by save), so absent when building one. */
  readonly delivery?: StoredDelivery;
}

/** A delivery state as stored, about one version of the connection (`of` = its updatedAt then). */
export interface StoredDelivery {
  readonly state: DeliveryState;
  readonly of: string | null;
  readonly bundleJti: string | null;
  readonly receiptJti: string | null;
  readonly deliveredAt: string | null;
  readonly reason: string | null;
}

interface Row {
  cloud: string;
  org_id: string;
  account: string;
  is_primary: number;
  record: string;
  key_fingerprint: string | null;
  status: string;
  status_reason: string | null;
  connected_at: string;
  updated_at: string;
  last_validated_at: string | null;
  expires_on: string | null;
  exported_at: string | null;
  export_jti: string | null;
  tier?: string;
  delivery_state: string;
  delivery_of: string | null;
  delivery_bundle_jti: string | null;
  delivery_receipt_jti: string | null;
  delivered_at: string | null;
  delivery_reason: string | null;
}

function fromRow(row: Row, isCloud: (value: string) => value is CloudKind): StoredConnection {
  if (!isCloud(row.cloud)) throw new Error(`integration_store holds an unknown cloud "${row.cloud}"`);
  const cloud = row.cloud;
  const status = connectionStatusSchema.safeParse(row.status);
  const record: unknown = JSON.parse(row.record);
  return {
    cloud,
    orgId: row.org_id,
    account: row.account,
    primary: row.is_primary === 1,
    record: typeof record === 'object' && record !== null ? (record as Record<string, RecordValue>) : {},
    keyFingerprint: row.key_fingerprint,
    status: status.success ? status.data : 'check_failed',
    statusReason: row.status_reason,
    connectedAt: row.connected_at,
    updatedAt: row.updated_at || row.connected_at,
    lastValidatedAt: row.last_validated_at,
    expiresOn: row.expires_on,
    exportedAt: row.exported_at,
    exportJti: row.export_jti,
    tier: isTier(row.tier) ? row.tier : DEFAULT_TIER,
    delivery: {
      state: (DELIVERY_STATES as readonly string[]).includes(row.delivery_state) ? (row.delivery_state as DeliveryState) : 'not_sent',
      of: row.delivery_of,
      bundleJti: row.delivery_bundle_jti,
      receiptJti: row.delivery_receipt_jti,
      deliveredAt: row.delivered_at,
      reason: row.delivery_reason,
    },
  };
}

/** The key a connection is saved under: the primary keeps the seed's `org:<org_id>`. */
export function keyOf(c: Pick<StoredConnection, 'cloud' | 'orgId' | 'account' | 'primary'>): CredentialKey {
  return credentialKey(c.cloud, c.orgId, c.primary ? undefined : c.account);
}

/** The secret of a connection, by a name that never changes when the primary does. */
export function connectionSecretName(c: Pick<StoredConnection, 'cloud' | 'orgId' | 'account'>): string {
  return `connection/${c.cloud}/${c.orgId}/${c.account}`;
}

/** `integration_store`: one row per connection, keyed like the platform's CredentialKey. */
export class IntegrationStore {
  private readonly upsert: Statement;
  private readonly selectOne: Statement;
  private readonly selectOrgCloud: Statement;
  private readonly remove: Statement;
  private readonly setStatus: Statement;
  private readonly setScope: Statement;
  private readonly markExported: Statement;
  private readonly markDelivery: Statement;

  /** `isCloud`: the clouds this process carries (a test may bring one besides this build's). */
  constructor(
    private readonly db: Database,
    private readonly isCloud: (value: string) => value is CloudKind = isCloudKind,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO integration_store (integration, scope, org_id, cloud, account, is_primary, record, key_fingerprint, status, status_reason, connected_at, updated_at, last_validated_at, expires_on, exported_at, export_jti, tier)
       VALUES (@integration, @scope, @org_id, @cloud, @account, @is_primary, @record, @key_fingerprint, @status, @status_reason, @connected_at, @updated_at, @last_validated_at, @expires_on, @exported_at, @export_jti, @tier)
       ON CONFLICT(org_id, cloud, account) DO UPDATE SET integration = excluded.integration, scope = excluded.scope, is_primary = excluded.is_primary,
         record = excluded.record, key_fingerprint = excluded.key_fingerprint, status = excluded.status, status_reason = excluded.status_reason,
         connected_at = excluded.connected_at, updated_at = excluded.updated_at, last_validated_at = excluded.last_validated_at, expires_on = excluded.expires_on,
         exported_at = excluded.exported_at, export_jti = excluded.export_jti, tier = excluded.tier`,
    );
    this.selectOne = db.prepare('SELECT * FROM integration_store WHERE org_id = ? AND cloud = ? AND account = ?');
    this.selectOrgCloud = db.prepare('SELECT * FROM integration_store WHERE org_id = ? AND cloud = ? ORDER BY is_primary DESC, connected_at, account');
    this.remove = db.prepare('DELETE FROM integration_store WHERE org_id = ? AND cloud = ? AND account = ?');
    this.setStatus = db.prepare(
      'UPDATE integration_store SET status = ?, status_reason = ?, last_validated_at = COALESCE(?, last_validated_at) WHERE org_id = ? AND cloud = ? AND account = ?',
    );
    this.setScope = db.prepare('UPDATE integration_store SET scope = ?, is_primary = ?, updated_at = ? WHERE org_id = ? AND cloud = ? AND account = ?');
    this.markExported = db.prepare('UPDATE integration_store SET exported_at = ?, export_jti = ? WHERE org_id = ? AND cloud = ? AND account = ?');
    this.markDelivery = db.prepare(
      `UPDATE integration_store SET delivery_state = @state, delivery_of = @of, delivery_bundle_jti = @bundle_jti, delivery_receipt_jti = @receipt_jti,
         delivered_at = @delivered_at, delivery_reason = @reason WHERE org_id = @org_id AND cloud = @cloud AND account = @account`,
    );
  }

  /** Insert or update by (org, cloud, account). The caller decides `primary` (see OnboardingService). */
  save(c: StoredConnection): void {
    const key = keyOf(c);
    this.upsert.run({
      integration: key.integration,
      scope: key.scope,
      org_id: c.orgId,
      cloud: c.cloud,
      account: c.account,
      is_primary: c.primary ? 1 : 0,
      record: JSON.stringify(c.record),
      key_fingerprint: c.keyFingerprint,
      status: c.status,
      status_reason: c.statusReason,
      connected_at: c.connectedAt,
      updated_at: c.updatedAt,
      last_validated_at: c.lastValidatedAt,
      expires_on: c.expiresOn,
      exported_at: c.exportedAt,
      export_jti: c.exportJti,
      tier: c.tier ?? DEFAULT_TIER,
    });
  }

  get(cloud: CloudKind, orgId: string, account: string): StoredConnection | undefined {
    const row = this.selectOne.get(orgId, cloud, account) as Row | undefined;
    return row ? fromRow(row, this.isCloud) : undefined;
  }

  /** The org's connections for one cloud, the primary first. */
  forOrgCloud(cloud: CloudKind, orgId: string): StoredConnection[] {
    return (this.selectOrgCloud.all(orgId, cloud) as Row[]).map((r) => fromRow(r, this.isCloud));
  }

  /** Whether the org holds another connection of this cloud: a count, so a save stays O(1) in an org of a thousand accounts. */
  hasOthers(cloud: CloudKind, orgId: string, account: string): boolean {
    return (this.db.prepare('SELECT count(*) FROM integration_store WHERE org_id = ? AND cloud = ? AND account <> ?').pluck().get(orgId, cloud, account) as number) > 0;
  }

  primary(cloud: CloudKind, orgId: string): StoredConnection | undefined {
    const first = this.forOrgCloud(cloud, orgId)[0];
    return first?.primary ? first : undefined;
  }

  list(orgId?: string): StoredConnection[] {
    const rows = (
      orgId === undefined
        ? this.db.prepare('SELECT * FROM integration_store ORDER BY org_id, cloud, is_primary DESC, connected_at, account').all()
        : this.db.prepare('SELECT * FROM integration_store WHERE org_id = ? ORDER BY cloud, is_primary DESC, connected_at, account').all(orgId)
    ) as Row[];
    return rows.map((r) => fromRow(r, this.isCloud));
  }

  /** Remove one; if it was the primary, the oldest remaining connection becomes primary. Call in a transaction. */
  delete(cloud: CloudKind, orgId: string, account: string, now: string): { removed: boolean; promoted: StoredConnection | undefined } {
    const before = this.get(cloud, orgId, account);
    const removed = this.remove.run(orgId, cloud, account).changes > 0;
    if (!removed || !before?.primary) return { removed, promoted: undefined };
    const next = this.forOrgCloud(cloud, orgId)[0];
    if (!next) return { removed, promoted: undefined };
    this.setPrimaryFlag(next, true, now);
    return { removed, promoted: this.get(cloud, orgId, next.account) };
  }

  /** Make `account` the org's primary for this cloud (the old primary gets its own key). Call in a transaction. */
  makePrimary(cloud: CloudKind, orgId: string, account: string, now: string): void {
    const all = this.forOrgCloud(cloud, orgId);
    const target = all.find((c) => c.account === account);
    if (!target || target.primary) return;
    const old = all.find((c) => c.primary);
    // The unique index allows one primary at a time: demote first.
    if (old) this.setPrimaryFlag(old, false, now);
    this.setPrimaryFlag(target, true, now);
  }

  private setPrimaryFlag(c: StoredConnection, primary: boolean, now: string): void {
    const key = keyOf({ ...c, primary });
    this.setScope.run(key.scope, primary ? 1 : 0, now, c.orgId, c.cloud, c.account);
  }

  updateStatus(c: Pick<StoredConnection, 'cloud' | 'orgId' | 'account'>, status: ConnectionStatus, reason: string | null, validatedAt: string | null): void {
    this.setStatus.run(status, reason, validatedAt, c.orgId, c.cloud, c.account);
  }

  /** These went to the platform in bundle `jti`: all are marked, in one transaction (one absent since is skipped). */
  exported(connections: readonly Pick<StoredConnection, 'cloud' | 'orgId' | 'account'>[], at: string, jti: string): void {
    this.db.transaction(() => {
      for (const c of connections) this.markExported.run(at, jti, c.orgId, c.cloud, c.account);
    })();
  }

  /**
   * Where the platform stands on these connections, each as the version a bundle carried (`of`).
   * A connection changed since shows as not sent; one removed since is skipped. One transaction.
   */
  setDelivery(connections: readonly (Pick<StoredConnection, 'cloud' | 'orgId' | 'account'> & { readonly of: string; readonly state: DeliveryState; readonly reason?: string | null })[], bundleJti: string, receipt?: { readonly jti: string; readonly at: string }): void {
    this.db.transaction(() => {
      for (const c of connections) {
        this.markDelivery.run({
          state: c.state,
          of: c.of,
          bundle_jti: bundleJti,
          receipt_jti: c.state === 'delivered' ? (receipt?.jti ?? null) : null,
          delivered_at: c.state === 'delivered' ? (receipt?.at ?? null) : null,
          reason: c.reason ?? null,
          org_id: c.orgId,
          cloud: c.cloud,
          account: c.account,
        });
      }
    })();
  }
}
