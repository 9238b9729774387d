import type { Database } from 'better-sqlite3';
import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';
import { AppError } from '../../shared/domain/errors.js';
import type { Org } from '../../shared/ipc/orgs.js';
import { type Clock, isoAt } from '../platform/clock.js';

export class OrgStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The platform tenant always exists, so it can hold AlphaSwarm's own connections. */
  ensurePlatform(): void {
    this.db
      .prepare('INSERT OR IGNORE INTO orgs (org_id, display_name, created_at) VALUES (?, ?, ?)')
      .run(PLATFORM_ORG_ID, 'AlphaSwarm platform', isoAt(this.clock));
  }

  list(): Org[] {
    return this.db
      .prepare(
        `SELECT o.org_id AS orgId, o.display_name AS displayName, o.created_at AS createdAt,
                (SELECT count(*) FROM integration_store i WHERE i.org_id = o.org_id) AS connectionCount
         FROM orgs o ORDER BY (o.org_id = ?) DESC, o.display_name COLLATE NOCASE, o.org_id`,
      )
      .all(PLATFORM_ORG_ID) as Org[];
  }

  get(orgId: string): Org | undefined {
    return this.list().find((o) => o.orgId === orgId);
  }

  add(orgId: string, displayName: string): Org {
    const exists = this.db.prepare('SELECT 1 FROM orgs WHERE org_id = ?').get(orgId);
    if (exists) {
      throw new AppError('conflict', `An organisation with the id "${orgId}" already exists.`, 'Open it from the organisations list, or choose another id.', {
        field: 'orgId',
      });
    }
    this.db.prepare('INSERT INTO orgs (org_id, display_name, created_at) VALUES (?, ?, ?)').run(orgId, displayName, isoAt(this.clock));
    return this.get(orgId)!;
  }

  /** An org is created on first use from the CLI, so `bootstrap --org x` then `connect` just works. */
  ensure(orgId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO orgs (org_id, display_name, created_at) VALUES (?, ?, ?)').run(orgId, orgId, isoAt(this.clock));
  }

  require(orgId: string): Org {
    const org = this.get(orgId);
    if (!org) {
      throw new AppError('not_found', `There is no organisation "${orgId}" on this device.`, 'Add it on the organisations page (or with the CLI, which adds it on first use).', {
        field: 'orgId',
      });
    }
    return org;
  }
}
