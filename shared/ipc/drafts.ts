import { z } from 'zod';
import { CLOUD_KINDS } from '../domain/cloud.js';
import { containsCredential } from '../domain/secret-shapes.js';
import { enumerateOutput, identityOutput, permissionsOutput } from './cloud-onboarding.js';
import { defineChannel } from './contract.js';
import { orgIdSchema } from './schemas.js';

/** Field names that may hold a secret: a draft refuses them outright. */
const SECRET_FIELD = /token|secret|password|key$/i;

/** The wizard's progress for one org and cloud: what was typed and shown, never a secret. */
export const wizardDraftSchema = z.strictObject({
  cloud: z.enum(CLOUD_KINDS),
  step: z.number().int().min(1).max(5),
  target: z.record(z.string().max(64), z.string().max(4096)).superRefine((fields, ctx) => {
    for (const [name, value] of Object.entries(fields)) {
      if (SECRET_FIELD.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'Secrets are never kept in drafts.' });
      // A token pasted into the wrong field is still a token, whole or part of what was pasted.
      else if (containsCredential(value)) ctx.addIssue({ code: 'custom', path: [name], message: 'This looks like a token or a key; secrets are never kept in drafts.' });
    }
  }),
  /** How the customer will set it up (step 2): CloudFormation, StackSets, CLI, Terraform, … */
  method: z.string().max(64).nullable(),
  /** Results already shown, exactly as main returned them (checked again when read back). */
  identity: identityOutput.nullable(),
  permissions: permissionsOutput.nullable(),
  enumeration: enumerateOutput.nullable(),
  /** A secret (the Cloudflare token) was verified in this draft: it must be pasted again to go on. */
  secretNeeded: z.boolean(),
}).superRefine((d, ctx) => {
  for (const key of ['identity', 'permissions', 'enumeration'] as const) {
    if (d[key] && d[key].cloud !== d.cloud) ctx.addIssue({ code: 'custom', path: [key], message: `is for ${d[key].cloud}, but the draft is for ${d.cloud}` });
  }
});
export type WizardDraft = z.infer<typeof wizardDraftSchema>;

const storedDraftSchema = z.strictObject({ orgId: z.string(), cloud: z.enum(CLOUD_KINDS), draft: wizardDraftSchema, updatedAt: z.string() });
export type StoredDraft = z.infer<typeof storedDraftSchema>;

export const getDraft = defineChannel({
  domain: 'drafts',
  method: 'get',
  input: z.strictObject({ orgId: orgIdSchema, cloud: z.enum(CLOUD_KINDS) }),
  output: z.strictObject({ draft: storedDraftSchema.nullable() }),
  summary: "The wizard's saved progress for one org and cloud, if any.",
});

export const saveDraft = defineChannel({
  domain: 'drafts',
  method: 'save',
  input: z.strictObject({ orgId: orgIdSchema, draft: wizardDraftSchema }),
  output: z.strictObject({ updatedAt: z.string() }),
  summary: "Keep the wizard's progress in main (never a secret), so it survives navigation and restarts.",
});

export const discardDraft = defineChannel({
  domain: 'drafts',
  method: 'discard',
  input: z.strictObject({ orgId: orgIdSchema, cloud: z.enum(CLOUD_KINDS) }),
  output: z.strictObject({ discarded: z.boolean() }),
  summary: 'Throw a draft away (after the engineer confirmed).',
});

export const listDrafts = defineChannel({
  domain: 'drafts',
  method: 'list',
  input: z.strictObject({ orgId: orgIdSchema.optional() }),
  output: z.strictObject({
    drafts: z.array(storedDraftSchema),
    /** Drafts dropped just now for being older than 7 days: said once. */
    dropped: z.array(z.strictObject({ orgId: z.string(), cloud: z.string(), updatedAt: z.string() })),
  }),
  summary: "Drafts in progress (one org, or all), dropping those (of that org, or all) older than 7 days.",
});

export const draftChannels = [getDraft, saveDraft, discardDraft, listDrafts] as const;
