import { CLOUDS, type CloudKind } from './clouds/index.js';
import { positiveInt, urlProblem } from './setting-checks.js';
import { SETTING_CLASSES, type SettingClass, type SettingDefFor } from './setting-def.js';

export { SETTING_CLASSES, type SettingClass };
/** A setting of one of this build's clouds (or of none). */
export type SettingDef = SettingDefFor<CloudKind>;


export { ROLE_NAME_PLACEHOLDER } from './setting-checks.js';


/** A change to a setting of this class needs a step-up code, and main shows the change itself. */
export function needsStepUp(def: SettingDef): boolean {
  return def.class !== 'preference';
}

/** The env-only switch that lets secret endpoints use plain http to this machine (the test fakes). */
export const TEST_MODE_SETTING = 'ALPHASWARM_ADMIN_TEST_MODE';
export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];


/** Settings of no one cloud; each cloud's own are in its descriptor (shared/clouds). */
const GENERAL_SETTINGS: readonly SettingDef[] = [
  { name: 'ALPHASWARM_ADMIN_DATA_DIR', class: 'env-only', label: 'Data folder', purpose: 'where the database, settings and logs live', cloud: null, group: 'general', required: false, secret: false },
  {
    name: 'ALPHASWARM_ADMIN_OIDC_ISSUER', class: 'identity',
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
    name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', class: 'executable',
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
    name: 'ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE', class: 'path',
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
    name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS', class: 'security-policy',
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
    name: 'ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS', class: 'preference',
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
    name: 'ALPHASWARM_ADMIN_PLATFORM_AUDIENCE', class: 'trust-anchor',
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
    name: 'ALPHASWARM_ADMIN_PLATFORM_URL', class: 'secret-endpoint',
    label: 'Platform URL',
    purpose: 'the platform API that signs engineers in and receives bundles (docs/platform-api.md)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    problem: (v) => urlProblem(v, { noQuery: true }),
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS', class: 'env-only',
    label: "Platform profile keys (JWK or JWK set, or a file)",
    purpose: "the platform's public keys that sign profiles (pinned; without it the first import asks you to confirm the key)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    notInProfile: true,
    problem: (v) => (v.length <= 65536 ? undefined : 'is too long'),
    managed: true,
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY', class: 'trust-anchor',
    label: "Platform encryption key (for Cloudflare tokens in bundles)",
    purpose: "the platform's public encryption key (JWK, or a file holding it)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    problem: (v) => (v.length <= 65536 ? undefined : 'is too long'),
  },
  {
    name: 'ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS', class: 'preference',
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
    name: 'ALPHASWARM_ADMIN_EXPORT_DIR', class: 'path',
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
    name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', class: 'preference',
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
    name: 'ALPHASWARM_ADMIN_KEYCHAIN_SERVICE', class: 'env-only',
    label: 'OS keychain service name',
    purpose: 'the OS keychain entry that holds the data key',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'ai.alpha-swarm.onboarding',
  },
  {
    name: TEST_MODE_SETTING,
    class: 'env-only',
    label: 'Test mode',
    purpose: 'lets endpoints that receive credentials use plain http to this machine (the test fakes); never for real clouds',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    problem: (v) => (v === '1' || v === '0' ? undefined : 'must be 1 or 0'),
  },
  // Updates: all three are trust anchors — they decide where the app's own code comes from,
  // and how soon less-tested (beta) code runs here. An IT department decides them, never the window.
  {
    name: 'ALPHASWARM_ADMIN_UPDATE_URL',
    class: 'trust-anchor',
    label: 'Update feed (HTTPS)',
    purpose: 'where the app downloads its own updates (a generic HTTPS feed with latest.yml and beta.yml)',
    example: 'https://updates.alpha-swarm.ai/onboarding/',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    problem: (v) => urlProblem(v, { httpsOnly: true, noQuery: true }),
  },
  {
    name: 'ALPHASWARM_ADMIN_UPDATE_CHANNEL',
    class: 'trust-anchor',
    label: 'Update channel',
    purpose: 'which releases the app updates to: stable, or beta (also offered stable releases newer than it)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'stable',
    problem: (v) => (UPDATE_CHANNELS.includes(v as UpdateChannel) ? undefined : 'must be stable or beta'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AUTO_UPDATE',
    class: 'trust-anchor',
    label: 'Update automatically',
    purpose: 'whether the app looks for, downloads and offers its own updates (false turns updates off)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'true',
    problem: (v) => (v === 'true' || v === 'false' ? undefined : 'must be true or false'),
  },
  // ── end of updates ──
  // ── Managed configuration (issue 22) ── where an IT department's JSON file is, standing in for the OS's own place.
  {
    name: 'ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE', class: 'env-only',
    label: 'Managed configuration file',
    purpose: "a JSON file of settings your organisation manages (instead of the OS's managed preferences, policy registry or /etc/alphaswarm-onboarding/managed.json)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
  },
  // ── end of managed configuration ──
];

/** A cloud's setting, named by that cloud (a descriptor listing another cloud's setting is a bug). */
function ownSetting(kind: CloudKind, def: SettingDefFor<string>): SettingDef {
  if (def.cloud !== kind) throw new Error(`${def.name} is listed by ${kind} but names ${String(def.cloud)}.`);
  return { ...def, cloud: kind };
}

/** Every setting the app reads: each cloud's, in the descriptors' order, then the general ones. */
export const SETTINGS: readonly SettingDef[] = [...CLOUDS.flatMap((c) => c.settings.map((def) => ownSetting(c.kind, def))), ...GENERAL_SETTINGS];

export const SETTINGS_BY_NAME: ReadonlyMap<string, SettingDef> = new Map(SETTINGS.map((s) => [s.name, s]));

/** Read only from the environment: the settings file, the window, the CLI and profiles never set it. */
export function isEnvOnly(def: SettingDef): boolean {
  return def.class === 'env-only';
}

/** Settings a person may change from the window, the CLI or a profile (not secrets, not env-only). */
export function isEditableSetting(def: SettingDef): boolean {
  return !def.secret && !isEnvOnly(def);
}


const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why an endpoint that receives a credential is unacceptable: it must be https, except a loopback
 * http URL while the process runs in test mode (fakes of each cloud listen on 127.0.0.1).
 */
export function secretEndpointProblem(value: string, testMode: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined; // the setting's own check says it is not a URL
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && testMode && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must be an https URL (it receives credentials; plain http would send them in clear)';
}


/** Managed configuration may set it: any non-secret setting a person could edit, and the env-only ones marked `managed`. */
export function isManageable(def: SettingDef): boolean {
  return !def.secret && (!isEnvOnly(def) || def.managed === true);
}

export function isProfileSetting(def: SettingDef): boolean {
  return isEditableSetting(def) && !def.notInProfile;
}
