import { z } from 'zod';
import { errorDataSchema } from './schemas.js';
import { connectionSummarySchema } from './clouds/common.js';
import { CLOUD_KINDS } from '../domain/cloud.js';

/** One account's result in a "connect many" run. */
export const batchItemResultSchema = z.strictObject({
  account: z.string(),
  /** connected (new), updated (was connected already), refused (the cloud said no), failed (could not tell), cancelled. */
  status: z.enum(['connected', 'updated', 'refused', 'failed', 'cancelled']),
  connection: connectionSummarySchema.nullable(),
  error: errorDataSchema.nullable(),
  /** Permissions found missing, when that is why it was refused. */
  missing: z.array(z.string()),
});
export type BatchItemResult = z.infer<typeof batchItemResultSchema>;

export const batchProgressSchema = z.strictObject({
  runId: z.string(),
  orgId: z.string(),
  cloud: z.enum(CLOUD_KINDS),
  total: z.number().int(),
  completed: z.number().int(),
  finished: z.boolean(),
  cancelled: z.boolean(),
  results: z.array(batchItemResultSchema),
});
export type BatchProgress = z.infer<typeof batchProgressSchema>;
