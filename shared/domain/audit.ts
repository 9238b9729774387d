import { z } from 'zod';
import { CLOUD_KINDS } from './cloud.js';

/** What an audit row is about. */
export const AUDIT_STEPS = [
  'identity',
  'permissions',
  'enumerate',
  'connect',
  'disconnect',
  'verify_cleanup',
  'health',
  'rotation',
  'mfa_enroll',
  'mfa_verify',
  'secret_import',
  'bundle_export',
  'ipc_denied',
] as const;
export type AuditStep = (typeof AUDIT_STEPS)[number];

export const AUDIT_OUTCOMES = ['succeeded', 'failed', 'pending', 'interrupted', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Audit detail values are flat and never secret: strings, numbers, booleans, string lists. */
export const auditDetailSchema = z.record(
  z.string().max(64),
  z.union([z.string().max(4096), z.number(), z.boolean(), z.null(), z.array(z.string().max(512)).max(64)]),
);
export type AuditDetail = z.infer<typeof auditDetailSchema>;

export const auditRowSchema = z.strictObject({
  seq: z.number().int().positive(),
  ts: z.string(),
  actor: z.string(),
  orgId: z.string().nullable(),
  cloud: z.enum(CLOUD_KINDS).nullable(),
  step: z.enum(AUDIT_STEPS),
  outcome: z.enum(AUDIT_OUTCOMES),
  correlationId: z.string().nullable(),
  detail: auditDetailSchema,
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditVerificationSchema = z.strictObject({
  ok: z.boolean(),
  rowCount: z.number().int().nonnegative(),
  /** The last row whose hash chain checks out (0 when none does). */
  verifiedThrough: z.number().int().nonnegative(),
  firstBad: z.strictObject({ seq: z.number().int(), reason: z.string() }).nullable(),
  head: z.string(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
