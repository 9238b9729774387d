import { z } from 'zod';
import { cloudKindSchema, orgIdSchema } from './schemas.js';
import * as aws from './clouds/aws.js';
import { awsPartitionSchema } from './clouds/aws.js';
import { MANY_KINDS, PRODUCTION_CONTRACTS, manyUnion } from './clouds/index.js';
import { cleanupItemSchema, connectionSummarySchema, permissionTierSchema } from './clouds/common.js';
import { CLOUD_KINDS } from '../clouds/index.js';
import { cloudStepChannels, removalFor } from './cloud-steps.js';
import { batchProgressSchema } from './batch.js';
import { defineChannel } from './contract.js';

/** The five steps, per cloud, as channels. Mirrors the platform's `/cloud/{cloud_kind}/…` routes. */

// Each union is every cloud's own schema, read off its contract (shared/ipc/clouds/index.ts).
/** The step channels over the clouds this build carries (main registers a test's own set instead, see main/providers/test-clouds.ts). */
export const STEP_CHANNELS = cloudStepChannels(PRODUCTION_CONTRACTS);

export const {
  bootstrapInput,
  bootstrapOutput,
  targetInput,
  identityOutput,
  permissionsOutput,
  enumerateOutput,
  connectInput,
  bootstrap,
  validateIdentity,
  validatePermissions,
  enumerate,
  connectCheck,
  connect,
  list,
} = STEP_CHANNELS;
export type TargetInput = z.infer<typeof targetInput>;

/** The step channels over a set of clouds (this build's, or a test's with its test-only cloud). */
export type StepChannels = typeof STEP_CHANNELS;

const removalSchema = removalFor(CLOUD_KINDS);

const accountSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'is not an account, subscription or project id');

export const disconnect = defineChannel({
  domain: 'cloud',
  method: 'disconnect',
  /** `account` names which connection when the org has several for this cloud. */
  input: z.strictObject({ cloud: cloudKindSchema, orgId: orgIdSchema, account: accountSchema.optional() }),
  output: removalSchema,
  stepUp: true,
  audit: { step: 'disconnect', mode: 'pending-outcome' },
  summary: 'Drop the local record and its secret; show the vendor-side cleanup.',
});

export const verifyCleanup = defineChannel({
  domain: 'cloud',
  method: 'verifyCleanup',
  input: z.strictObject({ orgId: orgIdSchema, cleanupId: z.string().uuid() }),
  output: z.strictObject({ cloud: cloudKindSchema, verified: z.boolean(), detail: z.string(), checkedAt: z.string(), item: cleanupItemSchema }),
  stepUp: true,
  audit: { step: 'verify_cleanup', mode: 'pending-outcome' },
  summary: 'After a disconnect: check read-only that the old access is refused.',
});

export const cleanupList = defineChannel({
  domain: 'cloud',
  method: 'cleanupList',
  input: z.strictObject({ orgId: orgIdSchema.optional(), includeClosed: z.boolean().optional() }),
  output: z.strictObject({ items: z.array(cleanupItemSchema) }),
  summary: 'Vendor-side cleanup still to verify after a disconnect (one org, or all).',
});

export const dismissCleanup = defineChannel({
  domain: 'cloud',
  method: 'dismissCleanup',
  input: z.strictObject({ orgId: orgIdSchema, cleanupId: z.string().uuid(), reason: z.string().trim().min(3, 'Say why (at least a few words).').max(500) }),
  output: z.strictObject({ item: cleanupItemSchema }),
  stepUp: true,
  audit: { step: 'cleanup_dismiss', mode: 'pending-outcome' },
  summary: 'Close a cleanup item without verifying it, with a reason (audited).',
});

export const setPrimary = defineChannel({
  domain: 'cloud',
  method: 'setPrimary',
  input: z.strictObject({ cloud: cloudKindSchema, orgId: orgIdSchema, account: accountSchema }),
  output: z.strictObject({ connection: connectionSummarySchema }),
  stepUp: true,
  audit: { step: 'primary_change', mode: 'pending-outcome' },
  summary: "Make one connection the org's primary for its cloud (keyed org:<org_id>).",
});

