import type { Migration } from '../migration.js';

/**
 * The estate per org and cloud. What an engineer chose to include and exclude of a customer's estate (per org and cloud), so a
 * re-scan tells "excluded on purpose" apart from "new". Not a secret; written only by a connect
 * run that was stepped up and audited.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'estate-selections',
  up: `
    CREATE TABLE estate_selections (
      org_id     TEXT NOT NULL,
      cloud      TEXT NOT NULL,
      selection  TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (org_id, cloud)
    );
    -- The last scan of each org's estate: the accounts it found not connected (within the
    -- selection), so Health can say how many are still waiting without a cloud call.
    CREATE TABLE estate_scans (
      org_id     TEXT NOT NULL,
      cloud      TEXT NOT NULL,
      scanned_at TEXT NOT NULL,
      total      INTEGER NOT NULL,
      new_ids    TEXT NOT NULL,
      PRIMARY KEY (org_id, cloud)
    );
  `,
};
