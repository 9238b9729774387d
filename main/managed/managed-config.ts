import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { SETTINGS_BY_NAME, type SettingDef, isManageable } from '../../shared/settings-schema.js';
import { PlistError, type PlistValue, parsePlistDict } from './plist-xml.js';
import { parseRegQuery, regValueText } from './reg-query.js';

/**
 * Managed configuration: what an IT department pushes, read-only, winning over everything else.
 * macOS managed preferences (domain = the app id), the Windows policy registry (HKLM, then HKCU,
 * under Software\Policies\AlphaSwarm\Onboarding), /etc/alphaswarm-onboarding/managed.json on
 * Linux; where the OS has none, the JSON file ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE names (never over the OS's).
 * Every name is a setting's own name. What cannot be applied is reported, never silently dropped.
 */
export interface ManagedConfig {
  /** Where it was read from (a file, a registry key, a preferences file); null when nothing is managed. */
  readonly origin: string | null;
  readonly values: Readonly<Record<string, string>>;
  /** What could not be applied, each a sentence naming what and why. */
  readonly problems: readonly string[];
}

export const NO_MANAGED_CONFIG: ManagedConfig = { origin: null, values: {}, problems: [] };
export const MANAGED_CONFIG_ENV = 'ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE';
export const LINUX_MANAGED_FILE = '/etc/alphaswarm-onboarding/managed.json';
export const WINDOWS_POLICY_KEYS = ['HKLM\\Software\\Policies\\AlphaSwarm\\Onboarding', 'HKCU\\Software\\Policies\\AlphaSwarm\\Onboarding'] as const;
const MAX_FILE_BYTES = 256 * 1024;

export type Exec = (command: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string };

/**
 * The OS's own readers, by absolute path: never looked up on PATH, which anything that starts the
 * app can set — a `reg` or `plutil` of an attacker's would otherwise speak for the IT department.
 */
export const REG_EXE = 'C:\\Windows\\System32\\reg.exe';
export const PLUTIL = '/usr/bin/plutil';
const exec: Exec = (command, args) => {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000, windowsHide: true });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? r.error.message : '') };
};

export interface ManagedSources {
  readonly platform?: NodeJS.Platform;
  readonly exec?: Exec;
  readonly appId?: string;
  /** Where macOS keeps managed preferences (tests point it at a folder of fixtures). */
  readonly macManagedDir?: string;
  readonly linuxFile?: string;
  readonly user?: string;
}

/** A setting's value from a managed source: text, or why it cannot be one. */
function asSettingText(def: SettingDef, value: unknown): { text: string } | { problem: string } {
  const boolean = def.problem?.('true') === undefined && def.problem?.('false') === undefined && def.problem !== undefined;
  if (typeof value === 'string') return value.trim() === '' ? { problem: 'is empty' } : { text: value.trim() };
  if (typeof value === 'boolean') return boolean ? { text: String(value) } : { problem: 'is a boolean, but this setting is not a yes/no setting' };
  if (typeof value === 'number' && Number.isFinite(value)) return boolean && (value === 0 || value === 1) ? { text: String(value === 1) } : { text: String(value) };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { text: value.map((v) => v.trim()).join(',') };
  return { problem: 'is not a string, number, boolean or list of strings' };
}

/** Checks each managed entry against the settings schema: secrets and unknown names are refused. */
export function validateManaged(origin: string, raw: Readonly<Record<string, unknown>>, problems: string[] = []): ManagedConfig {
  const values: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(raw)) {
    const def = SETTINGS_BY_NAME.get(rawName);
    // A name from outside goes into messages: cut and shown printable, whatever the file held.
    const name = def ? rawName : JSON.stringify(rawName.slice(0, 80));
    if (!def) {
      problems.push(`${name} is not a setting this app knows (names are spelt as in the environment, ALPHASWARM_ADMIN_…); it was not applied.`);
      continue;
    }
    if (def.secret) {
      problems.push(`${name} is a secret, and managed configuration may not carry secrets (every user of this computer can read it); it was not applied. Set it in the environment or with "settings import-secret".`);
      continue;
    }
    if (!isManageable(def)) {
      problems.push(`${name} can only be set in the environment; it was not applied.`);
      continue;
    }
    const text = asSettingText(def, value);
    if ('problem' in text) problems.push(`${name} ${text.problem}; it was not applied.`);
    else values[name] = text.text;
  }
  return { origin, values, problems };
}

