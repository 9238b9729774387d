import { z } from 'zod';
import { gcpCloud } from '../../clouds/gcp.js';
import { manySchemas } from './many.js';
import { projectIdProblem, projectNumberProblem, resourceNumber, resourceNumberProblem } from '../../domain/gcp.js';
import { orgIdSchema } from '../schemas.js';
import { bootstrapOutputBase, permissionTierSchema, permissionsOutputBase, tierBootstrapInput, tierBootstrapOutput, tierTargetInput } from './common.js';

const checked = (problem: (v: string) => string | undefined) =>
  z
    .string()
    .max(64)
    .transform((value, ctx) => {
      const p = problem(value);
      if (p) {
        ctx.addIssue({ code: 'custom', message: p });
        return z.NEVER;
      }
      return value.trim();
    });

export const projectIdSchema = checked(projectIdProblem);
export const projectNumberSchema = checked(projectNumberProblem);

/** An organisation or folder id: a decimal number (`folders/123` accepted, the prefix dropped). */
export const resourceNumberSchema = (what: 'organization' | 'folder') =>
  z
    .string()
    .max(64)
    .transform((value, ctx) => {
      const p = resourceNumberProblem(value, what);
      if (p) {
        ctx.addIssue({ code: 'custom', message: p });
        return z.NEVER;
      }
      return resourceNumber(value);
    });
export const organizationIdSchema = resourceNumberSchema('organization');
export const folderIdSchema = resourceNumberSchema('folder');

export const gcpBootstrapInput = z
  .strictObject({
    cloud: z.literal('gcp'),
    orgId: orgIdSchema,
    projectId: projectIdSchema.optional(),
    projectNumber: projectNumberSchema.optional(),
    /** The binding's member: this org's exact subject (default), or the seed's pool-wide principalSet. */
    memberScope: z.enum(['subject', 'pool']).optional(),
    /** Grant the read roles at an organisation, or at a folder, instead of the project. */
    organizationId: organizationIdSchema.optional(),
    folderId: folderIdSchema.optional(),
    ...tierBootstrapInput,
  })
  .refine((v) => v.organizationId === undefined || v.folderId === undefined, {
    message: 'Grant at an organisation or at a folder, not both: give --organization or --folder.',
    path: ['folderId'],
  });

export const gcpBootstrapOutput = z.strictObject({
  cloud: z.literal('gcp'),
  ...bootstrapOutputBase,
  ...tierBootstrapOutput,
  poolId: z.string(),
  providerId: z.string(),
  issuer: z.string(),
  subject: z.string(),
  audience: z.string(),
  serviceAccountEmail: z.string(),
  attributeCondition: z.string(),
  member: z.string(),
  memberScope: z.enum(['subject', 'pool']),
  stsAudience: z.string(),
});

export const gcpTargetInput = z
  .strictObject({
    cloud: z.literal('gcp'),
    orgId: orgIdSchema,
    projectId: projectIdSchema,
    projectNumber: projectNumberSchema,
    /**
     * A project found below an organisation or folder signs in through the pool of another project
     * (the one step 2 created it in): that project's id and number. Absent: the pool is in this project.
     */
    poolProjectId: projectIdSchema.optional(),
    poolProjectNumber: projectNumberSchema.optional(),
    ...tierTargetInput,
  })
  .refine((v) => (v.poolProjectId === undefined) === (v.poolProjectNumber === undefined), { message: "The pool's project needs both its id and its number.", path: ['poolProjectNumber'] });

export const gcpIdentityOutput = z.strictObject({
  cloud: z.literal('gcp'),
  projectId: z.string(),
  projectNumber: z.string(),
  poolId: z.string(),
  providerId: z.string(),
  serviceAccountEmail: z.string(),
  subject: z.string(),
  tokenExpiresAt: z.string(),
  checkedAt: z.string(),
});

export const gcpPermissionsOutput = z.strictObject({ cloud: z.literal('gcp'), ...permissionsOutputBase, tier: permissionTierSchema });

export const gcpEnumerateOutput = z.strictObject({
  cloud: z.literal('gcp'),
  project: z.strictObject({ projectId: z.string(), projectNumber: z.string(), name: z.string(), lifecycleState: z.string() }),
});

/** This cloud's step schemas, gathered for the unions of shared/ipc/cloud-onboarding.ts. */
export const gcpContract = {
  descriptor: gcpCloud,
  bootstrapInput: gcpBootstrapInput,
  bootstrapOutput: gcpBootstrapOutput,
  targetInput: gcpTargetInput,
  identityOutput: gcpIdentityOutput,
  permissionsOutput: gcpPermissionsOutput,
  enumerateOutput: gcpEnumerateOutput,
  many: manySchemas(gcpCloud.kind, gcpTargetInput),
} as const;
