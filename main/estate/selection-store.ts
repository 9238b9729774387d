import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { estateSelectionSchema, type EstateSelection } from '../../shared/ipc/estate-schemas.js';
import { guidSchema, managementGroupIdSchema } from '../../shared/ipc/clouds/azure.js';
import { projectIdSchema, projectNumberSchema } from '../../shared/ipc/clouds/gcp.js';
import { type Clock, isoAt } from '../platform/clock.js';

/** Azure: the tenant and management group an org's estate was connected from, so a re-scan needs no flags. */
export const azureEstateScopeSchema = z.strictObject({ tenantId: guidSchema('tenant id'), managementGroupId: managementGroupIdSchema });
export type AzureEstateScope = z.output<typeof azureEstateScopeSchema>;

/** GCP: the organisation or folder an org's estate was connected from, and the project holding the pool. */
export const gcpEstateScopeSchema = z.strictObject({
  parent: z.string().regex(/^(?:organizations|folders)\/[1-9]\d{0,18}$/),
  poolProjectId: projectIdSchema,
  poolProjectNumber: projectNumberSchema,
});
export type GcpEstateScope = z.output<typeof gcpEstateScopeSchema>;

// Kept in the selection's JSON (no new column): an AWS row never has either.
const storedSchema = estateSelectionSchema.extend({ azure: azureEstateScopeSchema.optional(), gcp: gcpEstateScopeSchema.optional() });

/** The include/exclude choice last used to connect an org's estate in one cloud, read back through its schema. */
export class EstateSelectionStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The saved selection, or undefined (never saved, or a row that no longer reads as one). */
  get(orgId: string, cloud: string): { selection: EstateSelection; updatedAt: string; azure?: AzureEstateScope | undefined; gcp?: GcpEstateScope | undefined } | undefined {
    const row = this.db.prepare('SELECT selection, updated_at FROM estate_selections WHERE org_id = ? AND cloud = ?').get(orgId, cloud) as { selection: string; updated_at: string } | undefined;
    if (!row) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(row.selection);
    } catch {
      return undefined;
    }
    const parsed = storedSchema.safeParse(value);
    if (!parsed.success) return undefined;
    const { azure, gcp, ...selection } = parsed.data;
    return { selection, updatedAt: row.updated_at, ...(azure ? { azure } : {}), ...(gcp ? { gcp } : {}) };
  }

  save(orgId: string, cloud: string, selection: EstateSelection, azure?: AzureEstateScope, gcp?: GcpEstateScope): void {
    const stored = storedSchema.parse({ ...selection, ...(azure ? { azure } : {}), ...(gcp ? { gcp } : {}) });
    this.db
      .prepare('INSERT INTO estate_selections (org_id, cloud, selection, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, cloud) DO UPDATE SET selection = excluded.selection, updated_at = excluded.updated_at')
      .run(orgId, cloud, JSON.stringify(stored), isoAt(this.clock));
  }
}
