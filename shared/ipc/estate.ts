import { z } from 'zod';
import { defineChannel } from './contract.js';
import {
  estateAccountIdSchema,
  estateCloudSchema,
  estateCountsSchema,
  estateEntrySchema,
  estateSelectionSchema,
  scopeNodeSchema,
  selectionProblems,
  stackSetReadSchema,
} from './estate-schemas.js';
import { orgIdSchema } from './schemas.js';
import { guidSchema, managementGroupIdSchema } from './clouds/azure.js';
import { folderIdSchema, organizationIdSchema, projectIdSchema, projectNumberSchema } from './clouds/gcp.js';

/** Azure: the customer's tenant and the management group read; the last ones used apply when not given. */
const azureScopeFields = {
  tenantId: guidSchema('tenant id').optional(),
  managementGroupId: managementGroupIdSchema.optional(),
};

/**
 * GCP: the organisation or folder read, and the project that holds the pool (its id and number
 * sign in); the last ones used apply when not given.
 */
const gcpScopeFields = {
  organizationId: organizationIdSchema.optional(),
  folderId: folderIdSchema.optional(),
  projectId: projectIdSchema.optional(),
  projectNumber: projectNumberSchema.optional(),
};

export const estateScanInput = z.strictObject({
  orgId: orgIdSchema,
  cloud: estateCloudSchema,
  /** Preview another selection; without one, the org's saved selection (or everything) applies. */
  selection: estateSelectionSchema.optional(),
  ...azureScopeFields,
  ...gcpScopeFields,
}).superRefine((v, ctx) => {
  selectionProblems(v.cloud, v.selection, ctx, ['selection']);
  if (v.organizationId !== undefined && v.folderId !== undefined) ctx.addIssue({ code: 'custom', path: ['folderId'], message: 'Read an organisation or a folder, not both: give --organization or --folder.' });
  if ((v.projectId === undefined) !== (v.projectNumber === undefined)) ctx.addIssue({ code: 'custom', path: [v.projectId === undefined ? 'projectId' : 'projectNumber'], message: "The pool's project needs both its id and its number." });
  const gcpGiven = [v.organizationId, v.folderId, v.projectId, v.projectNumber].some((x) => x !== undefined);
  const azureGiven = v.tenantId !== undefined || v.managementGroupId !== undefined;
  if (v.cloud !== 'gcp' && gcpGiven) ctx.addIssue({ code: 'custom', path: ['cloud'], message: 'An organisation, a folder and a project are GCP\'s: use them with the gcp cloud.' });
  if (v.cloud === 'gcp' && azureGiven) ctx.addIssue({ code: 'custom', path: ['cloud'], message: 'A tenant and a management group are Azure\'s: drop them for GCP.' });
});

export const estateScanOutput = z.strictObject({
  cloud: estateCloudSchema,
  orgId: z.string(),
  /** Names this reading for a connect run that follows it (kept in main for a while). */
  scanId: z.string().uuid(),
  scannedAt: z.string(),
  /** The organization (AWS o-…) or the management group (Azure), and the tree under it. */
  scope: z.strictObject({ id: z.string(), name: z.string() }),
  /** Azure: the tenant the management group is in. */
  tenantId: z.string().nullable(),
  /** GCP: the project whose pool the scan signed in through. */
  poolProject: z.strictObject({ projectId: z.string(), projectNumber: z.string() }).nullable().optional(),
  root: scopeNodeSchema,
  managementAccountId: z.string().nullable(),
  /** AWS: the role each member account is asked to carry (a StackSet creates it). */
  roleName: z.string().nullable(),
  /** AWS: the StackSet that creates that role, read where the session may. */
  stackSet: stackSetReadSchema.nullable(),
  entries: z.array(estateEntrySchema),
  /** The org's connected accounts of this cloud: the window recomputes each state as boxes are ticked. */
  connectedAccounts: z.array(z.string()),
  counts: estateCountsSchema,
  selection: estateSelectionSchema,
  /** Where the selection came from: the one given, the one saved by the last connect, or none. */
  selectionSource: z.enum(['given', 'saved', 'none']),
  /** Ids the selection names that the organization no longer holds. */
  unknownInSelection: z.array(z.string()),
  /**
   * Azure: items of ARM's listing left out of the tree — a group or subscription listed again (it
   * moved while the pages were read), or a group listed under one below it; each is shown once,
   * under the first group listed. Null for AWS.
   */
  ignoredItems: z.number().int().nonnegative().nullable(),
});

export const estateConnectInput = z.strictObject({
  orgId: orgIdSchema,
  cloud: estateCloudSchema,
  scanId: z.string().uuid(),
  selection: estateSelectionSchema,
  /** Only these (new or connected, within the selection): "connect the new ones", "retry the failed". */
  accounts: z.array(estateAccountIdSchema).min(1).max(10_000).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
}).superRefine((v, ctx) => {
  selectionProblems(v.cloud, v.selection, ctx, ['selection']);
  // The accounts are checked against the scan too; here only their shape, for the cloud.
  selectionProblems(v.cloud, { includeOus: [], excludeOus: [], excludeAccounts: v.accounts ?? [] }, ctx, ['accounts']);
});

export const estateConnectOutput = z.strictObject({
  runId: z.string(),
  total: z.number().int(),
  /** The accounts the run connects, in the order it saves them. */
  accounts: z.array(z.string()),
  skipped: z.strictObject({
    suspended: z.array(z.string()),
    excluded: z.array(z.string()),
    management: z.string().nullable(),
  }),
});

export const estateScan = defineChannel({
  domain: 'estate',
  method: 'scan',
  input: estateScanInput,
  output: estateScanOutput,
  // Listing only: read-only calls through the org's management connection, audited, no code needed.
  audit: { step: 'enumerate', mode: 'outcome' },
  summary: "What's in this estate: the organization's tree compared with what is connected (connected, new, excluded, suspended).",
});

export const estateConnect = defineChannel({
  domain: 'estate',
  method: 'connect',
  input: estateConnectInput,
  output: estateConnectOutput,
  stepUp: true,
  audit: { step: 'batch_connect', mode: 'outcome' },
  maxPayloadBytes: 512 * 1024,
  summary: 'Connect the selected accounts of a scanned estate, each saved as its own connection, under one step-up (progress and cancel as "connect many").',
});

export const estateWaiting = defineChannel({
  domain: 'estate',
  method: 'waiting',
  input: z.strictObject({ orgId: orgIdSchema.optional() }),
  output: z.strictObject({
    estates: z.array(z.strictObject({ orgId: z.string(), cloud: estateCloudSchema, total: z.number().int(), notConnected: z.number().int(), scannedAt: z.string() })),
  }),
  summary: 'Per org, the accounts the last estate scan found that are still not connected (no cloud call).',
});

export const estateChannels = [estateScan, estateConnect, estateWaiting] as const;
