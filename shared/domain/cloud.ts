export const CLOUD_KINDS = ['aws', 'azure', 'gcp', 'cloudflare'] as const;
export type CloudKind = (typeof CLOUD_KINDS)[number];

export const CLOUD_LABELS: Readonly<Record<CloudKind, string>> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  cloudflare: 'Cloudflare',
};

export const AUTH_METHODS: Readonly<Record<CloudKind, string>> = {
  aws: 'Cross-account IAM role with sts:ExternalId',
  azure: 'Workload Identity Federation (no client secret)',
  gcp: 'Workload Identity Federation + service-account impersonation',
  cloudflare: 'Scoped API token (encrypted at rest)',
};

/**
 * Where a connection lives in the integration store: mirrors the platform's CredentialKey. An org's
 * primary connection for a cloud keeps the seed's scope `org:<org_id>`; each further one adds what
 * it connects: `/account:<12 digits>` (AWS), `/subscription:<guid>` (Azure), `/project:<id>` (GCP),
 * `/account:<id>` (Cloudflare).
 */
export interface CredentialKey {
  readonly integration: `cloud_${CloudKind}`;
  readonly scope: `org:${string}`;
}

/** What names one connection within an org and cloud, per cloud. */
export const CONNECTION_QUALIFIERS: Readonly<Record<CloudKind, 'account' | 'subscription' | 'project'>> = {
  aws: 'account',
  azure: 'subscription',
  gcp: 'project',
  cloudflare: 'account',
};

/** Words for what one connection is, per cloud ("AWS account", "Azure subscription", …). */
export const CONNECTION_NOUNS: Readonly<Record<CloudKind, string>> = {
  aws: 'AWS account',
  azure: 'Azure subscription',
  gcp: 'Google Cloud project',
  cloudflare: 'Cloudflare account',
};

/** The key of the org's primary connection (`account` omitted) or of a further one. */
export function credentialKey(cloud: CloudKind, orgId: string, account?: string): CredentialKey {
  return { integration: `cloud_${cloud}`, scope: account === undefined ? `org:${orgId}` : `org:${orgId}/${CONNECTION_QUALIFIERS[cloud]}:${account}` };
}

export function formatCredentialKey(key: CredentialKey): string {
  return `CredentialKey("${key.integration}", "${key.scope}")`;
}

/** Read a formatted key back; undefined when it is not one this app writes. */
export function parseCredentialKey(text: string): { cloud: CloudKind; orgId: string; account: string | undefined } | undefined {
  const m = /^CredentialKey\("cloud_(aws|azure|gcp|cloudflare)", "org:([^"/]+)(?:\/(account|subscription|project):([^"/]+))?"\)$/.exec(text);
  if (!m) return undefined;
  const cloud = m[1] as CloudKind;
  if (m[3] !== undefined && m[3] !== CONNECTION_QUALIFIERS[cloud]) return undefined;
  return { cloud, orgId: m[2]!, account: m[4] };
}

export function isCloudKind(value: string): value is CloudKind {
  return (CLOUD_KINDS as readonly string[]).includes(value);
}

/** A cloud's name for people, or the value itself when it is not one this build knows. */
export function cloudLabel(value: string): string {
  return isCloudKind(value) ? CLOUD_LABELS[value] : value;
}
