import { z } from 'zod';
import { artifactSchema, noteSchema } from '../schemas.js';
import { CLOUD_KINDS } from '../../domain/cloud.js';

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
};

export const connectionStatusSchema = z.enum([
  'connected',
  'needs_attention',
  'rotated_key',
  'expiring',
  'expired',
  'check_failed',
]);
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;

/** What the renderer and `list --json` see of a saved connection: never a secret. */
export const connectionSummarySchema = z.strictObject({
  cloud: z.enum(CLOUD_KINDS),
  orgId: z.string(),
  credentialKey: z.string(),
  /** Account id, tenant / subscription, project, or Cloudflare account — what the admin recognises. */
  identifier: z.string(),
  label: z.string(),
  status: connectionStatusSchema,
  statusReason: z.string().nullable(),
  record: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  connectedAt: z.string(),
  lastValidatedAt: z.string().nullable(),
  expiresOn: z.string().nullable(),
  hasSecret: z.boolean(),
  /** The rotation duty, in a line. */
  rotation: z.string(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export const cleanupStepSchema = z.strictObject({
  title: z.string(),
  language: z.enum(['shell', 'text', 'url']),
  content: z.string(),
});
export type CleanupStep = z.infer<typeof cleanupStepSchema>;
