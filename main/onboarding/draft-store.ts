import type { Database } from 'better-sqlite3';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { type WizardDraft, wizardDraftSchema } from '../../shared/ipc/drafts.js';
import { type Clock, isoAt } from '../platform/clock.js';

/** Drafts older than this are dropped (and the engineer is told so). */
export const DRAFT_MAX_AGE_MS = 7 * 24 * 3600_000;

export interface StoredDraft {
  readonly orgId: string;
  readonly cloud: CloudKind;
  readonly draft: WizardDraft;
  readonly updatedAt: string;
}

interface Row {
  org_id: string;
  cloud: string;
  draft: string;
  updated_at: string;
}

/**
 * The wizard's progress per org and cloud, kept in the main process so it survives navigation and
 * restarts. A draft never holds a secret: the schema has no place for one.
 */
export class DraftStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  private parse(row: Row): StoredDraft | undefined {
    let value: unknown;
    try {
      value = JSON.parse(row.draft);
    } catch {
      return undefined;
    }
    const parsed = wizardDraftSchema.safeParse(value);
    return parsed.success ? { orgId: row.org_id, cloud: parsed.data.cloud, draft: parsed.data, updatedAt: row.updated_at } : undefined;
  }

  /**
   * Drop one org's drafts (or every org's) past their age; returns what was dropped, so the window
   * listing them can say so once — on that org's page, not another's.
   */
  prune(orgId?: string): { orgId: string; cloud: string; updatedAt: string }[] {
    const cutoff = new Date(this.clock.now() - DRAFT_MAX_AGE_MS).toISOString();
    const where = orgId === undefined ? 'updated_at < ?' : 'updated_at < ? AND org_id = ?';
    const params = orgId === undefined ? [cutoff] : [cutoff, orgId];
    const old = this.db.prepare(`SELECT org_id, cloud, updated_at FROM wizard_drafts WHERE ${where}`).all(...params) as Pick<Row, 'org_id' | 'cloud' | 'updated_at'>[];
    if (old.length) this.db.prepare(`DELETE FROM wizard_drafts WHERE ${where}`).run(...params);
    return old.map((r) => ({ orgId: r.org_id, cloud: r.cloud, updatedAt: r.updated_at }));
  }

  get(orgId: string, cloud: CloudKind): StoredDraft | undefined {
    const row = this.db.prepare('SELECT * FROM wizard_drafts WHERE org_id = ? AND cloud = ?').get(orgId, cloud) as Row | undefined;
    return row ? this.parse(row) : undefined;
  }

  list(orgId?: string): StoredDraft[] {
    const rows = (orgId === undefined ? this.db.prepare('SELECT * FROM wizard_drafts ORDER BY updated_at DESC').all() : this.db.prepare('SELECT * FROM wizard_drafts WHERE org_id = ? ORDER BY updated_at DESC').all(orgId)) as Row[];
    return rows.map((r) => this.parse(r)).filter((d): d is StoredDraft => d !== undefined);
  }

  save(orgId: string, draft: WizardDraft): StoredDraft {
    const updatedAt = isoAt(this.clock);
    this.db
      .prepare('INSERT INTO wizard_drafts (org_id, cloud, draft, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(org_id, cloud) DO UPDATE SET draft = excluded.draft, updated_at = excluded.updated_at')
      .run(orgId, draft.cloud, JSON.stringify(draft), updatedAt);
    return { orgId, cloud: draft.cloud, draft, updatedAt };
  }

  discard(orgId: string, cloud: CloudKind): boolean {
    return this.db.prepare('DELETE FROM wizard_drafts WHERE org_id = ? AND cloud = ?').run(orgId, cloud).changes > 0;
  }
}
