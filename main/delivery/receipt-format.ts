import { z } from 'zod';

/**
 * The platform's receipt for a delivered bundle (docs/platform-api.md, "Receipt"): a compact JWS,
 * header {alg: EdDSA | ES256, typ: RECEIPT_TYP, kid}, signed by a platform key trusted like profile keys.
 */
export const RECEIPT_TYP = 'alphaswarm-receipt+jwt';
/** A receipt names each connection of one bundle; even a 20 000-connection bundle fits. */
export const MAX_RECEIPT_BYTES = 4 * 1024 * 1024;

/** What the platform writes reaches screens and terminals: no control, format or bidi characters. */
const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}]+$/u, 'must be plain text (no control, format or unassigned characters)');

export const receiptRejectionSchema = z.strictObject({
  credential_key: z.string().min(1).max(512),
  /** A machine-readable reason, snake_case. */
  reason: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a snake_case reason code'),
  /** What went wrong and what to do, for the engineer. */
  message: plainText(2000),
});

export const receiptPayloadSchema = z.strictObject({
  iss: z.string().url(),
  iat: z.number().int().positive(),
  jti: z.string().uuid(),
  bundle_jti: z.string().uuid(),
  bundle_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  device_kid: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an RFC 7638 thumbprint (43 base64url characters)'),
  accepted: z.array(z.string().min(1).max(512)).max(100_000),
  rejected: z.array(receiptRejectionSchema).max(100_000),
});
export type ReceiptPayload = z.infer<typeof receiptPayloadSchema>;
