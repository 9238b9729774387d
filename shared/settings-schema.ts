import type { CloudKind } from './domain/cloud.js';

/** Every setting the app reads: environment first, then the settings file (never for secrets). */
export interface SettingDef {
  readonly name: string;
  readonly label: string;
  readonly cloud: CloudKind | null;
  readonly group: 'identity' | 'endpoint' | 'general';
  /** Bootstrap for `cloud` is refused while this is unset. */
  readonly required: boolean;
  /** Never read from the settings file, never shown, never logged. */
  readonly secret: boolean;
  /** Read only from the environment (e.g. where the settings file itself lives). */
  readonly envOnly?: boolean;
  readonly defaultValue?: string;
  /** Why a value is unacceptable, or undefined. */
  readonly problem?: (value: string) => string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const httpUrl = (value: string): string | undefined => {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
    if (url.username || url.password) return 'must not carry credentials';
    return undefined;
  } catch {
    return 'is not a URL';
  }
};

const guid = (value: string) => (GUID.test(value) ? undefined : 'must be a GUID (8-4-4-4-12 hex digits)');

const positiveInt = (max: number) => (value: string) =>
  /^\d+$/.test(value) && Number(value) > 0 && Number(value) <= max ? undefined : `must be a whole number from 1 to ${max}`;

export const SETTING_PREFIX = 'ALPHASWARM_ADMIN_';

export const SETTINGS: readonly SettingDef[] = [
  // AWS
  {
    name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID',
    label: 'AlphaSwarm partner AWS account',
    cloud: 'aws',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id'),
  },
  {
    name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET',
    label: 'External-id HMAC key',
    cloud: 'aws',
    group: 'identity',
    required: true,
    secret: true,
    problem: (v) => (v.length >= 16 ? undefined : 'is too short to be an HMAC key (at least 16 characters)'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN',
    label: 'Role name pattern',
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'alphaswarm-broker-{org_id}',
    problem: (v) => (v.length > 0 && v.length <= 128 ? undefined : 'must be 1–128 characters'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL',
    label: 'Hosted CloudFormation template (S3 URL)',
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    problem: (v) => {
      try {
        const url = new URL(v);
        if (url.protocol !== 'https:') return 'must be an https URL';
        if (!/(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(url.hostname)) return 'must be an Amazon S3 URL (the console only loads templates from S3)';
        return undefined;
      } catch {
        return 'is not a URL';
      }
    },
  },
  {
    name: 'ALPHASWARM_ADMIN_AWS_PROFILE',
    label: 'AWS profile for your own session (SSO)',
    cloud: 'aws',
    group: 'identity',
    required: false,
    secret: false,
    problem: (v) => (/^[\w.@+-]{1,128}$/.test(v) ? undefined : 'is not a profile name'),
  },
  { name: 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', label: 'STS endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', label: 'IAM endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', label: 'EC2 endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // Azure
  { name: 'ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID', label: 'AlphaSwarm app (client) id', cloud: 'azure', group: 'identity', required: true, secret: false, problem: guid },
  { name: 'ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID', label: 'AlphaSwarm app object id', cloud: 'azure', group: 'identity', required: true, secret: false, problem: guid },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_AUDIENCE',
    label: 'Federated credential audience (default: the cloud\'s token-exchange audience)',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    problem: (v) => (v.length > 0 && v.length <= 600 ? undefined : 'must be 1–600 characters'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_CLOUD',
    label: 'Azure cloud (AzureCloud, AzureUSGovernment, AzureChinaCloud)',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'AzureCloud',
    problem: (v) => (['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'].includes(v) ? undefined : 'must be AzureCloud, AzureUSGovernment or AzureChinaCloud'),
  },
  {
    name: 'ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES',
    label: 'Roles the app needs on the subscription (comma-separated)',
    cloud: 'azure',
    group: 'identity',
    required: false,
    secret: false,
    defaultValue: 'Reader',
    problem: (v) => (v.split(',').every((r) => /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,63}$/.test(r.trim())) ? undefined : 'must be role names separated by commas'),
  },
  { name: 'ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST', label: 'Entra authority host', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT', label: 'ARM endpoint', cloud: 'azure', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // GCP
  {
    name: 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE',
    label: 'Subject-token audience (allowed audience)',
    cloud: 'gcp',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (v.length > 0 && v.length <= 512 ? undefined : 'must be 1–512 characters'),
  },
  {
    name: 'ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL',
    label: 'Service account to impersonate',
    cloud: 'gcp',
    group: 'identity',
    required: true,
    secret: false,
    problem: (v) => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.iam\.gserviceaccount\.com$/.test(v) ? undefined : 'must be a service-account email (name@project.iam.gserviceaccount.com)'),
  },
  { name: 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT', label: 'Google STS endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT', label: 'IAM Credentials endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  { name: 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT', label: 'Resource Manager endpoint', cloud: 'gcp', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // Cloudflare
  { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', label: 'Cloudflare API base', cloud: 'cloudflare', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  // General
  { name: 'ALPHASWARM_ADMIN_DATA_DIR', label: 'Data folder', cloud: null, group: 'general', required: false, secret: false, envOnly: true },
  {
    name: 'ALPHASWARM_ADMIN_OIDC_ISSUER',
    label: 'AlphaSwarm OIDC issuer',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'https://alpha-swarm.ai/oidc/',
    problem: (v) => {
      try {
        const url = new URL(v);
        return url.protocol === 'https:' && !url.search && !url.hash ? undefined : 'must be an https URL without query or fragment';
      } catch {
        return 'is not a URL';
      }
    },
  },
  { name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', label: 'Subject-token command', cloud: null, group: 'general', required: false, secret: false, envOnly: true },
  { name: 'ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE', label: 'Local OIDC signing key file', cloud: null, group: 'general', required: false, secret: false },
  {
    name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS',
    label: 'Step-up window (seconds)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '300',
    problem: positiveInt(3600),
  },
  {
    name: 'ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS',
    label: 'Per-call timeout to cloud endpoints (ms)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '15000',
    problem: positiveInt(300000),
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_AUDIENCE',
    label: 'Audience of signed connection bundles (the platform)',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: 'https://alpha-swarm.ai/platform',
  },
  {
    name: 'ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY',
    label: "The platform's public encryption key (JWK, or a file holding it) for Cloudflare tokens in bundles",
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
  },
  {
    name: 'ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS',
    label: 'How long a signed bundle stays valid',
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    defaultValue: '168',
    problem: positiveInt(720),
  },
  { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', label: 'Where exported packs and bundles are written', cloud: null, group: 'general', required: false, secret: false },
  {
    name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY',
    label: 'Connections re-validated at once',
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
    cloud: null,
    group: 'general',
    required: false,
    secret: false,
    envOnly: true,
    defaultValue: 'ai.alpha-swarm.onboarding',
  },
];

export const SETTINGS_BY_NAME: ReadonlyMap<string, SettingDef> = new Map(SETTINGS.map((s) => [s.name, s]));
