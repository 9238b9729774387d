import { CLOUDS, type CloudKind } from './clouds/index.js';
import { positiveInt, urlProblem } from './setting-checks.js';

/**
 * Every setting the app reads. Resolved environment first, then the platform profile, then the
 * settings file, then the default (secrets: environment, then the encrypted store, never a file).
 */
/** `Cloud`: the kinds a setting may belong to (descriptors, which define the kinds, use `string`). */
export interface SettingDef<Cloud extends string = CloudKind> {
  readonly name: string;
  /** A short label for the field. */
  readonly label: string;
  /** What it is, in words a field engineer reads on a card ("AlphaSwarm's AWS partner account id"). */
  readonly purpose: string;
  readonly cloud: Cloud | null;
  readonly group: 'identity' | 'endpoint' | 'general';
  /** Bootstrap for `cloud` is refused while this is unset. */
  readonly required: boolean;
  /** Never read from the settings file, never shown, never logged. */
  readonly secret: boolean;
  /** Read only from the environment (e.g. where the settings file itself lives). */
  readonly envOnly?: boolean;
  /** A platform profile may not carry it (a trust anchor cannot be set by what it verifies). */
  readonly notInProfile?: boolean;
  readonly defaultValue?: string;
  /** An example shown as the empty field's placeholder. */
  readonly example?: string;
  /** Why a value is unacceptable, or undefined. */
  readonly problem?: (value: string) => string | undefined;
}

export { ROLE_NAME_PLACEHOLDER, audienceProblem, roleNamePatternProblem, urlProblem } from './setting-checks.js';

export const SETTING_PREFIX = 'ALPHASWARM_ADMIN_';

/** Settings of no one cloud; each cloud's own are in its descriptor (shared/clouds). */
const GENERAL_SETTINGS: readonly SettingDef[] = [
  { name: 'ALPHASWARM_ADMIN_DATA_DIR', label: 'Data folder', purpose: 'where the database, settings and logs live', cloud: null, group: 'general', required: false, secret: false, envOnly: true },
  {
    name: 'ALPHASWARM_ADMIN_OIDC_ISSUER',
    label: 'AlphaSwarm OIDC issuer',
    purpose: "AlphaSwarm's OIDC issuer, named in federated credentials and providers",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'https://alpha-swarm.ai/oidc/',
    problem: (v) => urlProblem(v, { httpsOnly: true, noQuery: true }),
  },
  {
    name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND',
    label: 'Subject-token command',
    purpose: 'the command that prints a subject token signed by the platform',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    // A command this laptop runs: set by the engineer (environment or Settings), never by a file it imports.
    notInProfile: true,
    problem: (v) => (v.length <= 4096 && !/[\0\r\n]/.test(v) ? undefined : 'must be one line'),
  },
  {
    name: 'ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE',
    label: 'Local OIDC signing key file',
    purpose: 'a local signing key for self-hosted issuers',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    notInProfile: true,
    problem: (v) => (v.length <= 4096 && !v.includes('\0') ? undefined : 'is not a file path'),
  },
  {
    name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS',
    label: 'Step-up window (seconds)',
    purpose: 'how long one step-up code stays good for an organisation',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '300',
    problem: positiveInt(3600),
  },
  {
    name: 'ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS',
    label: 'Per-call timeout (ms)',
    purpose: 'how long one call to a cloud may take',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '15000',
    problem: positiveInt(300000),
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_AUDIENCE',
    label: 'Platform identity',
    purpose: 'who signed bundles are for, and who signs platform profiles',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    notInProfile: true,
    defaultValue: 'https://alpha-swarm.ai/platform',
    problem: (v) => urlProblem(v, { httpsOnly: true }),
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS',
    label: "Platform profile keys (JWK or JWK set, or a file)",
    purpose: "the platform's public keys that sign profiles (pinned; without it the first import asks you to confirm the key)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    notInProfile: true,
    problem: (v) => (v.length <= 65536 ? undefined : 'is too long'),
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY',
    label: "Platform encryption key (for Cloudflare tokens in bundles)",
    purpose: "the platform's public encryption key (JWK, or a file holding it)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    problem: (v) => (v.length <= 65536 ? undefined : 'is too long'),
  },
  {
    name: 'ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS',
    label: 'Bundle lifetime (hours)',
    purpose: 'how long a signed bundle stays valid',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '168',
    problem: positiveInt(720),
  },
  {
    name: 'ALPHASWARM_ADMIN_EXPORT_DIR',
    label: 'Export folder',
    purpose: 'where exported packs and bundles are written',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    notInProfile: true,
    problem: (v) => (v.length <= 4096 && !v.includes('\0') ? undefined : 'is not a folder path'),
  },
  {
    name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY',
    label: 'Checks at once',
    purpose: 'how many connections are re-validated at once',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '8',
    problem: positiveInt(64),
  },
  {
    name: 'ALPHASWARM_ADMIN_KEYCHAIN_SERVICE',
    label: 'OS keychain service name',
    purpose: 'the OS keychain entry that holds the data key',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    envOnly: true,
    defaultValue: 'ai.alpha-swarm.onboarding',
  },
];

/** A cloud's setting, named by that cloud (a descriptor listing another cloud's setting is a bug). */
function ownSetting(kind: CloudKind, def: SettingDef<string>): SettingDef {
  if (def.cloud !== kind) throw new Error(`${def.name} is listed by ${kind} but names ${String(def.cloud)}.`);
  return { ...def, cloud: kind };
}

/** Every setting the app reads: each cloud's, in the descriptors' order, then the general ones. */
export const SETTINGS: readonly SettingDef[] = [...CLOUDS.flatMap((c) => c.settings.map((def) => ownSetting(c.kind, def))), ...GENERAL_SETTINGS];

export const SETTINGS_BY_NAME: ReadonlyMap<string, SettingDef> = new Map(SETTINGS.map((s) => [s.name, s]));

/** Settings a person may change from the window, the CLI or a profile (not secrets, not env-only). */
export function isEditableSetting(def: SettingDef): boolean {
  return !def.secret && !def.envOnly;
}

export function isProfileSetting(def: SettingDef): boolean {
  return isEditableSetting(def) && !def.notInProfile;
}
