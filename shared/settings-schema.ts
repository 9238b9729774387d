import type { CloudKind } from './domain/cloud.js';

/**
 * Every setting the app reads. Resolved environment first, then the platform profile, then the
 * settings file, then the default (secrets: environment, then the encrypted store, never a file).
 */
export interface SettingDef {
  readonly name: string;
  /** A short label for the field. */
  readonly label: string;
  /** What it is, in words a field engineer reads on a card ("AlphaSwarm's AWS partner account id"). */
  readonly purpose: string;
  readonly cloud: CloudKind | null;
  readonly group: 'identity' | 'endpoint' | 'general';
  /** Bootstrap for `cloud` is refused while this is unset. */
  readonly required: boolean;
  /** Never read from the settings file, never shown, never logged (exactly the `secret` class). */
  readonly secret: boolean;
  /** What kind of trust decision the value is; decides who may change it and how (see SETTING_CLASSES). */
  readonly class: SettingClass;
  /** A platform profile may not carry it (a trust anchor cannot be set by what it verifies). */
  readonly notInProfile?: boolean;
  readonly defaultValue?: string;
  /** An example shown as the empty field's placeholder. */
  readonly example?: string;
  /** Why a value is unacceptable, or undefined. */
  readonly problem?: (value: string) => string | undefined;
}

/**
 * Every setting is one kind of trust decision. Only a `preference` changes without step-up; every
 * other editable class changes the laptop's trust (who customers grant access to, what main runs,
 * which files it reads or writes, where credentials are sent), so the window or the CLI needs a
 * code and main shows the change itself. `secret` and `env-only` are never written to the file.
 */
export const SETTING_CLASSES = {
  /** Tuning with bounded effect (timeouts, lifetimes, concurrency): no step-up. */
  preference: 'tuning that changes no trust (timeouts, lifetimes, how many at once)',
  /** Who customers are told to trust, and what the artifacts they run name. */
  identity: 'named in trust policies and artifacts customers run (who they grant access to)',
  /** What main verifies or encrypts against: swapping it hands trust to whoever holds the new key. */
  'trust-anchor': 'a key or identity main verifies or encrypts against',
  /** A command main runs. */
  executable: 'a command main runs on this laptop',
  /** A file or folder main reads from or writes to. */
  path: 'a file or folder main reads secrets from or writes exports to',
  /** A URL that receives a credential (token, signed request, assertion): https only. */
  'secret-endpoint': 'a URL that receives credentials (https only; plain http only to loopback in test mode)',
  /** Never in the settings file: environment or the encrypted store. */
  secret: 'a secret: environment or the encrypted store, never the settings file',
  /** Read only from the environment (or a managed deployment's environment), never from the file. */
  'env-only': 'read only from the environment of the process, never from the settings file or the window',
} as const;

export type SettingClass = keyof typeof SETTING_CLASSES;

/** A change to a setting of this class needs a step-up code, and main shows the change itself. */
export function needsStepUp(def: SettingDef): boolean {
  return def.class !== 'preference';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Characters that would change meaning in a shell, HCL, YAML or JSON artifact: never in a setting. */
const ARTIFACT_HOSTILE = /[\s"'`$\\{}<>|;&%]/;

export function urlProblem(value: string, options: { httpsOnly?: boolean; noQuery?: boolean } = {}): string | undefined {
  if (value.length > 2048) return 'is too long for a URL';
  if (/[\s"'`\\<>{}|^]/.test(value)) return 'has characters a URL cannot carry (spaces, quotes, braces or backslashes)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (options.httpsOnly ? url.protocol !== 'https:' : url.protocol !== 'https:' && url.protocol !== 'http:') {
    return options.httpsOnly ? 'must be an https URL' : 'must be an http(s) URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (options.noQuery && (url.search || url.hash)) return 'must have no query or fragment';
  return undefined;
}

const httpUrl = (value: string) => urlProblem(value);
const guid = (value: string) => (GUID.test(value) ? undefined : 'must be a GUID (8-4-4-4-12 hex digits)');

/**
 * An audience is an opaque string, but it reaches trust policies, gcloud commands and Terraform:
 * only URL and URN characters, so no quote, brace, dollar or space can ever change an artifact.
 */
export function audienceProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 512) return 'must be 1–512 characters';
  if (ARTIFACT_HOSTILE.test(value)) return 'may only hold the characters of a URL or URN (no spaces, quotes, braces, $, % or backslashes)';
  if (!/^[\x21-\x7e]+$/.test(value)) return 'may only hold printable ASCII';
  return undefined;
}

const positiveInt = (max: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) > 0 && Number(value) <= max ? undefined : `must be a whole number from 1 to ${max}`;

export const ROLE_NAME_PLACEHOLDER = '{org_id}';

export function roleNamePatternProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 64) return 'must be 1–64 characters';
  if (!value.includes(ROLE_NAME_PLACEHOLDER)) return `must contain ${ROLE_NAME_PLACEHOLDER}, so each organisation gets its own role`;
  if (!/^[\w+=,.@-]*$/.test(value.split(ROLE_NAME_PLACEHOLDER).join(''))) return 'may only hold the characters IAM allows in role names (letters, digits and + = , . @ _ -) around {org_id}';
  return undefined;
}

export const SETTING_PREFIX = 'ALPHASWARM_ADMIN_';

