import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { HealthFinding, HealthRunRecord } from '../../shared/domain/health-history.js';
import { healthFindingSchema } from '../../shared/ipc/health.js';
import { redactText } from '../platform/redact.js';

/**
 * How much history is kept, and why: the diff needs only consecutive runs, and a person looks back
 * a few months at most. 100 runs is over three months of daily re-checks of one connection; a run
 * is a few kilobytes, so even an estate of thousands stays small. Runs older than a year go too,
 * which also ages out the history of connections since disconnected.
 */
export const HEALTH_RUNS_KEPT_PER_CONNECTION = 100;
export const HEALTH_RUN_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;

const findingsSchema = z.array(healthFindingSchema).max(200);

export interface NewHealthRun {
  readonly orgId: string;
  readonly cloud: string;
  readonly account: string;
  readonly credentialKey: string;
  readonly tier: string;
  readonly checkedAt: string;
  readonly status: string;
  readonly reason: string | null;
  readonly findings: readonly HealthFinding[];
}

interface Row {
  id: number;
  org_id: string;
  cloud: string;
  account: string;
  credential_key: string;
  tier: string;
  checked_at: string;
  status: string;
  reason: string | null;
  findings: string;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** Stored text: credential-shaped parts replaced (a cloud may echo a token in an error), and bounded. */
const clean = (text: string, max: number) => clip(redactText(text), max);
const cleanOrNull = (text: string | null, max: number) => (text === null ? null : clean(text, max));

/** The kept health re-checks, one row a run of a connection. */
export class HealthHistoryStore {
  constructor(private readonly db: Database) {}

  /** Keep a run, and drop what retention no longer keeps (in the caller's transaction, with the status and audit row). */
  record(run: NewHealthRun, nowMs: number): void {
    const findings = run.findings.slice(0, 200).map((f) => ({
      kind: f.kind,
      name: clean(f.name, 512),
      expected: clean(f.expected, 2048),
      actual: clean(f.actual, 4096),
      ok: f.ok,
      cause: cleanOrNull(f.cause, 4096),
      fix: cleanOrNull(f.fix, 4096),
    }));
    this.db
      .prepare('INSERT INTO health_runs (org_id, cloud, account, credential_key, tier, checked_at, status, reason, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(run.orgId, run.cloud, run.account, run.credentialKey, run.tier, run.checkedAt, run.status, cleanOrNull(run.reason, 4096), JSON.stringify(findings));
    this.db
      .prepare(
        `DELETE FROM health_runs WHERE org_id = ? AND cloud = ? AND account = ? AND id NOT IN
           (SELECT id FROM health_runs WHERE org_id = ? AND cloud = ? AND account = ? ORDER BY id DESC LIMIT ?)`,
      )
      .run(run.orgId, run.cloud, run.account, run.orgId, run.cloud, run.account, HEALTH_RUNS_KEPT_PER_CONNECTION);
    this.db.prepare('DELETE FROM health_runs WHERE checked_at < ?').run(new Date(nowMs - HEALTH_RUN_MAX_AGE_MS).toISOString());
  }

  /** Newest first: an org's runs, or one cloud's, or one connection's. */
  list(filter: { readonly orgId: string; readonly cloud?: string | undefined; readonly account?: string | undefined }, limit: number): HealthRunRecord[] {
    const where = ['org_id = ?'];
    const args: (string | number)[] = [filter.orgId];
    if (filter.cloud !== undefined) {
      where.push('cloud = ?');
      args.push(filter.cloud);
    }
    if (filter.account !== undefined) {
      // As the list shows it, in any case (an Azure subscription id is kept lower-case).
      where.push('lower(account) = lower(?)');
      args.push(filter.account);
    }
    const rows = this.db.prepare(`SELECT * FROM health_runs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, limit) as Row[];
    return rows.map((r) => this.read(r));
  }

  private read(r: Row): HealthRunRecord {
    let findings: HealthFinding[] = [];
    try {
      const parsed = findingsSchema.safeParse(JSON.parse(r.findings));
      if (parsed.success) findings = parsed.data;
    } catch {
      // A row that no longer reads keeps its status and reason; its findings are left out.
    }
    return { id: r.id, cloud: r.cloud, orgId: r.org_id, account: r.account, credentialKey: r.credential_key, tier: r.tier, checkedAt: r.checked_at, status: r.status, reason: r.reason, findings };
  }
}
