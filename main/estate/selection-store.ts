import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { estateSelectionSchema, type EstateSelection } from '../../shared/ipc/estate-schemas.js';
import { guidSchema, managementGroupIdSchema } from '../../shared/ipc/clouds/azure.js';
import { type Clock, isoAt } from '../platform/clock.js';

/** Azure: the tenant and management group an org's estate was connected from, so a re-scan needs no flags. */
export const azureEstateScopeSchema = z.strictObject({ tenantId: guidSchema('tenant id'), managementGroupId: managementGroupIdSchema });
export type AzureEstateScope = z.output<typeof azureEstateScopeSchema>;

// Kept in the selection's JSON (no new column): an AWS row never has it.
const storedSchema = estateSelectionSchema.extend({ azure: azureEstateScopeSchema.optional() });

/** The include/exclude choice last used to connect an org's estate in one cloud, read back through its schema. */
export class EstateSelectionStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The saved selection, or undefined (never saved, or a row that no longer reads as one). */
  get(orgId: string, cloud: string): { selection: EstateSelection; updatedAt: string; azure?: AzureEstateScope | undefined } | undefined {
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
    const { azure, ...selection } = parsed.data;
    return { selection, updatedAt: row.updated_at, ...(azure ? { azure } : {}) };
  }

  save(orgId: string, cloud: string, selection: EstateSelection, azure?: AzureEstateScope): void {
    const stored = storedSchema.parse({ ...selection, ...(azure ? { azure } : {}) });
    this.db
      .prepare('INSERT INTO estate_selections (org_id, cloud, selection, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, cloud) DO UPDATE SET selection = excluded.selection, updated_at = excluded.updated_at')
      .run(orgId, cloud, JSON.stringify(stored), isoAt(this.clock));
  }
}
