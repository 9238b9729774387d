import type { Migration } from '../migration.js';

/**
 * Every health re-check of a connection (issue 21 §4): its status and what it found, expected
 * against actual with the fix, as JSON. Not a secret (the texts are redacted before they land), and
 * bounded: the newest runs per connection and none older than a year (see HealthHistoryStore).
 * Keyed by the connection's org, cloud and account rather than a foreign key, so a disconnected
 * connection's last runs can still be read until they age out.
 */
export const migration0011: Migration = {
  version: 11,
  name: 'health-runs',
  up: `
    CREATE TABLE health_runs (
      id             INTEGER PRIMARY KEY AUTOINCREMENT,
      org_id         TEXT NOT NULL,
      cloud          TEXT NOT NULL,
      account        TEXT NOT NULL,
      credential_key TEXT NOT NULL,
      tier           TEXT NOT NULL,
      checked_at     TEXT NOT NULL,
      status         TEXT NOT NULL,
      reason         TEXT,
      findings       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX health_runs_connection ON health_runs(org_id, cloud, account, id);
    CREATE INDEX health_runs_checked_at ON health_runs(checked_at);
  `,
};
