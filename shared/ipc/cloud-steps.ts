import { z } from 'zod';
import { orgIdSchema, artifactSchema } from './schemas.js';
import { type CloudContract, cloudUnion, nonEmpty } from './clouds/index.js';
import { cleanupStepSchema, connectionSummaryFor } from './clouds/common.js';
import { defineChannel } from './contract.js';

/** What connecting another account does when the org already has one for this cloud. */
const connectChoiceSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('add') }),
  z.strictObject({ mode: z.literal('replace'), account: z.string().min(1).max(128) }),
]);

const choiceShape = { choice: connectChoiceSchema.optional() };
type WithChoice<T> = T extends z.ZodObject<infer S, infer Cfg> ? z.ZodObject<z.core.util.Extend<S, z.core.util.Writeable<typeof choiceShape>>, Cfg> : never;

/** A cloud's target input, plus the choice of step 5 ("add" or "replace"). */
function withChoice<T extends z.ZodObject>(target: T): WithChoice<T> {
  // What extend() returns for each cloud's own schema; TypeScript cannot follow it through a generic T.
  return target.extend(choiceShape) as WithChoice<T>;
}

/** What a disconnect (or a "replace") removed, with its cleanup: connections of `kinds`. */
export function removalFor<const K extends string>(kinds: readonly K[]) {
  const summary = connectionSummaryFor(kinds);
  return z.strictObject({
    removed: summary,
    cleanup: z.array(cleanupStepSchema),
    cleanupReason: z.string(),
    /** The cleanup item kept until "verify cleanup" confirms the old access is refused. */
    cleanupId: z.string(),
    /** The connection that became the org's primary because the primary was removed. */
    promoted: summary.nullable(),
  });
}

/**
 * The five steps as channels, over a set of clouds: each channel's schema is the union of every
 * cloud's own (shared/ipc/clouds/index.ts). shared/ipc/cloud-onboarding.ts builds them over the
 * clouds this build carries; a test builds them over those plus a test-only cloud, and the
 * services register them (main/app/services.ts `testClouds`). Nothing else can add a cloud.
 */
export function cloudStepChannels<C extends CloudContract<string>>(contracts: readonly C[]) {
  const kinds = nonEmpty(contracts.map((c): C['descriptor']['kind'] => c.descriptor.kind));
  const summary = connectionSummaryFor(kinds);
  const bootstrapInput = cloudUnion<C, C['bootstrapInput']>(contracts, (c) => c.bootstrapInput);
  const bootstrapOutput = cloudUnion<C, C['bootstrapOutput']>(contracts, (c) => c.bootstrapOutput);
  const targetInput = cloudUnion<C, C['targetInput']>(contracts, (c) => c.targetInput);
  const identityOutput = cloudUnion<C, C['identityOutput']>(contracts, (c) => c.identityOutput);
  const permissionsOutput = cloudUnion<C, C['permissionsOutput']>(contracts, (c) => c.permissionsOutput);
  const enumerateOutput = cloudUnion<C, C['enumerateOutput']>(contracts, (c) => c.enumerateOutput);
  const connectInput = cloudUnion<C, WithChoice<C['targetInput']>>(contracts, (c) => withChoice<C['targetInput']>(c.targetInput));

  return {
    bootstrapInput,
    bootstrapOutput,
    targetInput,
    identityOutput,
    permissionsOutput,
    enumerateOutput,
    connectInput,

    bootstrap: defineChannel({
      domain: 'cloud',
      method: 'bootstrap',
      input: bootstrapInput,
      output: bootstrapOutput,
      summary: 'Step 2: build the bootstrap artifacts offline.',
    }),

    validateIdentity: defineChannel({
      domain: 'cloud',
      method: 'validateIdentity',
      input: targetInput,
      output: identityOutput,
      stepUp: true,
      audit: { step: 'identity', mode: 'outcome' },
      summary: 'Step 3: prove AlphaSwarm can sign in to the customer account (read-only).',
    }),

    validatePermissions: defineChannel({
      domain: 'cloud',
      method: 'validatePermissions',
      input: targetInput,
      output: permissionsOutput,
      stepUp: true,
      audit: { step: 'permissions', mode: 'outcome' },
      summary: 'Step 4: check the baseline permissions (read-only).',
    }),

    enumerate: defineChannel({
      domain: 'cloud',
      method: 'enumerate',
      input: targetInput,
      output: enumerateOutput,
      stepUp: true,
      audit: { step: 'enumerate', mode: 'outcome' },
      summary: 'Step 4*: list what the connection can see (read-only).',
    }),

    connectCheck: defineChannel({
      domain: 'cloud',
      method: 'connectCheck',
      input: connectInput,
      output: z.strictObject({
        /** What the values connect (the account, subscription, project), when it can be told yet. */
        account: z.string().nullable(),
        /** new: the org's first for this cloud; update: already connected; add / replace: as chosen. */
        action: z.enum(['new', 'update', 'add', 'replace']),
        existing: z.array(z.strictObject({ account: z.string(), primary: z.boolean() })),
        /** Why saving would be refused now (steps 3 and 4 not proved in this run, or too long ago), or null. */
        blocker: z.string().nullable(),
      }),
      summary: 'Before any cloud call: is this a new connection, an update, or does it need "add" or "replace"? And can it be saved now? (Local, read-only.)',
    }),

    connect: defineChannel({
      domain: 'cloud',
      method: 'connect',
      input: connectInput,
      output: z.strictObject({
        connection: summary,
        /** What the admin must still do now (e.g. the final trust policy of a rotation). */
        followUp: z.array(artifactSchema),
        rotation: z.strictObject({ fromFingerprint: z.string(), toFingerprint: z.string() }).nullable(),
        /** What "replace" removed, with its cleanup. */
        replaced: removalFor(kinds).nullable(),
        /** This account was connected already: it was re-validated and updated. */
        updated: z.boolean(),
      }),
      stepUp: true,
      audit: { step: 'connect', mode: 'pending-outcome' },
      summary: 'Step 5: save the connection (after steps 3 and 4 succeeded).',
    }),

    list: defineChannel({
      domain: 'cloud',
      method: 'list',
      input: z.strictObject({ orgId: orgIdSchema.optional() }),
      output: z.strictObject({ connections: z.array(summary) }),
      summary: 'The saved connections of one org, or of every org.',
    }),
  };
}
