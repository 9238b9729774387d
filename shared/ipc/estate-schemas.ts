import { z } from 'zod';

/**
 * The customer's estate, one shape for every cloud: a scope tree (an AWS root and its OUs, later
 * Azure management groups and GCP folders), the accounts under each node, a selection of what to
 * include and exclude, and each account compared with what is connected.
 */
export const ESTATE_CLOUDS = ['aws', 'azure', 'gcp'] as const;
export const estateCloudSchema = z.enum(ESTATE_CLOUDS);

export const scopeKindSchema = z.enum(['organization', 'root', 'ou', 'management-group', 'folder']);

/** An account's standing in the cloud (AWS: ACTIVE, SUSPENDED, PENDING_CLOSURE). */
export const estateAccountStatusSchema = z.enum(['active', 'suspended', 'closing', 'unknown']);

export const estateAccountSchema = z.strictObject({
  id: z.string().max(64),
  name: z.string().max(256),
  status: estateAccountStatusSchema,
});
export type EstateAccount = z.infer<typeof estateAccountSchema>;

export interface ScopeNode {
  readonly kind: z.infer<typeof scopeKindSchema>;
  readonly id: string;
  readonly name: string;
  readonly children: readonly ScopeNode[];
  readonly accounts: readonly EstateAccount[];
}

export const scopeNodeSchema: z.ZodType<ScopeNode> = z.strictObject({
  kind: scopeKindSchema,
  id: z.string().max(128),
  name: z.string().max(256),
  get children() {
    return z.array(scopeNodeSchema).max(2000);
  },
  accounts: z.array(estateAccountSchema).max(10_000),
});

const AWS_SCOPE_ID = /^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
/** Azure's rules for a management group id: 1–90 of letters, digits, - _ . ( ), not ending with a period. */
const AZURE_SCOPE_ID = /^[A-Za-z0-9._()-]{0,89}[A-Za-z0-9_()-]$/;
/** GCP: an organisation or a folder, by resource name. */
const GCP_SCOPE_ID = /^(?:organizations|folders)\/[1-9]\d{0,18}$/;
const AWS_ACCOUNT_ID = /^\d{12}$/;
/** GCP: a project id (6–30 lowercase letters, digits and hyphens, starting with a letter). */
const GCP_PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const AZURE_SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An OU or root (AWS), a management group (Azure) or a folder (GCP) id; which one a cloud takes is checked with the cloud (selectionProblems). */
const scopeIdSchema = z
  .string()
  .refine((v) => AWS_SCOPE_ID.test(v) || AZURE_SCOPE_ID.test(v) || GCP_SCOPE_ID.test(v), 'Not an OU id (ou-xxxx-xxxxxxxx), a root id (r-xxxx), a management group id or a folder (folders/<number>).');
/** An account of an estate: an AWS account id (12 digits), an Azure subscription id (a lowercase GUID) or a GCP project id. */
export const estateAccountIdSchema = z
  .string()
  .refine(
    (v) => AWS_ACCOUNT_ID.test(v) || AZURE_SUBSCRIPTION_ID.test(v) || GCP_PROJECT_ID.test(v),
    'An AWS account id is 12 digits; an Azure subscription id is a GUID in lowercase; a GCP project id is 6–30 lowercase letters, digits and hyphens.',
  );

/** Include nothing named: everything. Exclusions win over inclusions; a node's exclusion covers all below it. */
export const estateSelectionSchema = z.strictObject({
  includeOus: z.array(scopeIdSchema).max(1000),
  excludeOus: z.array(scopeIdSchema).max(1000),
  excludeAccounts: z.array(estateAccountIdSchema).max(10_000),
});

/** What in a selection does not belong to the cloud's estate (an OU id for Azure, a GUID for AWS), as zod issues. */
export function selectionProblems(cloud: (typeof ESTATE_CLOUDS)[number], selection: EstateSelection | undefined, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (!selection) return;
  const [scope, account, words] =
    cloud === 'aws'
      ? [AWS_SCOPE_ID, AWS_ACCOUNT_ID, ['an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)', 'an AWS account id (12 digits)']]
      : cloud === 'azure'
        ? [AZURE_SCOPE_ID, AZURE_SUBSCRIPTION_ID, ['a management group id', 'an Azure subscription id (a lowercase GUID)']]
        : [GCP_SCOPE_ID, GCP_PROJECT_ID, ['a folder or organisation (folders/<number>, organizations/<number>)', 'a GCP project id']];
  for (const key of ['includeOus', 'excludeOus'] as const) {
    selection[key].forEach((id, i) => {
      if (!scope.test(id)) ctx.addIssue({ code: 'custom', path: [...path, key, i], message: `${id} is not ${words[0]}.` });
    });
  }
  selection.excludeAccounts.forEach((id, i) => {
    if (!account.test(id)) ctx.addIssue({ code: 'custom', path: [...path, 'excludeAccounts', i], message: `${id} is not ${words[1]}.` });
  });
}
export type EstateSelection = z.infer<typeof estateSelectionSchema>;
export const EMPTY_SELECTION: EstateSelection = { includeOus: [], excludeOus: [], excludeAccounts: [] };

/**
 * Where an account stands: connected already; new (in scope, not connected); excluded (by the
 * selection); suspended (skipped: it cannot be signed in to); management (listed apart).
 */
export const estateStateSchema = z.enum(['connected', 'new', 'excluded', 'suspended', 'management']);

/** Where the StackSet that creates the role stands in an account: CloudFormation's word, and its reason. */
export const stackInstanceSchema = z.strictObject({
  state: z.enum(['present', 'failed', 'pending', 'none']),
  detail: z.string(),
  reason: z.string().nullable(),
});
export type StackInstance = z.infer<typeof stackInstanceSchema>;

/** The StackSet read for the tree, or why it could not be. */
export const stackSetReadSchema = z.strictObject({
  name: z.string(),
  region: z.string(),
  readable: z.boolean(),
  note: z.string().nullable(),
});
export type StackSetRead = z.infer<typeof stackSetReadSchema>;

export const estateEntrySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: estateAccountStatusSchema,
  /** The node that holds it, and the names from the root down ("Root / Prod / EU"). */
  parentId: z.string(),
  path: z.string(),
  state: estateStateSchema,
  reason: z.string().nullable(),
  /** Null where the StackSet could not be read, and for the management account (never deployed there). */
  stackInstance: stackInstanceSchema.nullable(),
});
export type EstateEntry = z.infer<typeof estateEntrySchema>;

export const estateCountsSchema = z.strictObject({
  total: z.number().int(),
  connected: z.number().int(),
  new: z.number().int(),
  excluded: z.number().int(),
  suspended: z.number().int(),
});
export type EstateCounts = z.infer<typeof estateCountsSchema>;
