import { z } from 'zod';
import { ARTIFACT_LANGUAGES, type Artifact, type Note } from '../artifacts/artifact.js';
import { AUDIT_OUTCOMES, AUDIT_STEPS, type AuditDetail, type AuditRow, type AuditVerification } from '../domain/audit.js';
import { REGION_PATTERN, parseRoleArn } from '../domain/aws.js';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { ERROR_CODES, type ErrorData } from '../domain/errors.js';
import { ORG_ID_RULE, orgIdProblem } from '../domain/org-id.js';

/**
 * The zod schemas behind the contracts. Kept out of shared/domain so the renderer, which imports
 * domain helpers, never bundles zod (its JIT uses `new Function`, which the CSP forbids).
 */

export const errorDataSchema: z.ZodType<ErrorData, ErrorData> = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string(),
  details: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
  field: z.string().optional(),
});

export const cloudKindSchema = z.enum(CLOUD_KINDS);

export const orgIdSchema = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    const problem = orgIdProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem} ${ORG_ID_RULE}` });
  });

/** Twelve digits, spaces forgiven: an AWS account id typed where the role is known (its name comes from the org). */
export const AWS_ACCOUNT_ONLY = /^\s*(\d{12})\s*$/;

/** A role ARN, or just the account id: main fills in the org's role name (the trust policy's own). */
export const roleArnOrAccountSchema = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    const account = AWS_ACCOUNT_ONLY.exec(value)?.[1];
    if (account) return account;
    const parsed = parseRoleArn(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: `${parsed.reason} (or type just the 12-digit account id)` });
      return z.NEVER;
    }
    return parsed.value.arn;
  });

export const regionSchema = z.string().regex(REGION_PATTERN, 'Not an AWS region name (for example us-east-1).');

export const auditDetailSchema: z.ZodType<AuditDetail, AuditDetail> = z.record(
  z.string().max(64),
  z.union([z.string().max(4096), z.number(), z.boolean(), z.null(), z.array(z.string().max(512)).max(64)]),
);

export const auditRowSchema: z.ZodType<AuditRow, AuditRow> = z.strictObject({
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

export const auditVerificationSchema: z.ZodType<AuditVerification, AuditVerification> = z.strictObject({
  ok: z.boolean(),
  rowCount: z.number().int().nonnegative(),
  verifiedThrough: z.number().int().nonnegative(),
  firstBad: z.strictObject({ seq: z.number().int(), reason: z.string() }).nullable(),
  head: z.string(),
  anchor: z.strictObject({
    checkpoint: z.strictObject({ n: z.number().int().positive(), rowCount: z.number().int().nonnegative(), lastSeq: z.number().int().nonnegative(), time: z.string() }).nullable(),
    findings: z.array(z.string()),
    unanchoredRows: z.number().int().nonnegative(),
    uncheckable: z.string().nullable(),
  }),
});

export const artifactSchema: z.ZodType<Artifact, Artifact> = z.strictObject({
  id: z.string(),
  title: z.string(),
  filename: z.string(),
  language: z.enum(ARTIFACT_LANGUAGES),
  content: z.string(),
  description: z.string(),
});

export const noteSchema: z.ZodType<Note, Note> = z.strictObject({ level: z.enum(['info', 'warning']), text: z.string(), method: z.string().optional() });
