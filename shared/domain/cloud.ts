import { CLOUD_LABELS, CONNECTION_QUALIFIERS, type CloudKind, isCloudKind } from '../clouds/index.js';

// The per-cloud lists are read off the descriptors in shared/clouds; re-exported here, where the
// app has always imported them from.
export { AUTH_METHODS, CLOUD_KINDS, CLOUD_LABELS, CONNECTION_NOUNS, type CloudKind, holdsSecret, isCloudKind, secretNoun } from '../clouds/index.js';

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

/** The key of the org's primary connection (`account` omitted) or of a further one. */
export function credentialKey(cloud: CloudKind, orgId: string, account?: string): CredentialKey {
  return { integration: `cloud_${cloud}`, scope: account === undefined ? `org:${orgId}` : `org:${orgId}/${CONNECTION_QUALIFIERS[cloud]}:${account}` };
}

export function formatCredentialKey(key: CredentialKey): string {
  return `CredentialKey("${key.integration}", "${key.scope}")`;
}

/** Read a formatted key back; undefined when it is not one this app writes (any cloud this build carries). */
export function parseCredentialKey(text: string): { cloud: CloudKind; orgId: string; account: string | undefined } | undefined {
  const m = /^CredentialKey\("cloud_([a-z0-9]+)", "org:([^"/]+)(?:\/([a-z]+):([^"/]+))?"\)$/.exec(text);
  if (!m) return undefined;
  const cloud = m[1]!;
  if (!isCloudKind(cloud)) return undefined;
  if (m[3] !== undefined && m[3] !== CONNECTION_QUALIFIERS[cloud]) return undefined;
  return { cloud, orgId: m[2]!, account: m[4] };
}

/** A cloud's name for people, or the value itself when it is not one this build knows. */
export function cloudLabel(value: string): string {
  return isCloudKind(value) ? CLOUD_LABELS[value] : value;
}
