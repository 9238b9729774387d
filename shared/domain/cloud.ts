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

/** Where a connection lives in the integration store: mirrors the platform's CredentialKey. */
export interface CredentialKey {
  readonly integration: `cloud_${CloudKind}`;
  readonly scope: `org:${string}`;
}

export function credentialKey(cloud: CloudKind, orgId: string): CredentialKey {
  return { integration: `cloud_${cloud}`, scope: `org:${orgId}` };
}

export function formatCredentialKey(key: CredentialKey): string {
  return `CredentialKey("${key.integration}", "${key.scope}")`;
}
