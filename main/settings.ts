import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../shared/domain/errors.js';
import { CLOUD_LABELS, type CloudKind } from '../shared/domain/cloud.js';
import type { SettingStatus, SettingsStatus } from '../shared/ipc/settings.js';
import { SETTINGS, SETTINGS_BY_NAME, type SettingDef } from '../shared/settings-schema.js';
import { defaultDataDir } from './platform/paths.js';

export type Env = Readonly<Record<string, string | undefined>>;

export type SettingSource = SettingStatus['source'];

export interface ResolvedSetting {
  readonly def: SettingDef;
  readonly value: string | undefined;
  readonly source: SettingSource;
  readonly problem: string | undefined;
}

/** Looks up a secret setting imported into the encrypted store (e.g. the external-id key). */
export type SecretSettingLookup = (name: string) => string | undefined;

export const SETTINGS_FILE_NAME = 'settings.json';

interface SettingsFile {
  readonly path: string;
  readonly values: Readonly<Record<string, string>>;
  readonly problem: string | undefined;
}

function readSettingsFile(path: string): SettingsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, values: {}, problem: undefined };
    return { path, values: {}, problem: `${path} could not be read: ${(error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { path, values: {}, problem: `${path} is not valid JSON (${(error as Error).message}); it is ignored until fixed.` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { path, values: {}, problem: `${path} must hold a JSON object of setting names to strings; it is ignored until fixed.` };
  }
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const def = SETTINGS_BY_NAME.get(key);
    if (!def) problems.push(`unknown setting "${key}"`);
    else if (def.secret) problems.push(`${key} is a secret and is never read from the settings file (set it in the environment or import it with "settings import-secret")`);
    else if (def.envOnly) problems.push(`${key} can only be set in the environment`);
    else if (typeof value !== 'string') problems.push(`${key} must be a string`);
    else values[key] = value;
  }
  return { path, values, problem: problems.length ? `${path}: ${problems.join('; ')}.` : undefined };
}

/**
 * Settings resolved environment first, then the settings file, then defaults. A bad value is kept
 * with its problem, so the status panel can show it and only the cloud that needs it is refused.
 */
export class Settings {
  readonly dataDir: string;
  readonly file: SettingsFile;
  private secretLookup: SecretSettingLookup = () => undefined;

  constructor(
    readonly env: Env,
    dataDirOverride?: string,
  ) {
    const fromEnv = env.ALPHASWARM_ADMIN_DATA_DIR?.trim();
    const dir = dataDirOverride ?? (fromEnv ? fromEnv : defaultDataDir(env));
    this.dataDir = isAbsolute(dir) ? dir : resolve(dir);
    this.file = readSettingsFile(join(this.dataDir, SETTINGS_FILE_NAME));
  }

  /** Lets imported secrets (held encrypted) stand in when the environment has none. */
  useSecretLookup(lookup: SecretSettingLookup): void {
    this.secretLookup = lookup;
  }

  resolve(name: string): ResolvedSetting {
    const def = SETTINGS_BY_NAME.get(name);
    if (!def) throw new Error(`Unknown setting ${name}`);
    const envValue = this.env[name];
    let value: string | undefined;
    let source: SettingSource = 'unset';
    if (envValue !== undefined && envValue.trim() !== '') {
      value = def.secret ? envValue : envValue.trim();
      source = 'environment';
    } else if (def.secret) {
      const imported = this.secretLookup(name);
      if (imported !== undefined) {
        value = imported;
        source = 'secret store';
      }
    } else if (!def.envOnly && this.file.values[name] !== undefined && this.file.values[name]!.trim() !== '') {
      value = this.file.values[name]!.trim();
      source = 'settings file';
    }
    if (value === undefined && def.defaultValue !== undefined) {
      value = def.defaultValue;
      source = 'default';
    }
    const problem = value !== undefined ? def.problem?.(value) : undefined;
    return { def, value, source, problem };
  }

  /** The value, or a config error that names the variable and says how to set it. */
  require(name: string): string {
    const r = this.resolve(name);
    if (r.value === undefined) {
      throw new AppError(
        'config_missing',
        `${name} is not set, so ${r.def.cloud ? `${CLOUD_LABELS[r.def.cloud]} bootstrap` : 'this'} cannot run.`,
        `Set ${name} (${r.def.label}) in the environment${r.def.secret ? ' or import it with "settings import-secret"' : ` or in ${this.file.path}`}, then retry.`,
        { details: { variable: name } },
      );
    }
    if (r.problem) throw invalidSetting(r);
    return r.value;
  }

  /** The value when set and valid; undefined when unset; a config error when set but wrong. */
  optional(name: string): string | undefined {
    const r = this.resolve(name);
    if (r.value === undefined) return undefined;
    if (r.problem) throw invalidSetting(r);
    return r.value;
  }

  int(name: string): number {
    return Number(this.require(name));
  }

  status(keychain: SettingsStatus['keychain'], clouds: readonly CloudKind[]): SettingsStatus {
    const describe = (def: SettingDef): SettingStatus => {
      const r = this.resolve(def.name);
      return {
        name: def.name,
        label: def.label,
        required: def.required,
        secret: def.secret,
        source: r.source,
        value: def.secret ? null : (r.value ?? null),
        problem: r.problem ? `${def.name} ${r.problem}` : null,
      };
    };
    return {
      dataDir: this.dataDir,
      settingsFile: this.file.path,
      settingsFileProblem: this.file.problem ?? null,
      keychain,
      clouds: clouds.map((cloud) => {
        const identities = SETTINGS.filter((s) => s.cloud === cloud && s.group === 'identity').map(describe);
        return {
          cloud,
          ready: identities.every((i) => (i.required ? i.source !== 'unset' : true) && i.problem === null),
          identities,
          endpoints: SETTINGS.filter((s) => s.cloud === cloud && s.group === 'endpoint').map(describe),
        };
      }),
      general: SETTINGS.filter((s) => s.cloud === null).map(describe),
    };
  }
}

function invalidSetting(r: ResolvedSetting): AppError {
  const where = r.source === 'settings file' ? 'the settings file' : r.source === 'secret store' ? 'the secret store' : 'the environment';
  return new AppError(
    'config_invalid',
    `${r.def.name} ${r.problem}.`,
    `Fix ${r.def.name} in ${where}, then retry.`,
    { details: { variable: r.def.name } },
  );
}
