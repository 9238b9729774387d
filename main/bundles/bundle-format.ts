import { z } from 'zod';
import { CLOUD_KINDS } from '../../shared/domain/cloud.js';
import { connectionSummarySchema } from '../../shared/ipc/clouds/common.js';
import { auditRowSchema } from '../../shared/ipc/schemas.js';

/** Explicit typing (RFC 8725 §3.11): a bundle cannot be mistaken for, or replayed as, another JWT. */
export const BUNDLE_TYP = 'alphaswarm-bundle+jwt';
export const BUNDLE_VERSION = 2;
/** Clock difference tolerated between the exporting laptop and the verifier. */
export const CLOCK_SKEW_SEC = 60;
/** The longest a bundle may stay valid (exp − iat), as documented. */
export const MAX_BUNDLE_LIFETIME_SEC = 720 * 3600;
/** The largest bundle either side reads, in bytes. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const bundleSecretSchema = z.strictObject({
  cloud: z.enum(CLOUD_KINDS),
  orgId: z.string(),
  credentialKey: z.string(),
  /** The secret as a compact JWE to the platform's public key: five base64url parts. */
  jwe: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'must be a compact JWE'),
});

export const auditCheckpointSchema = z.strictObject({
  /** The device's signed audit checkpoint made for this bundle (its number in the local series). */
  n: z.number().int().positive(),
  /** Rows in the whole log when the bundle was signed, and the hash of the last one. */
  rowCount: z.number().int().nonnegative(),
  head: hex64,
  verifiedThrough: z.number().int().nonnegative(),
});

/** Who made the bundle: the engineer a platform profile names, or the OS user (not verified). */
export const bundleExporterSchema = z.strictObject({
  actor: z.string(),
  verified: z.boolean(),
  engineer: z.strictObject({ name: z.string(), email: z.string() }).nullable(),
  /** The `jti` of the platform profile in use, so the platform can tie the bundle to what it issued. */
  profileJti: z.string().uuid().nullable(),
});

/**
 * A connection as a bundle carries it: the summary without its delivery state (which only the
 * platform's receipt decides), and `sentToPlatform`, kept so version-2 bundles keep their shape:
 * always false since the platform API (docs/platform-api.md), as signing a file delivers nothing.
 */
export const bundleConnectionSchema = connectionSummarySchema.omit({ delivery: true }).extend({ sentToPlatform: z.boolean() });

export const bundlePayloadSchema = z.strictObject({
  iss: z.string().startsWith('urn:alphaswarm:device:'),
  aud: z.union([z.string(), z.array(z.string()).min(1)]),
  iat: z.number().int(),
  nbf: z.number().int(),
  exp: z.number().int(),
  jti: z.string().uuid(),
  bundle: z.strictObject({
    version: z.literal(BUNDLE_VERSION),
    exportedBy: bundleExporterSchema,
    orgIds: z.array(z.string()),
    connections: z.array(bundleConnectionSchema),
    secrets: z.array(bundleSecretSchema),
    notes: z.array(z.string()),
    audit: z.strictObject({ rows: z.array(auditRowSchema), checkpoint: auditCheckpointSchema }),
  }),
});
export type BundlePayload = z.infer<typeof bundlePayloadSchema>;
