import { z } from 'zod';
import { awsCloud } from '../../clouds/aws.js';
import { manySchemas } from './many.js';
import { orgIdSchema, regionSchema, roleArnOrAccountSchema } from '../schemas.js';
import { bootstrapOutputBase, permissionTierSchema, permissionsOutputBase, tierBootstrapInput, tierBootstrapOutput, tierTargetInput } from './common.js';
import { AWS_PARTITIONS } from '../../domain/aws.js';

/** The AWS partition a connection lives in; absent means commercial AWS (`aws`), as before partitions existed. */
export const awsPartitionSchema = z.enum(AWS_PARTITIONS, { error: `Choose a partition: ${AWS_PARTITIONS.join(', ')}.` });

export const awsBootstrapInput = z.strictObject({ cloud: z.literal('aws'), orgId: orgIdSchema, partition: awsPartitionSchema.optional(), ...tierBootstrapInput });

export const awsBootstrapOutput = z.strictObject({
  cloud: z.literal('aws'),
  ...bootstrapOutputBase,
  ...tierBootstrapOutput,
  partition: awsPartitionSchema,
  externalId: z.string(),
  roleName: z.string(),
  stackName: z.string(),
  partnerAccountId: z.string(),
  partnerPrincipal: z.string(),
  trustPolicy: z.record(z.string(), z.unknown()),
  trustPolicyChars: z.number(),
  quickCreateUrl: z.string().nullable(),
  keyFingerprint: z.string(),
  /** Where the external id came from: the platform profile, or the HMAC key (admin machines). */
  externalIdSource: z.enum(['profile', 'key']),
  roleNameSource: z.enum(['profile', 'settings file', 'pattern']),
  rotation: z
    .strictObject({ oldExternalId: z.string(), oldKeyFingerprint: z.string(), newKeyFingerprint: z.string(), newExternalId: z.string() })
    .nullable(),
});

/**
 * A region allow-list: the regions AlphaSwarm may use, given as a list or as the CLI's
 * comma-separated `--regions a,b`. With it, step 4* and health never call ec2:DescribeRegions.
 */
export const regionsSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()).filter(Boolean) : v),
  z.array(regionSchema).min(1, 'Name at least one region.').max(50, 'At most 50 regions.').refine((list) => new Set(list).size === list.length, 'A region is named twice.'),
);

/** Steps 3, 4, 4* and 5 all take the role the admin created (its ARN, or the account id alone) and, optionally, the STS region. */
export const awsTargetInput = z.strictObject({
  cloud: z.literal('aws'),
  orgId: orgIdSchema,
  roleArn: roleArnOrAccountSchema,
  region: regionSchema.optional(),
  partition: awsPartitionSchema.optional(),
  regions: regionsSchema.optional(),
  ...tierTargetInput,
});

export const awsIdentityOutput = z.strictObject({
  cloud: z.literal('aws'),
  accountId: z.string(),
  roleArn: z.string(),
  assumedRoleArn: z.string(),
  region: z.string(),
  partition: awsPartitionSchema,
  /** The STS endpoint AssumeRole went to: the partition's regional one, or the override setting. */
  stsEndpoint: z.string(),
  sessionExpiresAt: z.string(),
  checkedAt: z.string(),
});

export const awsPermissionsOutput = z.strictObject({ cloud: z.literal('aws'), ...permissionsOutputBase, tier: permissionTierSchema });

export const awsEnumerateOutput = z.strictObject({
  cloud: z.literal('aws'),
  regions: z.array(z.strictObject({ name: z.string(), endpoint: z.string(), optInStatus: z.string() })),
});


export const awsMemberAccountsInput = z.strictObject({ orgId: orgIdSchema });

/** The AWS Organization's member accounts, read through the org's primary (management-account) connection. */
export const awsMemberAccountsOutput = z.strictObject({
  organizationId: z.string(),
  managementAccountId: z.string(),
  accounts: z.array(z.strictObject({ id: z.string(), name: z.string(), email: z.string(), status: z.string() })),
});

/** This cloud's step schemas, gathered for the unions of shared/ipc/cloud-onboarding.ts. */
export const awsContract = {
  descriptor: awsCloud,
  bootstrapInput: awsBootstrapInput,
  bootstrapOutput: awsBootstrapOutput,
  targetInput: awsTargetInput,
  identityOutput: awsIdentityOutput,
  permissionsOutput: awsPermissionsOutput,
  enumerateOutput: awsEnumerateOutput,
  many: manySchemas(awsCloud.kind, awsTargetInput),
} as const;
