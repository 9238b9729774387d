import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { capitalize } from '../shared/domain/describe.js';
import { AppError } from '../shared/domain/errors.js';
import { CLOUD_LABELS, type CloudKind } from '../shared/domain/cloud.js';
import { LONGEST_SHOWN_VALUE } from '../shared/setting-def.js';
import type { SettingStatus, SettingsStatus } from '../shared/ipc/settings.js';
import type { SettingsFileData, Theme } from '../shared/settings-file.js';
import { SETTINGS, SETTINGS_BY_NAME, type SettingDef, SETTING_CLASSES, TEST_MODE_SETTING, isEditableSetting, isEnvOnly, isManageable, needsStepUp, secretEndpointProblem } from '../shared/settings-schema.js';
import { type ManagedConfig, loadManagedConfig } from './managed/managed-config.js';
import { defaultDataDir } from './platform/paths.js';
import { type SettingsBackendFactory, SettingsFileStore } from './settings/settings-file-store.js';

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

/** The non-secret settings an active (verified, unexpired) platform profile carries, by name. */
export type ProfileSettings = Readonly<Record<string, string>>;

/**
 * The data folder in one spelling: `dir/`, `dir//` and `dir` are one folder, and the data key in the
 * OS keychain is named after this spelling. Symbolic links are resolved where the folder exists.
 */
export function normalizeDataDir(dir: string): string {
  const absolute = resolve(dir.trim());
  try {
    return existsSync(absolute) ? realpathSync.native(absolute) : absolute;
  } catch {
    return absolute;
  }
}

/** One checked change to one setting, before it is written. */
export interface SettingChange {
  readonly def: SettingDef;
  /** The value in effect now, from wherever it comes (default included). */
  readonly before: string | undefined;
  readonly beforeSource: SettingSource;
  /** The value to write; undefined removes it from the settings file. */
  readonly after: string | undefined;
  /** The class is a trust decision: a code and a confirmation main shows itself. */
  readonly stepUp: boolean;
}

export interface SettingsOptions {
  readonly dataDirOverride?: string;
  /** electron-store inside Electron; conf (the default) in the CLI and the Chromium fallback. */
  readonly backend?: SettingsBackendFactory;
  /** What the IT department pushed; read from the OS (or ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE) by default. */
  readonly managed?: ManagedConfig;
}

/**
 * Settings resolved managed configuration first (what the IT department pushed), then the
 * environment, then the platform profile, then the settings file, then defaults. A bad value is kept with its problem, so the status panel can show it and only the
 * cloud that needs it is refused.
 */
export class Settings {
  readonly dataDir: string;
  readonly file: SettingsFileStore;
  readonly managed: ManagedConfig;
  private secretLookup: SecretSettingLookup = () => undefined;
  private profileLookup: () => ProfileSettings | undefined = () => undefined;
  /** The last check of each setting's value: checks are pure, and a pack of thousands of orgs reads the same values. */
  private readonly lastChecked = new Map<string, { readonly value: string; readonly testMode: boolean; readonly problem: string | undefined }>();

  constructor(
    readonly env: Env,
    options: SettingsOptions = {},
  ) {
    const fromEnv = env.ALPHASWARM_ADMIN_DATA_DIR?.trim();
    this.dataDir = normalizeDataDir(options.dataDirOverride ?? (fromEnv ? fromEnv : defaultDataDir(env)));
    this.file = new SettingsFileStore(this.dataDir, options.backend);
    this.managed = options.managed ?? loadManagedConfig(env);
  }

  /** The managed value of a setting, when the IT department set one (never for secrets; env-only only where marked). */
  private fromManaged(def: SettingDef): string | undefined {
    return isManageable(def) ? this.managed.values[def.name] : undefined;
  }

  /** Lets imported secrets (held encrypted) stand in when the environment has none. */
  useSecretLookup(lookup: SecretSettingLookup): void {
    this.secretLookup = lookup;
  }

  /** Lets the active platform profile supply settings between the environment and the file. */
  useProfile(lookup: () => ProfileSettings | undefined): void {
    this.profileLookup = lookup;
  }

