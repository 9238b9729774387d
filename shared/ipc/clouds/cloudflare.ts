import { z } from 'zod';
import { cloudflareCloud } from '../../clouds/cloudflare.js';
import { CLOUDFLARE_TEMPLATE_IDS, classifyCloudflareCredential } from '../../domain/cloudflare.js';
import { orgIdSchema } from '../schemas.js';
import { bootstrapOutputBase, permissionsOutputBase } from './common.js';

/**
 * The token as it crosses IPC: classified before anything else sees it. The refusal message names
 * what it is and never repeats the value.
 */
export const cloudflareTokenSchema = z
  .string()
  .max(512, 'That is far too long to be an API token.')
  .transform((value, ctx) => {
    const kind = classifyCloudflareCredential(value);
    if (kind.kind === 'refused') {
      ctx.addIssue({ code: 'custom', message: kind.what === 'nothing' || kind.what.startsWith('not a') ? `This is ${kind.what}. ${kind.why}` : `This is ${kind.what}, so it is refused. ${kind.why}` });
      return z.NEVER;
    }
    return value.trim();
  });

export const accountIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'A Cloudflare account id is 32 lowercase hex characters (dashboard → account home → Account ID).');

export const cloudflareTemplateSchema = z.enum(CLOUDFLARE_TEMPLATE_IDS);

export const cloudflareBootstrapInput = z.strictObject({ cloud: z.literal('cloudflare'), orgId: orgIdSchema, template: cloudflareTemplateSchema.optional() });

export const cloudflareBootstrapOutput = z.strictObject({
  cloud: z.literal('cloudflare'),
  ...bootstrapOutputBase,
  template: z.string(),
  tokenName: z.string(),
  userTokenUrl: z.string(),
  accountTokenUrl: z.string(),
  permissionGroups: z.array(z.string()),
  resources: z.string(),
  recommendedExpiryDays: z.number(),
  templates: z.array(z.strictObject({ id: z.string(), title: z.string(), useFor: z.string(), permissionCount: z.number() })),
});

/**
 * Steps 3–5. The token is sent once (step 3, or each CLI command); main keeps it in memory for the
 * wizard session and the later steps leave it out.
 */
export const cloudflareTargetInput = z.strictObject({
  cloud: z.literal('cloudflare'),
  orgId: orgIdSchema,
  template: cloudflareTemplateSchema,
  accountId: accountIdSchema.optional(),
  /** Verify at /accounts/<id>/tokens/verify: the token belongs to the account, not a user. */
  accountOwned: z.boolean().optional(),
  token: cloudflareTokenSchema.optional(),
});

export const cloudflareIdentityOutput = z.strictObject({
  cloud: z.literal('cloudflare'),
  tokenId: z.string(),
  status: z.string(),
  accountOwned: z.boolean(),
  accountId: z.string().nullable(),
  notBefore: z.string().nullable(),
  expiresOn: z.string().nullable(),
  expiryWarning: z.string().nullable(),
  checkedAt: z.string(),
});

export const cloudflarePermissionsOutput = z.strictObject({ cloud: z.literal('cloudflare'), ...permissionsOutputBase, method: z.enum(['token-policies', 'read-only-probes']) });

export const cloudflareEnumerateOutput = z.strictObject({
  cloud: z.literal('cloudflare'),
  accounts: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  zones: z.array(z.strictObject({ id: z.string(), name: z.string(), status: z.string() })),
});

/** This cloud's step schemas, gathered for the unions of shared/ipc/cloud-onboarding.ts. */
export const cloudflareContract = {
  descriptor: cloudflareCloud,
  bootstrapInput: cloudflareBootstrapInput,
  bootstrapOutput: cloudflareBootstrapOutput,
  targetInput: cloudflareTargetInput,
  identityOutput: cloudflareIdentityOutput,
  permissionsOutput: cloudflarePermissionsOutput,
  enumerateOutput: cloudflareEnumerateOutput,
  // One token is one connection: no list to connect many from.
  many: null,
} as const;
