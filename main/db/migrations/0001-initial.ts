import type { Migration } from '../migration.js';

/** Orgs, the integration store, encrypted secrets, the append-only audit log and MFA state. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE orgs (
      org_id       TEXT PRIMARY KEY,
      display_name TEXT NOT NULL,
      created_at   TEXT NOT NULL
    ) STRICT;

    -- Non-secret connection records, keyed like the platform's CredentialKey.
    CREATE TABLE integration_store (
      integration       TEXT NOT NULL,
      scope             TEXT NOT NULL,
      org_id            TEXT NOT NULL REFERENCES orgs(org_id),
      cloud             TEXT NOT NULL,
      record            TEXT NOT NULL,
      key_fingerprint   TEXT,
      status            TEXT NOT NULL DEFAULT 'connected',
      status_reason     TEXT,
      connected_at      TEXT NOT NULL,
      last_validated_at TEXT,
      expires_on        TEXT,
      PRIMARY KEY (integration, scope)
    ) STRICT;
    CREATE INDEX integration_store_org ON integration_store(org_id);

    -- Fernet tokens under a data key the OS keychain holds; key_id says which key.
    CREATE TABLE secrets (
      name       TEXT PRIMARY KEY,
      token      TEXT NOT NULL,
      key_id     TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_log (
      seq            INTEGER PRIMARY KEY AUTOINCREMENT,
      ts             TEXT NOT NULL,
      actor          TEXT NOT NULL,
      org_id         TEXT,
      cloud          TEXT,
      step           TEXT NOT NULL,
      outcome        TEXT NOT NULL,
      correlation_id TEXT,
      detail         TEXT NOT NULL,
      prev_hash      TEXT NOT NULL,
      hash           TEXT NOT NULL
    );
    CREATE INDEX audit_log_org ON audit_log(org_id, seq);
    CREATE INDEX audit_log_correlation ON audit_log(correlation_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    CREATE TABLE mfa_state (
      id              INTEGER PRIMARY KEY CHECK (id = 1),
      enrolled_at     TEXT,
      last_time_step  INTEGER NOT NULL DEFAULT 0,
      failures        INTEGER NOT NULL DEFAULT 0,
      locked_until_ms INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    INSERT INTO mfa_state (id) VALUES (1);
  `,
};
