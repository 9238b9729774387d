import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../../shared/domain/errors.js';
import type { Migration } from './migration.js';
import { MIGRATIONS } from './migrations/index.js';

export const DATABASE_FILE_NAME = 'alphaswarm.db';

export interface OpenDatabaseOptions {
  /** A better-sqlite3 build for another ABI (the Electron app loads its own). */
  readonly nativeBinding?: string | undefined;
  readonly migrations?: readonly Migration[];
  /**
   * FULL (the default, and all the app and CLI use): a commit survives a power loss. NORMAL: it
   * survives a process crash, not a power loss — for test runs, which never cut the power.
   */
  readonly synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Open (creating if needed) the app database in WAL mode with full fsync, and bring it to the
 * newest schema. The data folder is created private to the user.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Database {
  const file = join(dataDir, DATABASE_FILE_NAME);
  let db: Database;
  try {
    const created = !existsSync(dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // A folder made by this app is this user's alone; one that existed is left as its owner set it.
    if (created) chmodSync(dataDir, 0o700);
    const fresh = !existsSync(file);
    db = new BetterSqlite3(file, { ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    // The database (and its WAL and shared-memory files) readable by this user only, whatever the umask.
    if (fresh) chmodSync(file, 0o600);
    // Wait for another process's lock (a second first start) instead of failing at once.
    db.pragma('busy_timeout = 5000');
    toWal(db);
    for (const side of ['-wal', '-shm']) if (existsSync(`${file}${side}`)) chmodSync(`${file}${side}`, 0o600);
  } catch (error) {
    throw dataFolderError(dataDir, error);
  }
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  migrate(db, options.migrations ?? MIGRATIONS);
  return db;
}

/**
 * WAL mode, once per database file. Switching needs the file to itself, and SQLite may answer BUSY
 * at once (no busy handler) when several first starts switch together: read the mode, and retry the
 * switch for a bounded time while another process holds the file.
 */
function toWal(db: Database): void {
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw error;
      // A short synchronous pause: opening the database is synchronous, as better-sqlite3 is.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25 + Math.floor(Math.random() * 50));
    }
  }
}

/**
 * Bring the schema up to date. Two processes may start at once on a fresh folder (the app and a
 * CLI, or `xargs -P`): the migrations run in one EXCLUSIVE transaction, and the version is read
 * again inside it, so the second one finds the work done instead of creating the tables twice.
 */
export function migrate(db: Database, migrations: readonly Migration[]): void {
  const newest = migrations.at(-1)?.version ?? 0;
  const version = () => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > newest) {
      throw new Error(
        `The database was written by a newer version of this app (schema ${current}, this build knows ${newest}). Update the app; the data is left untouched.`,
      );
    }
    return current;
  };
  if (version() === newest) return;
  db.transaction(() => {
    const current = version();
    for (const m of migrations) {
      if (m.version <= current) continue;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).exclusive();
}

/** Why the data folder cannot be used, with its path and what to do: never "unexpected failure". */
export function dataFolderError(dataDir: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error)?.message ?? String(error);
  const hint = `Point ALPHASWARM_ADMIN_DATA_DIR at a folder you can write to, or fix ${dataDir}, then retry. Nothing was changed.`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || /readonly|read-only|unable to open/i.test(message)) {
    return new AppError('config_invalid', `The data folder ${dataDir} cannot be written (${code || message}): it is read-only, or not yours.`, hint, { details: { dataDir } });
  }
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || /disk is full|no space/i.test(message)) {
    return new AppError('config_invalid', `The disk holding the data folder ${dataDir} is full.`, 'Free some space, then retry. Nothing was changed.', { details: { dataDir } });
  }
  if (code === 'ENOTDIR' || code === 'ENOENT') {
    return new AppError('config_invalid', `The data folder ${dataDir} cannot be created (${code}): part of its path is missing or is a file.`, hint, { details: { dataDir } });
  }
  return error;
}
