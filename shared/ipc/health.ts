import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { connectionStatusSchema } from './clouds/common.js';
import { defineChannel } from './contract.js';
import { cloudKindSchema, orgIdSchema } from './schemas.js';
import { HEALTH_FINDING_KINDS, type HealthChange, type HealthDiff, type HealthFinding, type HealthRunRecord } from '../domain/health-history.js';

export const healthResultSchema = z.strictObject({
  cloud: z.enum(CLOUD_KINDS),
  orgId: z.string(),
  account: z.string(),
  credentialKey: z.string(),
  status: z.union([connectionStatusSchema, z.literal('cancelled')]),
  reason: z.string().nullable(),
  checkedAt: z.string(),
  durationMs: z.number(),
});
export type HealthResult = z.infer<typeof healthResultSchema>;

export const healthProgressSchema = z.strictObject({
  runId: z.string(),
  total: z.number().int(),
  completed: z.number().int(),
  finished: z.boolean(),
  cancelled: z.boolean(),
  results: z.array(healthResultSchema),
});
export type HealthProgress = z.infer<typeof healthProgressSchema>;

export const start = defineChannel({
  domain: 'health',
  method: 'start',
  // One step-up per run: for the org, or for the platform tenant when re-checking every org.
  input: z
    .strictObject({
      orgId: orgIdSchema,
      scope: z.enum(['connection', 'org', 'all']),
      cloud: cloudKindSchema.optional(),
      /** Which connection, when the org has several for the cloud (all of them otherwise). */
      account: z.string().min(1).max(128).optional(),
      concurrency: z.number().int().min(1).max(64).optional(),
    })
    .superRefine((v, ctx) => {
      if (v.scope === 'all' && v.orgId !== '__platform__') ctx.addIssue({ code: 'custom', path: ['orgId'], message: 'Re-checking every org is done as the platform tenant (__platform__).' });
      if (v.scope === 'connection' && !v.cloud) ctx.addIssue({ code: 'custom', path: ['cloud'], message: 'Name the cloud of the connection to re-check.' });
    }),
  output: z.strictObject({ runId: z.string(), total: z.number().int() }),
  stepUp: true,
  summary: 'Re-validate saved connections read-only, in the background.',
});

export const progress = defineChannel({
  domain: 'health',
  method: 'progress',
  input: z.strictObject({ runId: z.string().uuid() }),
  output: healthProgressSchema,
  summary: 'How far a health run has got, and its results so far.',
});

export const cancel = defineChannel({
  domain: 'health',
  method: 'cancel',
  input: z.strictObject({ runId: z.string().uuid() }),
  output: z.strictObject({ cancelled: z.boolean() }),
  summary: 'Stop a health run: connections not yet started are skipped.',
});

const text = (max: number) => z.string().max(max);

export const healthFindingSchema: z.ZodType<HealthFinding, HealthFinding> = z.strictObject({
  kind: z.enum(HEALTH_FINDING_KINDS),
  name: text(512),
  expected: text(2048),
  actual: text(4096),
  ok: z.boolean(),
  cause: text(4096).nullable(),
  fix: text(4096).nullable(),
});

export const healthRunRecordSchema: z.ZodType<HealthRunRecord, HealthRunRecord> = z.strictObject({
  id: z.number().int().positive(),
  cloud: z.string(),
  orgId: z.string(),
  account: z.string(),
  credentialKey: z.string(),
  tier: z.string(),
  checkedAt: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  findings: z.array(healthFindingSchema).max(200),
});

const healthChangeSchema: z.ZodType<HealthChange, HealthChange> = z.strictObject({
  kind: z.enum(HEALTH_FINDING_KINDS),
  name: z.string(),
  expected: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  nowOk: z.boolean(),
  cause: z.string().nullable(),
  fix: z.string().nullable(),
});

export const healthDiffSchema: z.ZodType<HealthDiff, HealthDiff> = z.strictObject({
  fromId: z.number().int(),
  toId: z.number().int(),
  fromStatus: z.string(),
  toStatus: z.string(),
  changes: z.array(healthChangeSchema),
});

/** A connection's place in the history: when it was last checked, and whether it is due again (from main's clock, no cloud call). */
export const recheckDueSchema = z.strictObject({
  cloud: z.enum(CLOUD_KINDS),
  orgId: z.string(),
  account: z.string(),
  credentialKey: z.string(),
  lastCheckedAt: z.string().nullable(),
  due: z.boolean(),
});
export type RecheckDue = z.infer<typeof recheckDueSchema>;

export const history = defineChannel({
  domain: 'health',
  method: 'history',
  input: z.strictObject({
    orgId: orgIdSchema,
    cloud: cloudKindSchema.optional(),
    /** Which connection: its account, subscription, project or Cloudflare account as the list shows it. */
    account: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w.:@-]+$/, 'A connection is named by its account, subscription, project or Cloudflare account id, as the list shows it.')
      .optional(),
    /** Newest runs first, at most this many (default 20). */
    limit: z.number().int().min(1).max(200).optional(),
  }),
  output: z.strictObject({
    /** Newest first. */
    runs: z.array(healthRunRecordSchema),
    /** Each run against the one before it of the same connection, newest first. */
    diffs: z.array(healthDiffSchema),
    connections: z.array(recheckDueSchema),
  }),
  summary: "The kept health re-checks of an org's connections (or one), with what changed between consecutive runs.",
});

export const due = defineChannel({
  domain: 'health',
  method: 'due',
  input: z.strictObject({ orgId: orgIdSchema.optional() }),
  output: z.strictObject({ connections: z.array(recheckDueSchema) }),
  summary: 'Which connections were not re-checked for 7 days: computed locally, with no cloud call.',
});

export const healthChannels = [start, progress, cancel, history, due] as const;