  private fromEnv(def: SettingDef): string | undefined {
    const value = this.env[def.name];
    if (value === undefined || value.trim() === '') return undefined;
    return def.secret ? value : value.trim();
  }

  /** One operation's reads of the settings file on one reading of it (see SettingsFileStore.operation). */
  operation<T>(run: () => T): T {
    return this.file.operation(run);
  }

  resolve(name: string, options: { withoutProfile?: boolean } = {}): ResolvedSetting {
    const def = SETTINGS_BY_NAME.get(name);
    if (!def) throw new Error(`Unknown setting ${name}`);
    const managed = this.fromManaged(def);
    let value = managed ?? this.fromEnv(def);
    let source: SettingSource = managed !== undefined ? 'managed' : value === undefined ? 'unset' : 'environment';
    if (value === undefined && def.secret) {
      const imported = this.secretLookup(name);
      if (imported !== undefined) {
        value = imported;
        source = 'secret store';
      }
    }
    if (value === undefined && isEditableSetting(def)) {
      const fromProfile = options.withoutProfile || def.notInProfile ? undefined : this.profileLookup()?.[name];
      const fromFile = this.file.read().settings[name]?.trim();
      if (fromProfile !== undefined) {
        value = fromProfile;
        source = 'profile';
      } else if (fromFile) {
        value = fromFile;
        source = 'settings file';
      }
    }
    if (value === undefined && def.defaultValue !== undefined) {
      value = def.defaultValue;
      source = 'default';
    }
    const problem = value !== undefined ? this.valueProblem(def, value) : undefined;
    return { def, value, source, problem };
  }

  /** Plain http to loopback is allowed for secret endpoints only while the environment says test mode. */
  get testMode(): boolean {
    return this.env[TEST_MODE_SETTING]?.trim() === '1';
  }

  /** Why a value is unacceptable for this setting, wherever it came from (environment included). */
  valueProblem(def: SettingDef, value: string): string | undefined {
    const testMode = this.testMode;
    // A secret's value is not kept around longer than its use.
    if (def.secret) return def.problem?.(value) ?? (def.class === 'secret-endpoint' ? secretEndpointProblem(value, testMode) : undefined);
    const last = this.lastChecked.get(def.name);
    if (last?.value === value && last.testMode === testMode) return last.problem;
    const problem = def.problem?.(value) ?? (def.class === 'secret-endpoint' ? secretEndpointProblem(value, testMode) : undefined);
    this.lastChecked.set(def.name, { value, testMode, problem });
    return problem;
  }

