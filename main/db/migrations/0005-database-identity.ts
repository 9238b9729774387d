import type { Migration } from '../migration.js';

/**
 * A random identity for this database, made once when it is created. The OS keychain's record of
 * the latest audit checkpoint names it, so a new database at the same path (a data folder deleted
 * on purpose) is told apart from an older copy of this one put back.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'database-identity',
  up: `
    CREATE TABLE database_identity (
      id    INTEGER PRIMARY KEY CHECK (id = 1),
      value TEXT NOT NULL
    ) STRICT;
    INSERT INTO database_identity (id, value) VALUES (1, lower(hex(randomblob(16))));
  `,
};
