import type { Migration } from '../migration.js';

/**
 * Signed checkpoints of the audit log: `{row count, last seq, head hash, time}` signed with the
 * device key, each naming the one before. They anchor the chain locally: a cut tail, a rewritten
 * chain or renumbered rows no longer verify against the latest checkpoint.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'audit-checkpoints',
  up: `
    CREATE TABLE audit_checkpoints (
      n         INTEGER PRIMARY KEY,
      row_count INTEGER NOT NULL,
      last_seq  INTEGER NOT NULL,
      head      TEXT NOT NULL,
      time      TEXT NOT NULL,
      jws       TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
    CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
  `,
};
