import { ROLE_NAME_CHARS, ROLE_NAME_MAX, roleNameProblem } from './domain/aws.js';
import { ORG_ID_PATTERN_SOURCE, orgIdProblem } from './domain/org-id.js';
import { SETTINGS, SETTINGS_BY_NAME, isEditableSetting, isEnvOnly } from './settings-schema.js';

/**
 * The settings file: one JSON file in the data folder, written by electron-store in the app and by
 * its base library conf in the CLI and the Chromium fallback. Secrets never go in it.
 *
 * Version 1 (the first release) was a flat object of setting names; version 2 groups them:
 *   { "settings": {NAME: value}, "orgs": {org_id: {"awsRoleName": …}}, "preferences": {"theme": …} }
 * conf keeps the version it migrated to under "__internal__".
 */
export const SETTINGS_FILE_NAME = 'settings.json';
export const SETTINGS_CONFIG_NAME = 'settings';
export const SETTINGS_FILE_VERSION = '2.0.0';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export interface OrgOverrides {
  readonly awsRoleName?: string;
}

export interface SettingsFileData {
  readonly settings: Readonly<Record<string, string>>;
  readonly orgs: Readonly<Record<string, OrgOverrides>>;
  /** Window preferences. `presenting`: the org the window shows alone until the engineer leaves it (the CLI ignores it). */
  readonly preferences: { readonly theme?: Theme; readonly presenting?: string };
}

export const EMPTY_SETTINGS_FILE: SettingsFileData = { settings: {}, orgs: {}, preferences: {} };

const INTERNAL = '__internal__';
const SECTIONS = ['settings', 'orgs', 'preferences'] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** 1 → 2: the flat setting names move under "settings"; nothing else changes. */
export function migrateToV2(store: Json): Json {
  const next: Json = {};
  const settings: Json = isObject(store.settings) ? { ...store.settings } : {};
  for (const [key, value] of Object.entries(store)) {
    if (key.startsWith('ALPHASWARM_ADMIN_')) settings[key] = value;
    else next[key] = value;
  }
  next.settings = settings;
  return next;
}

/** Migrations by the file version they produce (conf's `migrations`, and the fast reader's). */
export const SETTINGS_FILE_MIGRATIONS: Readonly<Record<string, (store: Json) => Json>> = {
  '2.0.0': migrateToV2,
};

/** The version a file says it was migrated to ("0.0.0" for a first-release file). */
export function fileVersion(store: Json): string {
  const internal = store[INTERNAL];
  const migrations = isObject(internal) ? internal.migrations : undefined;
  const version = isObject(migrations) ? migrations.version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Bring a file's content to the current version in memory, as conf would on its next write. */
export function migrateInMemory(store: Json): { store: Json; newer: boolean } {
  const version = fileVersion(store);
  if (compareVersions(version, SETTINGS_FILE_VERSION) > 0) return { store, newer: true };
  let current = store;
  for (const [target, migrate] of Object.entries(SETTINGS_FILE_MIGRATIONS)) {
    if (compareVersions(target, version) > 0) current = migrate(current);
  }
  return { store: current, newer: false };
}

/** The JSON Schema conf and electron-store enforce on every write. */
export function settingsFileJsonSchema(): Record<string, unknown> {
  // Env-only names are accepted on disk (a hand edit) so they never block a write: they are ignored
  // when read, said so in the status, and dropped by the next write.
  const settingProperties = Object.fromEntries(SETTINGS.filter((s) => isEditableSetting(s) || isEnvOnly(s)).map((s) => [s.name, { type: 'string', maxLength: 65536 }]));
  return {
    [INTERNAL]: { type: 'object' },
    settings: { type: 'object', properties: settingProperties, additionalProperties: false, default: {} },
    orgs: {
      type: 'object',
      propertyNames: { pattern: ORG_ID_PATTERN_SOURCE },
      additionalProperties: {
        type: 'object',
        properties: { awsRoleName: { type: 'string', minLength: 1, maxLength: ROLE_NAME_MAX, pattern: ROLE_NAME_CHARS.source } },
        additionalProperties: false,
      },
      default: {},
    },
    preferences: {
      type: 'object',
      properties: { theme: { type: 'string', enum: [...THEMES] }, presenting: { type: 'string', pattern: ORG_ID_PATTERN_SOURCE } },
      additionalProperties: false,
      default: {},
    },
  };
}

export const SETTINGS_FILE_ROOT_SCHEMA = { additionalProperties: false } as const;

export interface ParsedSettingsFile {
  readonly data: SettingsFileData;
  /** What in the file is ignored, and why (the rest is used). */
  readonly problems: readonly string[];
  /** Written by a newer version of the app: read what is understood, never write over it. */
  readonly newer: boolean;
}

/**
 * Read a settings file's JSON leniently: what is valid is used, what is not is reported and
 * ignored, so one bad line never stops the app (writes go through conf's strict schema).
 */
export function parseSettingsFile(raw: unknown): ParsedSettingsFile {
  if (!isObject(raw)) return { data: EMPTY_SETTINGS_FILE, problems: ['it must hold a JSON object'], newer: false };
  const { store, newer } = migrateInMemory(raw);
  const problems: string[] = [];
  for (const key of Object.keys(store)) {
    if (key !== INTERNAL && !(SECTIONS as readonly string[]).includes(key)) problems.push(`unknown section "${key}"`);
  }
  const settings: Record<string, string> = {};
  if (isObject(store.settings)) {
    for (const [name, value] of Object.entries(store.settings)) {
      const def = SETTINGS_BY_NAME.get(name);
      if (!def) problems.push(`unknown setting "${name}"`);
      else if (def.secret) problems.push(`${name} is a secret and is never read from the settings file (set it in the environment or import it with "settings import-secret")`);
      else if (isEnvOnly(def)) problems.push(`${name} can only be set in the environment (the settings file cannot change it)`);
      else if (typeof value !== 'string') problems.push(`${name} must be a string`);
      else settings[name] = value;
    }
  } else if (store.settings !== undefined) problems.push('"settings" must be an object');
  const orgs: Record<string, OrgOverrides> = {};
  if (isObject(store.orgs)) {
    for (const [orgId, value] of Object.entries(store.orgs)) {
      if (orgIdProblem(orgId) !== undefined) problems.push(`"${orgId}" is not an org id`);
      else if (!isObject(value) || (value.awsRoleName !== undefined && (typeof value.awsRoleName !== 'string' || roleNameProblem(value.awsRoleName) !== undefined))) {
        problems.push(`the overrides for "${orgId}" are not valid (awsRoleName must be an IAM role name)`);
      } else orgs[orgId] = value.awsRoleName === undefined ? {} : { awsRoleName: value.awsRoleName };
    }
  }
  const preferences: { theme?: Theme; presenting?: string } = {};
  if (isObject(store.preferences) && store.preferences.theme !== undefined) {
    const theme = store.preferences.theme;
    if ((THEMES as readonly unknown[]).includes(theme)) preferences.theme = theme as Theme;
    else problems.push('preferences.theme must be system, light or dark');
  }
  if (isObject(store.preferences) && store.preferences.presenting !== undefined) {
    const presenting = store.preferences.presenting;
    if (typeof presenting === 'string' && orgIdProblem(presenting) === undefined) preferences.presenting = presenting;
    else problems.push('preferences.presenting must be an org id');
  }
  return { data: { settings, orgs, preferences }, problems, newer };
}
