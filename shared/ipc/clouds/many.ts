import { z } from 'zod';
import { orgIdSchema } from '../schemas.js';

const parsedListBase = {
  problems: z.array(z.strictObject({ line: z.number().int(), value: z.string(), problem: z.string() })),
  skipped: z.array(z.string()),
  /** AWS: the role name every account is expected to carry. */
  roleName: z.string().nullable(),
};

/**
 * "Connect many" for one cloud whose descriptor says `connectMany`: the run's input (its targets,
 * all for the run's org) and a parsed list of accounts. Built per cloud, so each keeps its own types.
 */
export function manySchemas<const K extends string, T extends z.ZodObject<{ cloud: z.ZodLiteral<K> } & z.ZodRawShape>>(cloud: K, target: T) {
  return {
    input: z.strictObject({ cloud: z.literal(cloud), orgId: orgIdSchema, targets: z.array(target).min(1).max(1000), concurrency: z.number().int().min(1).max(64).optional() }),
    parsed: z.strictObject({ cloud: z.literal(cloud), targets: z.array(target), ...parsedListBase }),
  };
}