/** A managed JSON file: one object of setting names. Anything else is reported, and nothing in it applies. */
export function readManagedFile(path: string): ManagedConfig {
  const bad = (why: string): ManagedConfig => ({ origin: path, values: {}, problems: [`The managed configuration file ${path} ${why}; nothing in it was applied. Ask your IT department to fix it.`] });
  let text: string;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) return bad(`is larger than ${MAX_FILE_BYTES / 1024} KiB`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return bad(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return bad(`is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad('is not a JSON object of setting names and values');
  return validateManaged(path, parsed as Record<string, unknown>);
}

/** The Windows policy keys: HKLM wins over HKCU, as Chrome's and VS Code's policies do. */
export function readWindowsPolicy(run: Exec = exec, keys: readonly string[] = WINDOWS_POLICY_KEYS): ManagedConfig {
  const raw: Record<string, unknown> = {};
  const origins: string[] = [];
  const problems: string[] = [];
  // The machine's key is read last so its values win over the user's.
  for (const key of [...keys].reverse()) {
    const r = run(REG_EXE, ['query', key]);
    // Exit 1 with "unable to find": no policy under this key.
    if (r.status !== 0) continue;
    origins.unshift(key);
    for (const v of parseRegQuery(r.stdout)) {
      const def = SETTINGS_BY_NAME.get(v.name);
      const boolean = def?.problem?.('true') === undefined && def?.problem?.('false') === undefined && def?.problem !== undefined;
      const text = regValueText(v, boolean);
      if (text === null) problems.push(`${key}\\${v.name} is a ${v.type}, which a setting cannot take (use REG_SZ, REG_DWORD or REG_MULTI_SZ); it was not applied.`);
      else raw[v.name] = text;
    }
  }
  if (origins.length === 0) return NO_MANAGED_CONFIG;
  return validateManaged(origins.join(' and '), raw, problems);
}

/** macOS managed preferences for the app id: device-wide wins over the user's. */
export function readMacManagedPreferences(options: { appId: string; dir?: string; user?: string; run?: Exec }): ManagedConfig {
  const dir = options.dir ?? '/Library/Managed Preferences';
  const run = options.run ?? exec;
  const files = [join(dir, options.user ?? userInfo().username, `${options.appId}.plist`), join(dir, `${options.appId}.plist`)].filter((f) => existsSync(f));
  if (files.length === 0) return NO_MANAGED_CONFIG;
  const raw: Record<string, PlistValue> = {};
  const problems: string[] = [];
  for (const file of files) {
    // plutil reads binary and XML plists alike and prints XML: one parser for both.
    const r = run(PLUTIL, ['-convert', 'xml1', '-o', '-', file]);
    if (r.status !== 0) {
      problems.push(`The managed preferences ${file} cannot be read (${(r.stderr || r.stdout).trim() || `plutil exit ${r.status}`}); nothing in it was applied.`);
      continue;
    }
    try {
      Object.assign(raw, parsePlistDict(r.stdout));
    } catch (error) {
      if (!(error instanceof PlistError)) throw error;
      problems.push(`The managed preferences ${file} are malformed (${error.message}); nothing in them was applied.`);
    }
  }
  return validateManaged(files.join(' and '), raw, problems);
}

/** The managed configuration for this machine, from the environment's file or the OS's own place. */
export function loadManagedConfig(env: Readonly<Record<string, string | undefined>>, sources: ManagedSources = {}): ManagedConfig {
  // The OS's own place comes first: an environment variable (which anything that starts the app
  // can set) never replaces what the IT department manages; it only stands in where nothing is.
  const fromOs = readOsManagedConfig(sources);
  const file = env[MANAGED_CONFIG_ENV]?.trim();
  if (!file) return fromOs;
  if (fromOs.origin === null) return readManagedFile(file);
  return { ...fromOs, problems: [...fromOs.problems, `${MANAGED_CONFIG_ENV} (${file}) is ignored: your organisation's managed configuration (${fromOs.origin}) applies.`] };
}

function readOsManagedConfig(sources: ManagedSources): ManagedConfig {
  const platform = sources.platform ?? process.platform;
  if (platform === 'win32') return readWindowsPolicy(sources.exec);
  if (platform === 'darwin') return readMacManagedPreferences({ appId: sources.appId ?? 'ai.alpha-swarm.onboarding', ...(sources.macManagedDir ? { dir: sources.macManagedDir } : {}), ...(sources.user ? { user: sources.user } : {}), ...(sources.exec ? { run: sources.exec } : {}) });
  const linux = sources.linuxFile ?? LINUX_MANAGED_FILE;
  return existsSync(linux) ? readManagedFile(linux) : NO_MANAGED_CONFIG;
}
