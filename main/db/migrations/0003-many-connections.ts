import type { Migration } from '../migration.js';

/**
 * An org holds any number of connections per cloud. Each row names what it connects (`account`:
 * the AWS account, Azure subscription, GCP project or Cloudflare account); one per org and cloud is
 * the primary, keyed `org:<org_id>` as before; the others `org:<org_id>/<kind>:<account>`.
 * Secrets move from the credential key's name to the connection's stable name, so changing which
 * connection is primary never renames a secret.
 *
 * Also: when a connection last changed and which bundle last carried it (is the platform up to
 * date?), vendor-side cleanup still to verify after a disconnect, and wizard drafts.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'many-connections',
  up: `
    ALTER TABLE integration_store ADD COLUMN account TEXT NOT NULL DEFAULT '';
    ALTER TABLE integration_store ADD COLUMN is_primary INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE integration_store ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE integration_store ADD COLUMN exported_at TEXT;
    ALTER TABLE integration_store ADD COLUMN export_jti TEXT;

    UPDATE integration_store SET
      updated_at = connected_at,
      account = CASE cloud
        WHEN 'aws' THEN coalesce(json_extract(record, '$.account_id'), '')
        WHEN 'azure' THEN lower(coalesce(json_extract(record, '$.subscription_id'), ''))
        WHEN 'gcp' THEN coalesce(json_extract(record, '$.project_id'), '')
        WHEN 'cloudflare' THEN coalesce(json_extract(record, '$.account_id'), 'token-' || json_extract(record, '$.token_id'), '')
        ELSE '' END;

    UPDATE secrets SET name = (
      SELECT 'connection/' || i.cloud || '/' || i.org_id || '/' || i.account FROM integration_store i
      WHERE secrets.name = i.integration || '/' || i.scope)
    WHERE name IN (SELECT integration || '/' || scope FROM integration_store);

    CREATE UNIQUE INDEX integration_store_account ON integration_store(org_id, cloud, account);
    CREATE UNIQUE INDEX integration_store_primary ON integration_store(org_id, cloud) WHERE is_primary = 1;

    -- After a disconnect: what was removed, the checklist, until verified or dismissed (with a reason).
    CREATE TABLE cleanup_items (
      id               TEXT PRIMARY KEY,
      org_id           TEXT NOT NULL,
      cloud            TEXT NOT NULL,
      account          TEXT NOT NULL,
      credential_key   TEXT NOT NULL,
      identifier       TEXT NOT NULL,
      label            TEXT NOT NULL,
      record           TEXT NOT NULL,
      key_fingerprint  TEXT,
      checklist        TEXT NOT NULL,
      removed_at       TEXT NOT NULL,
      status           TEXT NOT NULL DEFAULT 'pending',
      last_checked_at  TEXT,
      last_detail      TEXT,
      closed_at        TEXT,
      dismiss_reason   TEXT
    ) STRICT;
    CREATE INDEX cleanup_items_org ON cleanup_items(org_id, status);

    -- The wizard's progress per org and cloud (never a secret), so it survives navigation and restarts.
    CREATE TABLE wizard_drafts (
      org_id     TEXT NOT NULL,
      cloud      TEXT NOT NULL,
      draft      TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (org_id, cloud)
    ) STRICT;
  `,
};
