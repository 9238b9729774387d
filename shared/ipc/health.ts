import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { connectionStatusSchema } from './clouds/common.js';
import { defineChannel } from './contract.js';
import { cloudKindSchema, orgIdSchema } from './schemas.js';

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

export const healthChannels = [start, progress, cancel] as const;
