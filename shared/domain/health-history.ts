/**
 * What a re-check found, kept per run (issue 21 §4): for each thing checked, what step 2 asked
 * for against what the cloud shows now, and the fix. Plain types and pure functions: the CLI, main
 * and the window read the same diff.
 */

/** What a finding is about: signing in, the AWS trust policy, an action, a role assignment, a binding, a permission group. */
export const HEALTH_FINDING_KINDS = ['sign_in', 'trust_policy', 'action', 'role_assignment', 'binding', 'permission_group'] as const;
export type HealthFindingKind = (typeof HEALTH_FINDING_KINDS)[number];

export const FINDING_KIND_LABELS: Readonly<Record<HealthFindingKind, string>> = {
  sign_in: 'Sign-in',
  trust_policy: 'Trust policy',
  action: 'Policy action',
  role_assignment: 'Role assignment',
  binding: 'IAM binding',
  permission_group: 'Permission group',
};

export interface HealthFinding {
  readonly kind: HealthFindingKind;
  /** The action, role, permission or group; "trust policy" and "sign-in" for those. */
  readonly name: string;
  /** What AlphaSwarm needs (from the tier and step 2's artifacts). */
  readonly expected: string;
  /** What the cloud showed in this run. */
  readonly actual: string;
  readonly ok: boolean;
  /** Why it is not as expected, in the cloud's terms (an SCP, a boundary, an org policy…). */
  readonly cause: string | null;
  /** Who can fix it and how: the command, or the admin to ask. */
  readonly fix: string | null;
}

/** One kept re-check of one connection. */
export interface HealthRunRecord {
  readonly id: number;
  readonly cloud: string;
  readonly orgId: string;
  readonly account: string;
  readonly credentialKey: string;
  /** The permission tier checked. */
  readonly tier: string;
  readonly checkedAt: string;
  readonly status: string;
  readonly reason: string | null;
  readonly findings: readonly HealthFinding[];
}

/** One thing that differs between two consecutive runs of a connection. */
export interface HealthChange {
  readonly kind: HealthFindingKind;
  readonly name: string;
  readonly expected: string;
  /** What the earlier run saw (null: not checked then, e.g. a tier raised since). */
  readonly before: string | null;
  /** What the later run saw (null: not checked any more). */
  readonly after: string | null;
  /** Whether the later run has it as expected. */
  readonly nowOk: boolean;
  readonly cause: string | null;
  readonly fix: string | null;
}

export interface HealthDiff {
  readonly fromId: number;
  readonly toId: number;
  readonly fromStatus: string;
  readonly toStatus: string;
  readonly changes: readonly HealthChange[];
}

const keyOf = (f: Pick<HealthFinding, 'kind' | 'name'>) => `${f.kind}\u0000${f.name}`;

/** What changed from `before` to `after` (the same connection, in that order): findings whose actual value moved. */
export function diffRuns(before: HealthRunRecord, after: HealthRunRecord): HealthDiff {
  const earlier = new Map(before.findings.map((f) => [keyOf(f), f]));
  const later = new Map(after.findings.map((f) => [keyOf(f), f]));
  const changes: HealthChange[] = [];
  for (const f of after.findings) {
    const was = earlier.get(keyOf(f));
    if (was && was.actual === f.actual && was.ok === f.ok) continue;
    changes.push({ kind: f.kind, name: f.name, expected: f.expected, before: was?.actual ?? null, after: f.actual, nowOk: f.ok, cause: f.cause, fix: f.fix });
  }
  for (const f of before.findings) {
    if (!later.has(keyOf(f))) changes.push({ kind: f.kind, name: f.name, expected: f.expected, before: f.actual, after: null, nowOk: true, cause: null, fix: null });
  }
  return { fromId: before.id, toId: after.id, fromStatus: before.status, toStatus: after.status, changes };
}

/** The diff of each run against the one before it, newest first (runs given newest first). */
export function consecutiveDiffs(newestFirst: readonly HealthRunRecord[]): HealthDiff[] {
  const out: HealthDiff[] = [];
  for (let i = 0; i + 1 < newestFirst.length; i++) out.push(diffRuns(newestFirst[i + 1]!, newestFirst[i]!));
  return out;
}

/** Every fix a run names, one per line, each once: what "Copy fix" copies. */
export function fixText(run: Pick<HealthRunRecord, 'findings'>): string {
  const fixes = run.findings.filter((f) => !f.ok && f.fix).map((f) => f.fix!);
  return [...new Set(fixes)].join('\n');
}

/** A connection not checked for this long shows "Due for re-check". */
export const RECHECK_DUE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a connection last checked at `lastCheckedAt` (null: never since it was saved at `savedAt`) is due at `nowMs`. */
export function isDueForRecheck(lastCheckedAt: string | null, savedAt: string, nowMs: number): boolean {
  const since = Date.parse(lastCheckedAt ?? savedAt);
  return Number.isNaN(since) || nowMs - since > RECHECK_DUE_AFTER_MS;
}
