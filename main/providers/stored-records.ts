import { z } from 'zod';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { AWS_PARTITIONS } from '../../shared/domain/aws.js';
import { AZURE_CLOUD_NAMES } from '../../shared/domain/azure.js';
import type { StoredConnection } from '../credentials/integration-store.js';

/**
 * What step 5 stores per cloud, parsed whenever a record is read back — never read field by field
 * with a fallback. Unknown members (from a later version) are kept and ignored.
 */
export const RECORD_SCHEMAS = {
  // `partition`: absent on records saved before partitions were chosen; the role ARN's then.
  aws: z.object({
    role_arn: z.string(),
    external_id: z.string(),
    region: z.string().nullish(),
    account_id: z.string(),
    role_id: z.string().nullish(),
    partition: z.enum(AWS_PARTITIONS).nullish(),
    /** The region allow-list, comma-separated (a record holds flat values); absent: every enabled region. */
    regions: z.string().nullish(),
  }),
  azure: z.object({ tenant_id: z.string(), subscription_id: z.string(), client_id: z.string(), subject: z.string(), principal_object_id: z.string(), app_object_id: z.string().optional(), azure_cloud: z.enum(AZURE_CLOUD_NAMES).optional() }),
  gcp: z.object({
    project_id: z.string(),
    project_number: z.string(),
    pool_id: z.string(),
    provider_id: z.string(),
    service_account_email: z.string(),
    subject: z.string(),
    // A project connected from an organisation or folder signs in through another project's pool.
    pool_project_id: z.string().optional(),
    pool_project_number: z.string().optional(),
  }),
  cloudflare: z.object({
    template: z.string(),
    token_id: z.string(),
    account_owned: z.boolean(),
    account_id: z.string().nullable(),
    // What the token was seen to reach when saved: the connection is named by them (older records lack them).
    account_name: z.string().optional(),
    zone_names: z.string().optional(),
  }),
} as const satisfies Readonly<Record<CloudKind, z.ZodType>>;

export type StoredRecord<C extends CloudKind> = z.output<(typeof RECORD_SCHEMAS)[C]>;


/** The same, for what must never fail (a list): undefined when damaged. */
export function tryRecord<T extends z.ZodType>(schema: T, stored: StoredConnection): z.output<T> | undefined {
  const parsed = z.safeParse(schema, stored.record);
  return parsed.success ? parsed.data : undefined;
}
