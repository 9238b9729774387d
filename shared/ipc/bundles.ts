import { z } from 'zod';
import { defineChannel, emptyInput } from './contract.js';
import { orgIdSchema } from './schemas.js';

const publicJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});

const deviceKeySchema = z.strictObject({ jwk: publicJwkSchema, fingerprint: z.string(), createdAt: z.string() });

export const key = defineChannel({
  domain: 'device',
  method: 'key',
  input: emptyInput,
  output: deviceKeySchema,
  summary: "This device's public signing key and fingerprint (the key is created on first use; the private half never leaves the keychain-backed store).",
});

export const exportKey = defineChannel({
  domain: 'device',
  method: 'exportKey',
  input: emptyInput,
  output: deviceKeySchema.extend({ path: z.string() }),
  summary: 'Write the public signing key as a JWK file to the export folder, for the platform to pin.',
});

export const exportBundle = defineChannel({
  domain: 'bundles',
  method: 'export',
  // Covers several orgs and leaves the laptop: step-up is taken for the platform tenant.
  input: z.strictObject({
    orgId: z.literal('__platform__'),
    orgIds: z.array(orgIdSchema).max(1000).optional(),
    ttlHours: z.number().int().min(1).max(720).optional(),
  }),
  // Metadata only: the bundle itself never crosses to the window. Main writes it to the file the
  // engineer chose in main's own save dialog (the CLI: --out), or into the export folder.
  output: z.strictObject({
    path: z.string(),
    filename: z.string(),
    jti: z.string(),
    kid: z.string(),
    audience: z.string(),
    expiresAt: z.string(),
    connections: z.number().int(),
    secretsIncluded: z.number().int(),
    auditRows: z.number().int(),
    notes: z.array(z.string()),
  }),
  stepUp: true,
  audit: { step: 'bundle_export', mode: 'pending-outcome' },
  summary: 'Sign the chosen orgs’ saved connections (all when none are named) into a bundle for the platform.',
});

export const bundleChannels = [key, exportKey, exportBundle] as const;
