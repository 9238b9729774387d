import type { Migration } from '../migration.js';

/**
 * INSERT OR REPLACE removes the row it replaces without firing a DELETE trigger (recursive
 * triggers are off), so the append-only tables also refuse an insert whose key is already there.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'no-replace',
  up: `
    CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_checkpoints_no_replace BEFORE INSERT ON audit_checkpoints WHEN EXISTS (SELECT 1 FROM audit_checkpoints WHERE n = NEW.n)
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
    CREATE TRIGGER database_identity_no_replace BEFORE INSERT ON database_identity WHEN EXISTS (SELECT 1 FROM database_identity WHERE id = NEW.id)
      BEGIN SELECT RAISE(ABORT, 'database_identity is written once'); END;
  `,
};
