import { z } from 'zod';
import type { CloudKind } from '../../clouds/index.js';
import { CLOUD_KINDS } from '../../clouds/index.js';
import { awsContract } from './aws.js';
import { azureContract } from './azure.js';
import { cloudflareContract } from './cloudflare.js';
import { gcpContract } from './gcp.js';

/** What each cloud's module gives the contract: its descriptor and the schemas of steps 2–4*. */
export interface CloudContract<K extends string> {
  readonly descriptor: { readonly kind: K; readonly connectMany: boolean };
  readonly bootstrapInput: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>;
  readonly bootstrapOutput: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>;
  readonly targetInput: z.ZodObject<{ cloud: z.ZodLiteral<K>; orgId: z.ZodType<string> } & z.ZodRawShape>;
  readonly identityOutput: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>;
  readonly permissionsOutput: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>;
  readonly enumerateOutput: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>;
  /** "Connect many": present exactly when the descriptor says `connectMany` (see manySchemas). */
  readonly many: { readonly input: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>; readonly parsed: z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape> } | null;
}

/** Every cloud's contract by kind: a cloud added to shared/clouds is missing here until it has one. */
export const CLOUD_CONTRACTS = {
  aws: awsContract,
  azure: azureContract,
  gcp: gcpContract,
  cloudflare: cloudflareContract,
} as const satisfies { readonly [K in CloudKind]: CloudContract<K> };

export type AnyCloudContract = (typeof CLOUD_CONTRACTS)[CloudKind];
type ManyContract = Exclude<AnyCloudContract, { many: null }>;

function connectsMany(contract: AnyCloudContract): contract is ManyContract {
  if (contract.descriptor.connectMany !== (contract.many !== null)) throw new Error(`${contract.descriptor.kind}: connectMany and its schemas disagree.`);
  return contract.many !== null;
}

/** Every cloud's contract, in the descriptors' order: the clouds this build carries. */
export const PRODUCTION_CONTRACTS: readonly AnyCloudContract[] = CLOUD_KINDS.map((k) => CLOUD_CONTRACTS[k]);
/** The clouds "connect many" takes. */
const MANY = PRODUCTION_CONTRACTS.filter(connectsMany);

export function nonEmpty<T>(items: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('No cloud carries this part of the contract.');
  return [first, ...rest];
}

/**
 * One schema per cloud of `contracts`, joined into the union the channel takes: discriminated by
 * `cloud`. The channels of shared/ipc/cloud-onboarding.ts pass this build's clouds; a test passes
 * them plus its own test-only cloud (see cloud-steps.ts).
 */
export function cloudUnion<C, S extends z.core.$ZodTypeDiscriminable>(contracts: readonly C[], pick: (contract: C) => S) {
  return z.discriminatedUnion('cloud', nonEmpty(contracts.map(pick)));
}

/** The same, over the clouds "connect many" takes. */
export function manyUnion<S extends z.core.$ZodTypeDiscriminable>(pick: (contract: ManyContract) => S) {
  return z.discriminatedUnion('cloud', nonEmpty(MANY.map(pick)));
}

/** The kinds "connect many" takes, for its enum. */
export const MANY_KINDS = nonEmpty(MANY.map((c) => c.descriptor.kind));