/** Steps 3–5 for many accounts of one org in one run (the clouds whose descriptor says so): every target is for the run's org. */
export const batchInput = manyUnion((c) => c.many.input)
  .superRefine((v, ctx) => {
    v.targets.forEach((t, i) => {
      if (t.orgId !== v.orgId) ctx.addIssue({ code: 'custom', path: ['targets', i, 'orgId'], message: `is ${t.orgId}, but the run is for ${v.orgId}` });
    });
  });

export const batchStart = defineChannel({
  domain: 'cloud',
  method: 'batchStart',
  input: batchInput,
  output: z.strictObject({ runId: z.string(), total: z.number().int() }),
  stepUp: true,
  audit: { step: 'batch_connect', mode: 'outcome' },
  maxPayloadBytes: 1024 * 1024,
  summary: 'Validate and connect many accounts of one org, a bounded number at a time, under one step-up.',
});

/** The clouds whose connections have permission tiers. */
export const TIERED_CLOUDS = ['aws', 'azure', 'gcp'] as const;

export const raiseTier = defineChannel({
  domain: 'cloud',
  method: 'raiseTier',
  input: z.strictObject({ cloud: z.enum(TIERED_CLOUDS), orgId: orgIdSchema, account: accountSchema.optional(), tier: permissionTierSchema }),
  output: z.strictObject({ account: z.string(), from: permissionTierSchema, to: permissionTierSchema, bootstrap: bootstrapOutput }),
  // Offline, but a decision about what a customer grants: each raise is on the audit trail.
  audit: { step: 'tier_raise', mode: 'outcome' },
  summary: "Raise a saved connection's permission tier: only what the higher tier adds, as artifacts (offline). Save again with the new tier once applied.",
});

export const explainError = defineChannel({
  domain: 'cloud',
  method: 'explainError',
  input: z.strictObject({ cloud: z.enum(TIERED_CLOUDS), text: z.string().min(1, 'Paste the error text.').max(64 * 1024, 'The error text is larger than 64 KB.') }),
  output: z.strictObject({ recognised: z.boolean(), kind: z.string(), policy: z.string().nullable(), cause: z.string(), fix: z.string() }),
  maxPayloadBytes: 80 * 1024,
  summary: "Name a refusal the customer's admin got while applying step 2 (an org policy, a VPC-SC perimeter, Azure Policy, an SCP), and who can fix it. Offline.",
});

export const parseTargets = defineChannel({
  domain: 'cloud',
  method: 'parseTargets',
  input: z.strictObject({
    cloud: z.enum(MANY_KINDS),
    orgId: orgIdSchema,
    text: z.string().max(1024 * 1024, 'The list is larger than 1 MB.'),
    tenantId: z.string().max(64).optional(),
    region: z.string().max(32).optional(),
    partition: awsPartitionSchema.optional(),
  }),
  output: manyUnion((c) => c.many.parsed),
  maxPayloadBytes: 1200 * 1024,
  summary: 'Read a pasted or loaded list of accounts (ids, CSV, or aws organizations list-accounts JSON), reporting bad lines by number.',
});

export const batchProgress = defineChannel({
  domain: 'cloud',
  method: 'batchProgress',
  input: z.strictObject({ runId: z.string().uuid() }),
  output: batchProgressSchema,
  summary: 'How far a "connect many" run has got, with each account\'s result.',
});

export const batchCancel = defineChannel({
  domain: 'cloud',
  method: 'batchCancel',
  input: z.strictObject({ runId: z.string().uuid() }),
  output: z.strictObject({ cancelled: z.boolean() }),
  summary: 'Stop a "connect many" run: accounts not yet started are skipped.',
});

export const awsMemberAccounts = defineChannel({
  domain: 'cloud',
  method: 'awsMemberAccounts',
  input: aws.awsMemberAccountsInput,
  output: aws.awsMemberAccountsOutput,
  stepUp: true,
  audit: { step: 'enumerate', mode: 'outcome' },
  summary: "The AWS Organization's member accounts, through the org's management-account connection.",
});

export const cloudOnboardingChannels = [
  bootstrap,
  validateIdentity,
  validatePermissions,
  enumerate,
  connectCheck,
  connect,
  disconnect,
  verifyCleanup,
  cleanupList,
  dismissCleanup,
  setPrimary,
  batchStart,
  parseTargets,
  raiseTier,
  explainError,
  batchProgress,
  batchCancel,
  awsMemberAccounts,
  list,
] as const;
