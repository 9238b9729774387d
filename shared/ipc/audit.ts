import { z } from 'zod';
import { AUDIT_OUTCOMES, AUDIT_STEPS } from '../domain/audit.js';
import { auditRowSchema, auditVerificationSchema } from './schemas.js';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { defineChannel, emptyInput } from './contract.js';

export const auditFilterSchema = z.strictObject({
  orgId: z.string().max(64).optional(),
  cloud: z.enum(CLOUD_KINDS).optional(),
  step: z.enum(AUDIT_STEPS).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  beforeSeq: z.number().int().positive().optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const list = defineChannel({
  domain: 'audit',
  method: 'list',
  input: auditFilterSchema,
  output: z.strictObject({ rows: z.array(auditRowSchema), total: z.number().int() }),
  summary: 'Audit rows, newest first, filtered.',
});

export const verify = defineChannel({
  domain: 'audit',
  method: 'verify',
  input: emptyInput,
  output: auditVerificationSchema,
  summary: 'Check the hash chain and say how far it holds.',
});

export const exportLog = defineChannel({
  domain: 'audit',
  method: 'export',
  // The same filters as the viewer: what is exported is what is shown.
  input: auditFilterSchema.omit({ limit: true, beforeSeq: true }),
  output: z.strictObject({ jsonl: z.string(), rowCount: z.number().int(), head: z.string(), ok: z.boolean(), exported: z.number().int() }),
  summary: 'Every row as JSON Lines, ending with the chain head.',
});

export const auditChannels = [list, verify, exportLog] as const;
