import { z } from 'zod';
import { artifactSchema, noteSchema } from '../schemas.js';
import { CLOUD_KINDS } from '../../domain/cloud.js';
import { PERMISSION_TIERS } from '../../domain/tiers.js';

export const permissionTierSchema = z.enum(PERMISSION_TIERS, { error: `Choose a tier: ${PERMISSION_TIERS.join(', ')}.` });

/** Steps 3–5 of a cloud with tiers: the tier to check and save (absent: standard, as before tiers). */
export const tierTargetInput = { tier: permissionTierSchema.optional() };

/** Step 2 of a cloud with tiers; `fromTier` (a raise) asks for only what the higher tier adds. */
export const tierBootstrapInput = { tier: permissionTierSchema.optional(), fromTier: permissionTierSchema.optional() };

/** What step 2 built for: the tier, and the tier it raises from (null: everything, from nothing). */
export const tierBootstrapOutput = { tier: permissionTierSchema, fromTier: permissionTierSchema.nullable() };

export const permissionCheckSchema = z.strictObject({
  /** The action, role or permission group checked. */
  name: z.string(),
  status: z.enum(['granted', 'missing', 'unverified']),
  /** Why it is missing: e.g. an Organizations SCP, a permissions boundary, an explicit deny. */
  cause: z.string().optional(),
  /** The command or step that grants it. */
  remedy: z.string().optional(),
});
export type PermissionCheck = z.infer<typeof permissionCheckSchema>;

export const remediationSchema = z.strictObject({
  title: z.string(),
  language: z.enum(['json', 'shell']),
  content: z.string(),
  description: z.string(),
});

export const permissionsOutputBase = {
  checks: z.array(permissionCheckSchema),
  allGranted: z.boolean(),
  remediation: z.array(remediationSchema),
  checkedAt: z.string(),
};

export const bootstrapOutputBase = {
  orgId: z.string(),
  artifacts: z.array(artifactSchema),
  notes: z.array(noteSchema),
  /** The platform profile says AlphaSwarm's side (its federated credential, its binding) is done for this org. */
  platformSideDone: z.boolean().optional(),
};

export const connectionStatusSchema = z.enum([
  'connected',
  'needs_attention',
  /** A re-check found less than the tier asks for (a narrowed policy, role or binding): what was lost is named. */
  'degraded',
  'drifted',
  'rotated_key',
  'expiring',
  'expired',
  'check_failed',
]);
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

export const DELIVERY_STATES = ['not_sent', 'queued', 'delivered', 'refused'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * A connection's delivery to the platform (docs/platform-api.md §7): not sent (never, or changed
 * since), queued in the outbox, delivered (a verified receipt's jti and time) or refused (the
 * platform's reason, and what to do).
 */
export const deliverySchema = z.strictObject({
  state: z.enum(DELIVERY_STATES),
  receiptJti: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** What the renderer, `list --json`, bundles and the platform see of a saved connection: never a secret. `kinds`: the clouds it may be of. */
export function connectionSummaryFor<const K extends string>(kinds: readonly K[]) {
  return z.strictObject({
  cloud: z.enum(kinds),
  orgId: z.string(),
  credentialKey: z.string(),
  /** The org's primary connection for this cloud (keyed `org:<org_id>`); others add what they connect. */
  primary: z.boolean(),
  /** Account id, subscription, project, or Cloudflare account — what the admin recognises. */
  identifier: z.string(),
  label: z.string(),
  status: connectionStatusSchema,
  statusReason: z.string().nullable(),
  record: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  connectedAt: z.string(),
  /** When the record last changed (health checks aside). */
  updatedAt: z.string(),
  lastValidatedAt: z.string().nullable(),
  expiresOn: z.string().nullable(),
  hasSecret: z.boolean(),
  /** The rotation duty, in a line. */
  rotation: z.string(),
  /** The last signed bundle that carried this connection (exported: a file, not a delivery). */
  exportedAt: z.string().nullable(),
  exportJti: z.string().nullable(),
  /** Whether the platform holds it as it is now: only a verified receipt makes it delivered. */
  delivery: deliverySchema,
  /** The permission tier checked when it was saved. Optional only so bundles made before tiers still verify. */
  tier: permissionTierSchema.optional(),
  });
}

/** A saved connection of any cloud this build carries. */
export const connectionSummarySchema = connectionSummaryFor(CLOUD_KINDS);
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export const cleanupStepSchema = z.strictObject({
  title: z.string(),
  language: z.enum(['shell', 'text', 'url']),
  content: z.string(),
});
export type CleanupStep = z.infer<typeof cleanupStepSchema>;

/** After a disconnect: vendor-side cleanup still to confirm, kept until verified or dismissed. */
export const cleanupItemSchema = z.strictObject({
  id: z.string(),
  orgId: z.string(),
  cloud: z.enum(CLOUD_KINDS),
  identifier: z.string(),
  label: z.string(),
  credentialKey: z.string(),
  removedAt: z.string(),
  checklist: z.array(cleanupStepSchema),
  reason: z.string(),
  status: z.enum(['pending', 'verified', 'dismissed']),
  lastCheckedAt: z.string().nullable(),
  lastDetail: z.string().nullable(),
  closedAt: z.string().nullable(),
  dismissReason: z.string().nullable(),
});
export type CleanupItem = z.infer<typeof cleanupItemSchema>;
