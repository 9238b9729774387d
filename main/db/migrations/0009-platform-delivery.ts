import type { Migration } from '../migration.js';

/**
 * Delivery to the platform (docs/platform-api.md): each connection's delivery state, and the
 * outbox of sends not yet answered. Exporting a file used to count as "sent"; it never was, so
 * every existing connection starts as not_sent — only a verified receipt makes one delivered.
 * Runs inside migrate()'s one EXCLUSIVE transaction, like every migration.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'platform-delivery',
  up: `
    ALTER TABLE integration_store ADD COLUMN delivery_state TEXT NOT NULL DEFAULT 'not_sent'
      CHECK (delivery_state IN ('not_sent', 'queued', 'delivered', 'refused'));
    -- The updated_at of the connection the state is about: a later change makes it not_sent again.
    ALTER TABLE integration_store ADD COLUMN delivery_of TEXT;
    ALTER TABLE integration_store ADD COLUMN delivery_bundle_jti TEXT;
    ALTER TABLE integration_store ADD COLUMN delivery_receipt_jti TEXT;
    ALTER TABLE integration_store ADD COLUMN delivered_at TEXT;
    ALTER TABLE integration_store ADD COLUMN delivery_reason TEXT;

    -- A send that has not been answered yet, with the exact bytes signed: a retry (after a restart
    -- or a crash) sends the same bytes under the same Idempotency-Key, so the platform applies it once.
    CREATE TABLE platform_outbox (
      jti             TEXT PRIMARY KEY,
      body            TEXT NOT NULL,
      sha256          TEXT NOT NULL CHECK (length(sha256) = 64),
      device_kid      TEXT NOT NULL,
      org_ids         TEXT NOT NULL,
      connections     TEXT NOT NULL,
      state           TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'refused')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      next_attempt_at INTEGER NOT NULL,
      not_before      INTEGER NOT NULL DEFAULT 0,
      lease_until     INTEGER NOT NULL DEFAULT 0,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      receipt_jti     TEXT,
      delivered_at    TEXT,
      reason          TEXT
    );
    CREATE INDEX platform_outbox_due ON platform_outbox (state, next_attempt_at);

    -- Which device key the platform at which URL has enrolled (PUT /v1/devices/{kid} answered 200/201).
    CREATE TABLE platform_enrolment (
      platform_url TEXT NOT NULL,
      kid          TEXT NOT NULL,
      enrolled_at  TEXT NOT NULL,
      PRIMARY KEY (platform_url, kid)
    );
  `,
};
