import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/domain/errors.js';
import {
  EMPTY_SETTINGS_FILE,
  SETTINGS_CONFIG_NAME,
  SETTINGS_FILE_MIGRATIONS,
  SETTINGS_FILE_NAME,
  SETTINGS_FILE_ROOT_SCHEMA,
  SETTINGS_FILE_VERSION,
  type SettingsFileData,
  parseSettingsFile,
  settingsFileJsonSchema,
} from '../../shared/settings-file.js';

/** What conf and electron-store have in common, as far as this app uses them. */
export interface SettingsBackend {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface SettingsBackendOptions {
  readonly cwd: string;
  readonly configName: string;
  readonly fileExtension: 'json';
  readonly schema: Record<string, unknown>;
  readonly rootSchema: Record<string, unknown>;
  readonly projectVersion: string;
  readonly migrations: Record<string, (store: SettingsBackend) => void>;
  readonly accessPropertiesByDotNotation: false;
  readonly clearInvalidConfig: false;
  readonly configFileMode: number;
}

/** Builds the library that writes the file: electron-store in Electron, conf elsewhere. */
export type SettingsBackendFactory = (options: SettingsBackendOptions) => Promise<SettingsBackend>;

/** conf, loaded only when something is written: reading the file needs neither it nor its JSON Schema compiler. */
export const confBackend: SettingsBackendFactory = async (options) => {
  const { default: Conf } = await import('conf');
  // conf's own option types describe a typed store; this one is validated by the JSON Schema given.
  return new Conf(options as ConstructorParameters<typeof Conf>[0]);
};

interface Snapshot {
  readonly key: string;
  readonly data: SettingsFileData;
  readonly problem: string | undefined;
  readonly newer: boolean;
  /** The whole file could not be read or parsed: nothing can be written over it. */
  readonly broken: boolean;
}

/**
 * The settings file: checked on every use (so a `settings set` in a terminal shows in the open app),
 * parsed again only when the file changed — or, inside `operation`, checked once for all the
 * operation reads; written through conf / electron-store with the schema
 * and versioned migrations, atomically, readable by this user only.
 */
export class SettingsFileStore {
  readonly path: string;
  private snapshot: Snapshot | undefined;
  /** Inside an operation: the snapshot it reads, whatever another process writes meanwhile. */
  private pinned: Snapshot | undefined;
  private depth = 0;

  constructor(
    private readonly dir: string,
    private readonly backend: SettingsBackendFactory = confBackend,
  ) {
    this.path = join(dir, SETTINGS_FILE_NAME);
  }

  private stamp(): string | undefined {
    // No exception for "no file yet", the common case on a fresh laptop: building one costs more than the stat.
    const s = statSync(this.path, { throwIfNoEntry: false });
    return s ? `${s.ino}:${s.size}:${s.mtimeMs}` : undefined;
  }

  /**
   * Runs one operation (an artifact set, an org's pack) on one reading of the file: its stamp is
   * checked once, at the first read, not once per value. What it returns synchronously is all that is
   * covered; the next operation checks again, so another process's change shows there. Nests.
   */
  operation<T>(run: () => T): T {
    this.depth += 1;
    try {
      return run();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) this.pinned = undefined;
    }
  }

  private load(): Snapshot {
    if (this.pinned) return this.pinned;
    const snapshot = this.current();
    if (this.depth > 0) this.pinned = snapshot;
    return snapshot;
  }

  private current(): Snapshot {
    const key = this.stamp() ?? 'absent';
    if (this.snapshot?.key === key) return this.snapshot;
    let snapshot: Snapshot;
    if (key === 'absent') snapshot = { key, data: EMPTY_SETTINGS_FILE, problem: undefined, newer: false, broken: false };
    else {
      let text: string | undefined;
      let problem: string | undefined;
      try {
        text = readFileSync(this.path, 'utf8');
      } catch (error) {
        problem = `${this.path} could not be read: ${(error as Error).message}`;
      }
      let raw: unknown;
      if (text !== undefined) {
        try {
          raw = JSON.parse(text);
        } catch (error) {
          problem = `${this.path} is not valid JSON (${(error as Error).message}); it is ignored until fixed.`;
        }
      }
      if (problem !== undefined) snapshot = { key, data: EMPTY_SETTINGS_FILE, problem, newer: false, broken: true };
      else {
        const parsed = parseSettingsFile(raw);
        snapshot = {
          key,
          data: parsed.data,
          newer: parsed.newer,
          broken: false,
          problem: parsed.problems.length ? `${this.path}: ${parsed.problems.join('; ')}; ${parsed.problems.length === 1 ? 'that entry is' : 'those entries are'} ignored.` : undefined,
        };
      }
    }
    this.snapshot = snapshot;
    return snapshot;
  }

  read(): SettingsFileData {
    return this.load().data;
  }