  /** The value, or a config error that names what is missing in words and how to set it. */
  require(name: string): string {
    const r = this.resolve(name);
    if (r.value === undefined) {
      throw new AppError(
        'config_missing',
        `${capitalize(r.def.purpose)} is not set, so ${r.def.cloud ? `${CLOUD_LABELS[r.def.cloud]} cannot be set up` : 'this cannot run'}.`,
        r.def.secret
          ? `Set ${name} in the environment or import it with "settings import-secret", then retry.`
          : `Import your platform profile, or set it in Settings (CLI: settings set ${name} <value>), then retry.`,
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

  /** A per-org AWS role name from the settings file (a profile's comes first; see AwsOrgIdentity). */
  orgOverrides(orgId: string): { awsRoleName?: string } {
    return this.file.read().orgs[orgId] ?? {};
  }

  theme(): Theme {
    return this.file.read().preferences.theme ?? 'system';
  }

  /** Why a change to `name` cannot be made here, before anything is written. */
  private editable(name: string): SettingDef {
    const def = SETTINGS_BY_NAME.get(name);
    if (!def) throw new AppError('bad_request', `There is no setting called ${name}.`, 'Run "settings status" to see every setting by name.', { field: 'name' });
    if (def.secret) {
      throw new AppError('bad_request', `${name} is a secret; secrets never go into the settings file.`, 'Import it with "settings import-secret" (it is stored encrypted), or set it in the environment.', { field: 'name' });
    }
    if (isEnvOnly(def)) throw new AppError('bad_request', `${name} can only be set in the environment.`, `Set ${name} before starting the app.`, { field: 'name' });
    if (this.fromManaged(def) !== undefined) {
      throw new AppError('precondition_failed', `${name} is set by your organisation (managed configuration: ${this.managed.origin}), which wins over everything else, so it cannot be changed here.`, 'Ask your IT department if it needs to be different.', {
        field: 'value',
        details: { variable: name },
      });
    }
    if (this.fromEnv(def) !== undefined) {
      throw new AppError('precondition_failed', `${name} is set in the environment, which wins over Settings, so changing it here would have no effect.`, `Unset ${name} in the environment to manage it here.`, {
        field: 'value',
        details: { variable: name },
      });
    }
    if (!def.notInProfile && this.profileLookup()?.[name] !== undefined) {
      throw new AppError('precondition_failed', `${name} comes from your platform profile, which wins over Settings.`, 'Ask the platform team for a profile with the value you need, then import it.', {
        field: 'value',
        details: { variable: name },
      });
    }
    return def;
  }

  /**
   * Check a change completely before anything is asked or written: the setting exists, may be
   * changed here, and the new value is valid. `rawValue` undefined (or blank) removes it.
   */
  planChange(name: string, rawValue: string | undefined): SettingChange {
    const def = this.editable(name);
    const value = rawValue?.trim() || undefined;
    if (value !== undefined) {
      // Test mode lets the environment point at a loopback fake; what is written is always https.
      const problem = def.problem?.(value) ?? (def.class === 'secret-endpoint' ? secretEndpointProblem(value, false) : undefined);
      if (problem) throw new AppError('config_invalid', `${name} ${problem}.`, 'Correct the value; nothing was written.', { field: 'value', details: { variable: name } });
      // Main's confirmation shows a trust decision's value whole: one too long to show is refused, never cut.
      if (needsStepUp(def) && value.length > LONGEST_SHOWN_VALUE) {
        throw new AppError('config_invalid', `${name} is ${value.length} characters long; a protected setting is at most ${LONGEST_SHOWN_VALUE}, so the confirmation can show all of it.`, 'Give a shorter value (a command can live in a script file); nothing was written.', { field: 'value', details: { variable: name } });
      }
    }
    // Nothing is asked of the engineer for a change that would do nothing, or could not be written.
    const before = this.resolve(name);
    if (value === undefined && before.source !== 'settings file') {
      throw new AppError('bad_request', `${name} is not set in Settings, so there is nothing to remove.`, 'Nothing was changed.', { field: 'name', details: { variable: name } });
    }
    if (value !== undefined && before.source === 'settings file' && before.value === value) {
      throw new AppError('bad_request', `${name} already has that value in Settings.`, 'Nothing was changed.', { field: 'value', details: { variable: name } });
    }
    this.file.assertWritable();
    return { def, before: before.value, beforeSource: before.source, after: value, stepUp: needsStepUp(def) };
  }

  /** Write a planned change (the caller has taken step-up for it when the class needs one). */
  async apply(change: SettingChange): Promise<ResolvedSetting> {
    const { name } = change.def;
    const value = change.after;
    await this.file.update((d) => ({
      ...d,
      settings: value === undefined ? Object.fromEntries(Object.entries(d.settings).filter(([k]) => k !== name)) : { ...d.settings, [name]: value },
    }));
    return this.resolve(name);
  }

  /**
   * Validate and write one setting with no step-up: only a preference. A trust decision goes
   * through planChange, the step-up and confirmation in the IPC handler, then apply.
   */
  async set(name: string, rawValue: string | undefined): Promise<ResolvedSetting> {
    const change = this.planChange(name, rawValue);
    if (change.stepUp) {
      throw new AppError('step_up_required', `Changing ${name} needs step-up MFA: it is ${SETTING_CLASSES[change.def.class]}.`, `Change it with "settings set ${name} VALUE --otp CODE", or in Settings with your code.`, { details: { setting: name } });
    }
    return this.apply(change);
  }

  async unset(name: string): Promise<ResolvedSetting> {
    return this.set(name, undefined);
  }

  async setOrgRoleName(orgId: string, roleName: string | undefined): Promise<void> {
    await this.file.update((d): SettingsFileData => {
      const { [orgId]: _old, ...others } = d.orgs;
      return { ...d, orgs: roleName === undefined ? others : { ...others, [orgId]: { awsRoleName: roleName } } };
    });
  }

  /** The org the window presents alone, remembered across restarts until the engineer leaves it. */
  presenting(): string | undefined {
    const value = this.file.read().preferences.presenting;
    // A file broken while the window presents must not end presenting (every other customer would come back on screen).
    if (this.file.broken()) return this.lastPresenting;
    this.lastPresenting = value;
    return value;
  }

  private lastPresenting: string | undefined;

  async setPresenting(orgId: string | undefined): Promise<void> {
    await this.file.update((d) => {
      const { presenting: _old, ...rest } = d.preferences;
      return { ...d, preferences: orgId === undefined ? rest : { ...rest, presenting: orgId } };
    });
  }

  async setTheme(theme: Theme): Promise<void> {
    await this.file.update((d) => ({ ...d, preferences: { ...d.preferences, theme } }));
  }

  describe(def: SettingDef): SettingStatus {
    const r = this.resolve(def.name);
    const lockedBy = r.source === 'managed' ? 'managed' : this.fromEnv(def) !== undefined ? 'environment' : r.source === 'profile' ? 'profile' : isEnvOnly(def) ? 'environment-only' : def.secret ? 'secret' : null;
    return {
      name: def.name,
      label: def.label,
      purpose: def.purpose,
      example: def.example ?? null,
      required: def.required,
      secret: def.secret,
      source: r.source,
      value: def.secret ? null : (r.value ?? null),
      defaultValue: def.defaultValue ?? null,
      problem: r.problem ? `${def.name} ${r.problem}` : null,
      lockedBy,
      class: def.class,
      stepUp: isEditableSetting(def) && needsStepUp(def),
    };
  }

  status(keychain: SettingsStatus['keychain'], clouds: readonly CloudKind[], extra: Pick<SettingsStatus, 'profile' | 'externalIds' | 'orgRoleNames' | 'azureApps' | 'unreadableSecrets'>): SettingsStatus {
    return {
      dataDir: this.dataDir,
      settingsFile: this.file.path,
      settingsFileProblem: this.file.problem() ?? null,
      managed: { origin: this.managed.origin, settings: Object.keys(this.managed.values), problems: [...this.managed.problems] },
      keychain,
      theme: this.theme(),
      ...extra,
      clouds: clouds.map((cloud) => {
        const identities = SETTINGS.filter((s) => s.cloud === cloud && s.group === 'identity').map((d) => this.describe(d));
        const missing = identities.filter((i) => (i.required && i.source === 'unset') || i.problem !== null).map((i) => ({ name: i.name, purpose: i.purpose, problem: i.problem }));
        if (cloud === 'aws' && extra.externalIds.source === 'none') {
          missing.push({ name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', purpose: 'external ids for your organisations: import your platform profile', problem: null });
        }
        return {
          cloud,
          ready: missing.length === 0,
          missing,
          identities,
          endpoints: SETTINGS.filter((s) => s.cloud === cloud && s.group === 'endpoint').map((d) => this.describe(d)),
        };
      }),
      general: SETTINGS.filter((s) => s.cloud === null).map((d) => this.describe(d)),
    };
  }
}


function invalidSetting(r: ResolvedSetting): AppError {
  const where: Record<SettingSource, string> = {
    managed: "your organisation's managed configuration (ask your IT department)",
    'settings file': 'Settings (or the settings file)',
    'secret store': 'the secret store ("settings import-secret")',
    environment: 'the environment',
    profile: 'your platform profile (ask the platform team for a corrected one)',
    default: 'the app (this is a bug: report it)',
    unset: 'Settings',
  };
  return new AppError('config_invalid', `${r.def.name} ${r.problem}.`, `Fix ${r.def.name} in ${where[r.source]}, then retry.`, { details: { variable: r.def.name } });
}
