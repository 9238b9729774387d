import { awsCloud } from './aws.js';
import { azureCloud } from './azure.js';
import { cloudflareCloud } from './cloudflare.js';
import { gcpCloud } from './gcp.js';

export type { CliField } from './descriptor.js';

/**
 * The clouds this build carries, in the order they are offered. A cloud is added here (with its
 * contract in shared/ipc/clouds/index.ts and its provider in main/providers/registry.ts): every
 * list below follows, and every `Record<CloudKind, …>` and exhaustive switch in the app fails to
 * compile until it knows the new cloud. docs/adding-a-cloud.md lists the rest.
 */
export const CLOUDS = [awsCloud, azureCloud, gcpCloud, cloudflareCloud] as const;

export type AnyCloud = (typeof CLOUDS)[number];
export type CloudKind = AnyCloud['kind'];

export const CLOUD_KINDS: readonly CloudKind[] = CLOUDS.map((c) => c.kind);

function isComplete<T>(values: Partial<Record<CloudKind, T>>): values is Record<CloudKind, T> {
  return CLOUD_KINDS.every((k) => k in values);
}

/** One value per cloud, read off its descriptor. */
export function perCloud<T>(pick: (cloud: AnyCloud) => T): Readonly<Record<CloudKind, T>> {
  const values: Partial<Record<CloudKind, T>> = {};
  for (const cloud of CLOUDS) values[cloud.kind] = pick(cloud);
  if (!isComplete(values)) throw new Error('Every cloud has a descriptor.');
  return values;
}

export const CLOUD_BY_KIND = perCloud((c): AnyCloud => c);
export const CLOUD_LABELS = perCloud((c) => c.label);
export const AUTH_METHODS = perCloud((c) => c.authMethod);
export const CONNECTION_QUALIFIERS = perCloud((c) => c.qualifier);
export const CONNECTION_NOUNS = perCloud((c) => c.noun);

/** Whether a connection of this cloud carries a secret (stored encrypted, read for health and bundles). */
export function holdsSecret(cloud: CloudKind): boolean {
  return CLOUD_BY_KIND[cloud].secret !== null;
}

/** What that secret is called ("token"), or undefined for a cloud that holds none. */
export function secretNoun(cloud: CloudKind): string | undefined {
  return CLOUD_BY_KIND[cloud].secret?.noun;
}

export function isCloudKind(value: string): value is CloudKind {
  return (CLOUD_KINDS as readonly string[]).includes(value);
}