/** The env-only switch that lets secret endpoints use plain http to this machine (the test fakes). */
export const TEST_MODE_SETTING = 'ALPHASWARM_ADMIN_TEST_MODE';
export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export const SETTINGS: readonly SettingDef[] = [
  // AWS
  {
    name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', class: 'identity',
    label: 'AlphaSwarm partner AWS account',
    purpose: "AlphaSwarm's AWS partner account id",
    example: '111122223333',
    cloud: 'aws',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id'),
  },
  {
    name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', class: 'secret',
    label: 'External-id HMAC key (platform admin machines only)',
    purpose: 'the key external ids are derived from (only on the platform\'s own admin machines; a profile replaces it)',
    cloud: 'aws',
    group: 'identity',
    // Not required: a platform profile gives each assigned org its external id instead.
    required: false,
    secret: true,
    problem: (v) => (v.length >= 16 ? undefined : 'is too short to be an HMAC key (at least 16 characters)'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN', class: 'identity',
    label: 'Role name pattern',
    purpose: "the name of the role AlphaSwarm asks each customer to create",
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'alphaswarm-broker-{org_id}',
    problem: roleNamePatternProblem,
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL', class: 'identity',
    label: 'Hosted CloudFormation template (S3 URL)',
    purpose: 'where AlphaSwarm hosts the CloudFormation template (enables the quick-create link)',
    example: 'https://alphaswarm-public.s3.amazonaws.com/alphaswarm-broker-role.yaml',
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    problem: (v) => {
      const base = urlProblem(v, { httpsOnly: true, noQuery: true });
      if (base) return base;
      if (!/(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(new URL(v).hostname)) return 'must be an Amazon S3 URL (the console only loads templates from S3)';
      return undefined;
    },
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_PROFILE', class: 'identity',
    label: 'AWS profile for your own session (SSO)',
    purpose: 'the AWS CLI profile of your own session in the partner account',
    example: 'alphaswarm-partner',
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    notInProfile: true,
    problem: (v) => (/^[\w.@+-]{1,128}$/.test(v) ? undefined : 'is not a profile name'),
  },
  { name: 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', class: 'secret-endpoint', label: 'STS endpoint', purpose: 'the AWS STS endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', class: 'secret-endpoint', label: 'IAM endpoint', purpose: 'the AWS IAM endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', class: 'secret-endpoint', label: 'EC2 endpoint', purpose: 'the Amazon EC2 endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  {
    name: 'ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT', class: 'secret-endpoint',
    label: 'Organizations endpoint',
    purpose: 'the AWS Organizations endpoint',
    cloud: 'aws',
    group: 'endpoint',
    required: false,
    secret: false,
    problem: httpUrl,
  },
  // Azure
  {
    name: 'ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID', class: 'identity',
    label: 'AlphaSwarm app (client) id',
    purpose: "the client id of AlphaSwarm's multi-tenant Entra app",
    example: '00000000-0000-0000-0000-000000000000',
    cloud: 'azure',
    group: 'identity',
    required: true,
    secret: false,
    problem: guid,
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID', class: 'identity',
    label: 'AlphaSwarm app object id',
    purpose: "the object id of AlphaSwarm's Entra app (where federated credentials are added)",
    example: '00000000-0000-0000-0000-000000000000',
    cloud: 'azure',
    group: 'identity',
    required: true,
    secret: false,
    problem: guid,
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_AUDIENCE', class: 'identity',
    label: 'Federated credential audience',
    purpose: "the audience of AlphaSwarm's federated credential (default: the cloud's token-exchange audience)",
    example: 'api://AzureADTokenExchange',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    problem: audienceProblem,
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_CLOUD', class: 'identity',
    label: 'Azure cloud',
    purpose: 'which Azure cloud: AzureCloud, AzureUSGovernment or AzureChinaCloud',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'AzureCloud',
    problem: (v) => (['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'].includes(v) ? undefined : 'must be AzureCloud, AzureUSGovernment or AzureChinaCloud'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES', class: 'identity',
    label: 'Roles required on the subscription',
    purpose: 'the roles AlphaSwarm needs on each subscription (comma-separated)',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'Reader',
    problem: (v) => (v.split(',').every((r) => /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/.test(r.trim())) ? undefined : 'must be role names separated by commas'),
  },
  { name: 'ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST', class: 'secret-endpoint', label: 'Entra authority host', purpose: 'the Entra sign-in host', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT', class: 'secret-endpoint', label: 'ARM endpoint', purpose: 'the Azure Resource Manager endpoint', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // GCP
  {
    name: 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE', class: 'identity',
    label: 'Subject-token audience',
    purpose: "the audience AlphaSwarm's subject tokens carry (each customer's provider allows it)",
    example: 'https://alpha-swarm.ai/gcp',
    cloud: 'gcp',
    group: 'identity',
    required: true,
    secret: false,
    problem: audienceProblem,
  },
  {
    name: 'ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL', class: 'identity',
    label: 'Service account to impersonate',
    purpose: "AlphaSwarm's service account that customers let AlphaSwarm impersonate",
    example: 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com',
    cloud: 'gcp',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(v) ? undefined : 'must be a service-account email (name@project.iam.gserviceaccount.com)'),
  },
  { name: 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT', class: 'secret-endpoint', label: 'Google STS endpoint', purpose: 'the Google STS endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT', class: 'secret-endpoint', label: 'IAM Credentials endpoint', purpose: 'the Google IAM Credentials endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT', class: 'secret-endpoint', label: 'Resource Manager endpoint', purpose: 'the Google Resource Manager endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // Cloudflare
  { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', class: 'secret-endpoint', label: 'Cloudflare API base', purpose: 'the Cloudflare API base URL (with /client/v4)', cloud: 'cloudflare', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // General
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
    name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS', class: 'preference',
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
    name: 'ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS', class: 'env-only',
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
];

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

export function isProfileSetting(def: SettingDef): boolean {
  return isEditableSetting(def) && !def.notInProfile;
}
