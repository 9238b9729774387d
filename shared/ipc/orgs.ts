import { z } from 'zod';
import { orgIdSchema } from './schemas.js';
import { defineChannel, emptyInput } from './contract.js';

export const orgSchema = z.strictObject({
  orgId: z.string(),
  displayName: z.string(),
  createdAt: z.string(),
  connectionCount: z.number().int().nonnegative(),
});
export type Org = z.infer<typeof orgSchema>;

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'The display name is empty.')
  .max(120, 'The display name is longer than 120 characters.')
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'The display name has control characters.');

export const listOrgs = defineChannel({
  domain: 'orgs',
  method: 'list',
  input: emptyInput,
  output: z.strictObject({ orgs: z.array(orgSchema) }),
  summary: 'Every organisation on this device, with the platform tenant first.',
});

export const addOrg = defineChannel({
  domain: 'orgs',
  method: 'add',
  input: z.strictObject({ orgId: orgIdSchema, displayName: displayNameSchema }),
  output: z.strictObject({ org: orgSchema }),
  audit: { step: 'org_add', mode: 'pending-outcome' },
  summary: 'Add an organisation to onboard.',
});

export const orgChannels = [listOrgs, addOrg] as const;
