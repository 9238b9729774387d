import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { estateAccountIdSchema } from '../../shared/ipc/estate-schemas.js';

const idsSchema = z.array(estateAccountIdSchema).max(10_000);

export interface LastScan {
  readonly orgId: string;
  readonly cloud: string;
  readonly scannedAt: string;
  readonly total: number;
  /** Found in scope and not connected at that scan. */
  readonly newIds: readonly string[];
}

/** The last scan of each org's estate, kept so Health can count what is not yet connected without a cloud call. */
export class EstateScanStore {
  constructor(private readonly db: Database) {}

  record(scan: LastScan): void {
    this.db
      .prepare('INSERT INTO estate_scans (org_id, cloud, scanned_at, total, new_ids) VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, cloud) DO UPDATE SET scanned_at = excluded.scanned_at, total = excluded.total, new_ids = excluded.new_ids')
      .run(scan.orgId, scan.cloud, scan.scannedAt, scan.total, JSON.stringify(scan.newIds));
  }

  /** Every org's last scan (or one org's); a row that no longer reads is left out. */
  list(orgId?: string): LastScan[] {
    const rows = (orgId === undefined ? this.db.prepare('SELECT * FROM estate_scans ORDER BY org_id, cloud').all() : this.db.prepare('SELECT * FROM estate_scans WHERE org_id = ? ORDER BY cloud').all(orgId)) as {
      org_id: string;
      cloud: string;
      scanned_at: string;
      total: number;
      new_ids: string;
    }[];
    return rows.flatMap((r) => {
      try {
        const ids = idsSchema.safeParse(JSON.parse(r.new_ids));
        return ids.success ? [{ orgId: r.org_id, cloud: r.cloud, scannedAt: r.scanned_at, total: r.total, newIds: ids.data }] : [];
      } catch {
        return [];
      }
    });
  }
}
