import type { Database, Statement } from 'better-sqlite3';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { credentialKey } from '../../shared/domain/cloud.js';
import type { ConnectionStatus } from '../../shared/ipc/clouds/common.js';

export type RecordValue = string | number | boolean | null;

/** A saved connection: the non-secret record plus bookkeeping. Secrets live in the SecretStore. */
export interface StoredConnection {
  readonly cloud: CloudKind;
  readonly orgId: string;
  readonly record: Readonly<Record<string, RecordValue>>;
  readonly keyFingerprint: string | null;
  readonly status: ConnectionStatus;
  readonly statusReason: string | null;
  readonly connectedAt: string;
  readonly lastValidatedAt: string | null;
  readonly expiresOn: string | null;
}

interface Row {
  cloud: string;
  org_id: string;
  record: string;
  key_fingerprint: string | null;
  status: string;
  status_reason: string | null;
  connected_at: string;
  last_validated_at: string | null;
  expires_on: string | null;
}

function fromRow(row: Row): StoredConnection {
  return {
    cloud: row.cloud as CloudKind,
    orgId: row.org_id,
    record: JSON.parse(row.record) as Record<string, RecordValue>,
    keyFingerprint: row.key_fingerprint,
    status: row.status as ConnectionStatus,
    statusReason: row.status_reason,
    connectedAt: row.connected_at,
    lastValidatedAt: row.last_validated_at,
    expiresOn: row.expires_on,
  };
}

/** `integration_store`: one row per CredentialKey("cloud_<kind>", "org:<org_id>"). */
export class IntegrationStore {
  private readonly upsert: Statement;
  private readonly selectOne: Statement;
  private readonly remove: Statement;
  private readonly setStatus: Statement;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO integration_store (integration, scope, org_id, cloud, record, key_fingerprint, status, status_reason, connected_at, last_validated_at, expires_on)
       VALUES (@integration, @scope, @org_id, @cloud, @record, @key_fingerprint, @status, @status_reason, @connected_at, @last_validated_at, @expires_on)
       ON CONFLICT(integration, scope) DO UPDATE SET record = excluded.record, key_fingerprint = excluded.key_fingerprint,
         status = excluded.status, status_reason = excluded.status_reason, connected_at = excluded.connected_at,
         last_validated_at = excluded.last_validated_at, expires_on = excluded.expires_on`,
    );
    this.selectOne = db.prepare('SELECT * FROM integration_store WHERE integration = ? AND scope = ?');
    this.remove = db.prepare('DELETE FROM integration_store WHERE integration = ? AND scope = ?');
    this.setStatus = db.prepare(
      'UPDATE integration_store SET status = ?, status_reason = ?, last_validated_at = COALESCE(?, last_validated_at) WHERE integration = ? AND scope = ?',
    );
  }

  save(connection: StoredConnection): void {
    const key = credentialKey(connection.cloud, connection.orgId);
    this.upsert.run({
      integration: key.integration,
      scope: key.scope,
      org_id: connection.orgId,
      cloud: connection.cloud,
      record: JSON.stringify(connection.record),
      key_fingerprint: connection.keyFingerprint,
      status: connection.status,
      status_reason: connection.statusReason,
      connected_at: connection.connectedAt,
      last_validated_at: connection.lastValidatedAt,
      expires_on: connection.expiresOn,
    });
  }

  get(cloud: CloudKind, orgId: string): StoredConnection | undefined {
    const key = credentialKey(cloud, orgId);
    const row = this.selectOne.get(key.integration, key.scope) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(orgId?: string): StoredConnection[] {
    const rows = (
      orgId === undefined
        ? this.db.prepare('SELECT * FROM integration_store ORDER BY org_id, cloud').all()
        : this.db.prepare('SELECT * FROM integration_store WHERE org_id = ? ORDER BY cloud').all(orgId)
    ) as Row[];
    return rows.map(fromRow);
  }

  delete(cloud: CloudKind, orgId: string): boolean {
    const key = credentialKey(cloud, orgId);
    return this.remove.run(key.integration, key.scope).changes > 0;
  }

  updateStatus(cloud: CloudKind, orgId: string, status: ConnectionStatus, reason: string | null, validatedAt: string | null): void {
    const key = credentialKey(cloud, orgId);
    this.setStatus.run(status, reason, validatedAt, key.integration, key.scope);
  }
}
