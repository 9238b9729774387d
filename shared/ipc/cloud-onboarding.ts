import { z } from 'zod';
import { artifactSchema, cloudKindSchema, orgIdSchema } from './schemas.js';
import * as aws from './clouds/aws.js';
import * as azure from './clouds/azure.js';
import * as cloudflare from './clouds/cloudflare.js';
import * as gcp from './clouds/gcp.js';
import { cleanupStepSchema, connectionSummarySchema } from './clouds/common.js';
import { defineChannel } from './contract.js';

/** The five steps, per cloud, as channels. Mirrors the platform's `/cloud/{cloud_kind}/…` routes. */

export const bootstrapInput = z.discriminatedUnion('cloud', [aws.awsBootstrapInput, azure.azureBootstrapInput, gcp.gcpBootstrapInput, cloudflare.cloudflareBootstrapInput]);
export const bootstrapOutput = z.discriminatedUnion('cloud', [aws.awsBootstrapOutput, azure.azureBootstrapOutput, gcp.gcpBootstrapOutput, cloudflare.cloudflareBootstrapOutput]);
export const targetInput = z.discriminatedUnion('cloud', [aws.awsTargetInput, azure.azureTargetInput, gcp.gcpTargetInput, cloudflare.cloudflareTargetInput]);
export type TargetInput = z.infer<typeof targetInput>;
export const identityOutput = z.discriminatedUnion('cloud', [aws.awsIdentityOutput, azure.azureIdentityOutput, gcp.gcpIdentityOutput, cloudflare.cloudflareIdentityOutput]);
export const permissionsOutput = z.discriminatedUnion('cloud', [aws.awsPermissionsOutput, azure.azurePermissionsOutput, gcp.gcpPermissionsOutput, cloudflare.cloudflarePermissionsOutput]);
export const enumerateOutput = z.discriminatedUnion('cloud', [aws.awsEnumerateOutput, azure.azureEnumerateOutput, gcp.gcpEnumerateOutput, cloudflare.cloudflareEnumerateOutput]);

export const bootstrap = defineChannel({
  domain: 'cloud',
  method: 'bootstrap',
  input: bootstrapInput,
  output: bootstrapOutput,
  summary: 'Step 2: build the bootstrap artifacts offline.',
});

export const validateIdentity = defineChannel({
  domain: 'cloud',
  method: 'validateIdentity',
  input: targetInput,
  output: identityOutput,
  stepUp: true,
  audit: { step: 'identity', mode: 'outcome' },
  summary: 'Step 3: prove AlphaSwarm can sign in to the customer account (read-only).',
});

export const validatePermissions = defineChannel({
  domain: 'cloud',
  method: 'validatePermissions',
  input: targetInput,
  output: permissionsOutput,
  stepUp: true,
  audit: { step: 'permissions', mode: 'outcome' },
  summary: 'Step 4: check the baseline permissions (read-only).',
});

export const enumerate = defineChannel({
  domain: 'cloud',
  method: 'enumerate',
  input: targetInput,
  output: enumerateOutput,
  stepUp: true,
  audit: { step: 'enumerate', mode: 'outcome' },
  summary: 'Step 4*: list what the connection can see (read-only).',
});

export const connect = defineChannel({
  domain: 'cloud',
  method: 'connect',
  input: targetInput,
  output: z.strictObject({
    connection: connectionSummarySchema,
    /** What the admin must still do now (e.g. the final trust policy of a rotation). */
    followUp: z.array(artifactSchema),
    rotation: z.strictObject({ fromFingerprint: z.string(), toFingerprint: z.string() }).nullable(),
  }),
  stepUp: true,
  audit: { step: 'connect', mode: 'pending-outcome' },
  summary: 'Step 5: save the connection (after steps 3 and 4 succeeded).',
});

export const disconnect = defineChannel({
  domain: 'cloud',
  method: 'disconnect',
  input: z.strictObject({ cloud: cloudKindSchema, orgId: orgIdSchema }),
  output: z.strictObject({
    removed: connectionSummarySchema,
    cleanup: z.array(cleanupStepSchema),
    cleanupReason: z.string(),
    /** For "verify cleanup": main remembers the removed connection in memory for a while. */
    cleanupId: z.string(),
  }),
  stepUp: true,
  audit: { step: 'disconnect', mode: 'pending-outcome' },
  summary: 'Drop the local record and its secret; show the vendor-side cleanup.',
});

export const verifyCleanup = defineChannel({
  domain: 'cloud',
  method: 'verifyCleanup',
  input: z.strictObject({ orgId: orgIdSchema, cleanupId: z.string().uuid() }),
  output: z.strictObject({ cloud: cloudKindSchema, verified: z.boolean(), detail: z.string(), checkedAt: z.string() }),
  stepUp: true,
  audit: { step: 'verify_cleanup', mode: 'outcome' },
  summary: 'After a disconnect: check read-only that the old access is refused.',
});

export const list = defineChannel({
  domain: 'cloud',
  method: 'list',
  input: z.strictObject({ orgId: orgIdSchema.optional() }),
  output: z.strictObject({ connections: z.array(connectionSummarySchema) }),
  summary: 'The saved connections of one org, or of every org.',
});

export const cloudOnboardingChannels = [
  bootstrap,
  validateIdentity,
  validatePermissions,
  enumerate,
  connect,
  disconnect,
  verifyCleanup,
  list,
] as const;