  /** Whether the file cannot be read at all now (not JSON, or not ours): its values are defaults meanwhile. */
  broken(): boolean {
    return this.load().broken === true;
  }

  /** Why part (or all) of the file is being ignored, if it is. */
  problem(): string | undefined {
    return this.load().problem;
  }

  /**
   * Why no change can be written now (a newer version's file, or one that cannot be read), checked
   * before anything is asked of the engineer: a code is never spent on a write that must fail.
   */
  assertWritable(): void {
    const snapshot = this.load();
    if (snapshot.newer) throw newerFile(this.path);
    if (snapshot.broken) throw new AppError('precondition_failed', `${snapshot.problem}`, `Fix or remove ${this.path} first (Settings shows what is wrong); nothing was changed.`);
  }

  /**
   * Apply a change through the schema-checked writer; nothing is written if it fails. Read, change
   * and write happen under a lock shared with every other process on this data folder (the app
   * beside a CLI, or ten CLIs at once), so no writer overwrites another's change with an old copy.
   */
  async update(change: (current: SettingsFileData) => SettingsFileData): Promise<void> {
    const release = await this.lock();
    try {
      await this.updateLocked(change);
    } finally {
      await release().catch(() => undefined);
    }
  }

  private async lock(): Promise<() => Promise<void>> {
    const { default: lockfile } = await import('proper-lockfile');
    try {
      // A lock left by a process that died is taken over once it is 3 s stale (a holder refreshes it
      // every 1.5 s; one write takes milliseconds).
      return await lockfile.lock(this.path, { realpath: false, lockfilePath: `${this.path}.lock`, stale: 3_000, retries: { retries: 200, factor: 1.2, minTimeout: 10, maxTimeout: 250, randomize: true } });
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code === 'ELOCKED') {
        throw new AppError('conflict', `Another process has been changing ${this.path} for too long, so this change was not made.`, 'Retry in a moment; if it keeps happening, close other copies of the app or the CLI.');
      }
      throw unwritable(this.path, error);
    }
  }

  private async updateLocked(change: (current: SettingsFileData) => SettingsFileData): Promise<void> {
    this.snapshot = undefined;
    this.pinned = undefined;
    const snapshot = this.load();
    if (snapshot.newer) throw newerFile(this.path);
    let store: SettingsBackend;
    try {
      store = await this.backend({
        cwd: this.dir,
        configName: SETTINGS_CONFIG_NAME,
        fileExtension: 'json',
        schema: settingsFileJsonSchema(),
        rootSchema: { ...SETTINGS_FILE_ROOT_SCHEMA },
        projectVersion: SETTINGS_FILE_VERSION,
        migrations: Object.fromEntries(
          Object.entries(SETTINGS_FILE_MIGRATIONS).map(([version, migrate]) => [version, (s: SettingsBackend) => void (s.store = migrate(s.store))]),
        ),
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        configFileMode: 0o600,
      });
    } catch (error) {
      throw unwritable(this.path, error);
    }
    // The writer has migrated and validated what is on disk; change exactly that.
    const onDisk = parseSettingsFile(store.store).data;
    const next = change(onDisk);
    try {
      store.store = { settings: { ...next.settings }, orgs: { ...next.orgs }, preferences: { ...next.preferences } };
    } catch (error) {
      throw unwritable(this.path, error);
    }
    this.snapshot = undefined;
    // A change made inside an operation is what the rest of it reads.
    this.pinned = undefined;
  }
}

function unwritable(path: string, error: unknown): AppError {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'SyntaxError') {
    return new AppError('config_invalid', `${path} is not valid JSON, so it was not changed (${e.message}).`, 'Fix the file by hand or move it aside (the app then starts a new one), and retry.');
  }
  if (typeof e?.message === 'string' && e.message.startsWith('Config schema violation')) {
    return new AppError('config_invalid', `${path} does not match the settings schema (${e.message.replace('Config schema violation: ', '')}), so it was not changed.`, 'Fix or remove the entry it names, then retry.');
  }
  if (e?.code === 'EACCES' || e?.code === 'EPERM' || e?.code === 'EROFS') {
    return new AppError('config_invalid', `The settings file cannot be written: ${path} is read-only (${e.code}).`, 'Make the data folder writable for your user (or point ALPHASWARM_ADMIN_DATA_DIR elsewhere), then retry.');
  }
  if (e?.code === 'ENOSPC') {
    return new AppError('config_invalid', `The disk holding ${path} is full, so the settings were not changed.`, 'Free some space, then retry.');
  }
  return new AppError('internal', `The settings file could not be written: ${e?.message ?? String(error)}.`, 'Nothing was changed. Retry; if it keeps failing, check the data folder.');
}

function newerFile(path: string): AppError {
  return new AppError('precondition_failed', `${path} was written by a newer version of this app.`, 'Update the app before changing settings here; the file is left untouched.');
}
