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

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export const SETTINGS: readonly SettingDef[] = [
  // AWS
  {
    name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID',
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
    name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET',
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
    name: 'ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN',
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
    name: 'ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL',
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
    name: 'ALPHASWARM_ADMIN_AWS_PROFILE',
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
  { name: 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', label: 'STS endpoint', purpose: 'the AWS STS endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', label: 'IAM endpoint', purpose: 'the AWS IAM endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', label: 'EC2 endpoint', purpose: 'the Amazon EC2 endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  {
    name: 'ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT',
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
    name: 'ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID',
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
    name: 'ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID',
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
    name: 'ALPHASWARM_ADMIN_AZURE_AUDIENCE',
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
    name: 'ALPHASWARM_ADMIN_AZURE_CLOUD',
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
    name: 'ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES',
    label: 'Roles required on the subscription',
    purpose: 'the roles AlphaSwarm needs on each subscription (comma-separated)',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'Reader',
    problem: (v) => (v.split(',').every((r) => /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/.test(r.trim())) ? undefined : 'must be role names separated by commas'),
  },
  { name: 'ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST', label: 'Entra authority host', purpose: 'the Entra sign-in host', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT', label: 'ARM endpoint', purpose: 'the Azure Resource Manager endpoint', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // GCP
  {
    name: 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE',
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
    name: 'ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL',
    label: 'Service account to impersonate',
    purpose: "AlphaSwarm's service account that customers let AlphaSwarm impersonate",
    example: 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com',
    cloud: 'gcp',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com$/.test(v) ? undefined : 'must be a service-account email (name@project.iam.gserviceaccount.com)'),
  },
  { name: 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT', label: 'Google STS endpoint', purpose: 'the Google STS endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT', label: 'IAM Credentials endpoint', purpose: 'the Google IAM Credentials endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT', label: 'Resource Manager endpoint', purpose: 'the Google Resource Manager endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // Cloudflare
  { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', label: 'Cloudflare API base', purpose: 'the Cloudflare API base URL (with /client/v4)', cloud: 'cloudflare', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // General
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
  // ── Updates (issue 22) ── all three are trust anchors: where the app's own code comes from.
  // Kept in one block so the trust classification added by another change can be applied here on merge.
  {
    name: 'ALPHASWARM_ADMIN_UPDATE_URL',
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
    name: 'ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE',
    label: 'Managed configuration file',
    purpose: "a JSON file of settings your organisation manages (instead of the OS's managed preferences, policy registry or /etc/alphaswarm-onboarding/managed.json)",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    envOnly: true,
  },
  // ── end of managed configuration ──
];

export const SETTINGS_BY_NAME: ReadonlyMap<string, SettingDef> = new Map(SETTINGS.map((s) => [s.name, s]));

/** Settings a person may change from the window, the CLI or a profile (not secrets, not env-only). */
export function isEditableSetting(def: SettingDef): boolean {
  return !def.secret && !def.envOnly;
}

export function isProfileSetting(def: SettingDef): boolean {
  return isEditableSetting(def) && !def.notInProfile;
}
