import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

export const DATABASE_FILE_NAME = 'alphaswarm.db';

export interface OpenDatabaseOptions {
  /** A better-sqlite3 build for another ABI (the Electron app loads its own). */
  readonly nativeBinding?: string | undefined;
  readonly migrations?: readonly Migration[];
}

/**
 * Open (creating if needed) the app database in WAL mode with full fsync, and bring it to the
 * newest schema. The data folder is created private to the user.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}

export function migrate(db: Database, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `The database was written by a newer version of this app (schema ${current}, this build knows ${newest}). Update the app; the data is left untouched.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
