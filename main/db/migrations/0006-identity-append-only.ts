import type { Migration } from '../migration.js';

/**
 * The database identity is written once, when the database is created: the OS keychain's record of
 * the audit checkpoints names it, so rewriting it must not be possible from inside the database.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'identity-append-only',
  up: `
    CREATE TRIGGER database_identity_no_update BEFORE UPDATE ON database_identity
      BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END;
    CREATE TRIGGER database_identity_no_delete BEFORE DELETE ON database_identity
      BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END;
  `,
};
