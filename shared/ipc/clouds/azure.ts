import { z } from 'zod';
import { azureCloud } from '../../clouds/azure.js';
import { manySchemas } from './many.js';
import { AZURE_CLOUD_NAMES, guidProblem, managementGroupIdProblem, normalizeGuid } from '../../domain/azure.js';
import { orgIdSchema } from '../schemas.js';
import { bootstrapOutputBase, permissionTierSchema, permissionsOutputBase, tierBootstrapInput, tierBootstrapOutput, tierTargetInput } from './common.js';

/** A tenant or subscription id: trimmed, lowercased, refused when braced, nil or malformed. */
export const guidSchema = (what: string) =>
  z
    .string()
    .max(128)
    .transform((value, ctx) => {
      const problem = guidProblem(value, what);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return normalizeGuid(value);
    });

/** The Azure cloud a connection lives in; absent means this laptop's setting (ALPHASWARM_ADMIN_AZURE_CLOUD). */
export const azureCloudSchema = z.enum(AZURE_CLOUD_NAMES, { error: `Choose an Azure cloud: ${AZURE_CLOUD_NAMES.join(', ')}.` });

/** A management group id (its name, not its display name), trimmed; refused when it breaks Azure's naming rules. */
export const managementGroupIdSchema = z
  .string()
  .max(256)
  .transform((value, ctx) => {
    const problem = managementGroupIdProblem(value);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return value.trim();
  });

export const azureBootstrapInput = z
  .strictObject({
    cloud: z.literal('azure'),
    orgId: orgIdSchema,
    tenantId: guidSchema('tenant id').optional(),
    subscriptionId: guidSchema('subscription id').optional(),
    /** Grant at a management group instead of one subscription. */
    managementGroupId: managementGroupIdSchema.optional(),
    azureCloud: azureCloudSchema.optional(),
    ...tierBootstrapInput,
  })
  .refine((v) => v.subscriptionId === undefined || v.managementGroupId === undefined, {
    message: 'Grant at a subscription or at a management group, not both: give --subscription-id or --management-group.',
    path: ['managementGroupId'],
  });

const claims = z.strictObject({ iss: z.string(), sub: z.string(), aud: z.string() });

export const azureBootstrapOutput = z.strictObject({
  cloud: z.literal('azure'),
  ...bootstrapOutputBase,
  ...tierBootstrapOutput,
  credentialName: z.string(),
  issuer: z.string(),
  subject: z.string(),
  audience: z.string(),
  appClientId: z.string(),
  appObjectId: z.string(),
  azureCloud: z.string(),
  consentUrl: z.string(),
  claimPreview: claims,
});

export const azureTargetInput = z.strictObject({
  cloud: z.literal('azure'),
  orgId: orgIdSchema,
  tenantId: guidSchema('tenant id'),
  subscriptionId: guidSchema('subscription id'),
  azureCloud: azureCloudSchema.optional(),
  ...tierTargetInput,
});

export const azureIdentityOutput = z.strictObject({
  cloud: z.literal('azure'),
  tenantId: z.string(),
  subscriptionId: z.string(),
  clientId: z.string(),
  principalObjectId: z.string(),
  azureCloud: azureCloudSchema,
  tokenExpiresAt: z.string(),
  presented: claims,
  checkedAt: z.string(),
});

export const azurePermissionsOutput = z.strictObject({ cloud: z.literal('azure'), ...permissionsOutputBase, tier: permissionTierSchema });

export const azureEnumerateOutput = z.strictObject({
  cloud: z.literal('azure'),
  resourceGroups: z.array(z.strictObject({ name: z.string(), location: z.string(), provisioningState: z.string() })),
});

/** This cloud's step schemas, gathered for the unions of shared/ipc/cloud-onboarding.ts. */
export const azureContract = {
  descriptor: azureCloud,
  bootstrapInput: azureBootstrapInput,
  bootstrapOutput: azureBootstrapOutput,
  targetInput: azureTargetInput,
  identityOutput: azureIdentityOutput,
  permissionsOutput: azurePermissionsOutput,
  enumerateOutput: azureEnumerateOutput,
  many: manySchemas(azureCloud.kind, azureTargetInput),
} as const;
