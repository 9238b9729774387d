import { z } from 'zod';
import { orgIdSchema } from './schemas.js';
import { defineChannel, emptyInput } from './contract.js';

export const otpCodeSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'A code is the 6 digits your authenticator app shows.'));

export const mfaStatusSchema = z.strictObject({
  enrolled: z.boolean(),
  enrolledAt: z.string().nullable(),
  pendingEnrollment: z.boolean(),
  lockedUntil: z.string().nullable(),
  stepUpWindowSeconds: z.number().int().positive(),
  grants: z.array(z.strictObject({ orgId: z.string(), expiresAt: z.string() })),
});
export type MfaStatus = z.infer<typeof mfaStatusSchema>;

export const status = defineChannel({
  domain: 'mfa',
  method: 'status',
  input: emptyInput,
  output: mfaStatusSchema,
  summary: 'Whether step-up MFA is enrolled, locked, and which orgs hold a grant.',
});

export const beginEnrollment = defineChannel({
  domain: 'mfa',
  method: 'beginEnrollment',
  // Re-enrolling replaces the seed, so it needs a code from the current one.
  input: z.strictObject({ currentCode: otpCodeSchema.optional() }),
  output: z.strictObject({
    otpauthUri: z.string(),
    qrSvg: z.string(),
    issuer: z.string(),
    label: z.string(),
  }),
  // A wrong current code while re-enrolling counts toward the lockout, so it is audited like any other.
  audit: { step: 'mfa_enroll', mode: 'outcome' },
  summary: 'Create a new TOTP seed (shown once) to scan into an authenticator app.',
});

export const confirmEnrollment = defineChannel({
  domain: 'mfa',
  method: 'confirmEnrollment',
  input: z.strictObject({ code: otpCodeSchema }),
  output: z.strictObject({ enrolledAt: z.string() }),
  audit: { step: 'mfa_enroll', mode: 'pending-outcome' },
  summary: 'Prove the authenticator works; only then does the seed replace the old one.',
});

export const verify = defineChannel({
  domain: 'mfa',
  method: 'verify',
  input: z.strictObject({ orgId: orgIdSchema, code: otpCodeSchema }),
  output: z.strictObject({ orgId: z.string(), expiresAt: z.string() }),
  audit: { step: 'mfa_verify', mode: 'outcome' },
  summary: 'Step up: a valid code grants a short window for this org.',
});

export const mfaChannels = [status, beginEnrollment, confirmEnrollment, verify] as const;
