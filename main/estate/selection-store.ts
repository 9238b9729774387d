import type { Database } from 'better-sqlite3';
import { type EstateSelection, estateSelectionSchema } from '../../shared/ipc/estate-schemas.js';
import { type Clock, isoAt } from '../platform/clock.js';

/** The include/exclude choice last used to connect an org's estate in one cloud, read back through its schema. */
export class EstateSelectionStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The saved selection, or undefined (never saved, or a row that no longer reads as one). */
  get(orgId: string, cloud: string): { selection: EstateSelection; updatedAt: string } | undefined {
    const row = this.db.prepare('SELECT selection, updated_at FROM estate_selections WHERE org_id = ? AND cloud = ?').get(orgId, cloud) as { selection: string; updated_at: string } | undefined;
    if (!row) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(row.selection);
    } catch {
      return undefined;
    }
    const parsed = estateSelectionSchema.safeParse(value);
    return parsed.success ? { selection: parsed.data, updatedAt: row.updated_at } : undefined;
  }

  save(orgId: string, cloud: string, selection: EstateSelection): void {
    this.db
      .prepare('INSERT INTO estate_selections (org_id, cloud, selection, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, cloud) DO UPDATE SET selection = excluded.selection, updated_at = excluded.updated_at')
      .run(orgId, cloud, JSON.stringify(estateSelectionSchema.parse(selection)), isoAt(this.clock));
  }
}
