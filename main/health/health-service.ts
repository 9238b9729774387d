import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';
import { randomUUID } from 'node:crypto';
import { type CloudKind, formatCredentialKey, holdsSecret } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';
import type { HealthProgress, HealthResult, RecheckDue } from '../../shared/ipc/health.js';
import type { AuditLog } from '../audit/audit-log.js';
import { type IntegrationStore, type StoredConnection, connectionSecretName, keyOf } from '../credentials/integration-store.js';
import type { SecretStore } from '../credentials/secret-store.js';
import { type BackgroundRun, RunRegistry, runPooled } from '../platform/background-runs.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { type Deadlines, systemDeadlines, whenAborted } from '../platform/deadline.js';
import { type HealthOutcome, SIGNED_IN } from '../providers/base.js';
import { type HealthDiff, type HealthRunRecord, consecutiveDiffs, isDueForRecheck } from '../../shared/domain/health-history.js';
import { DEFAULT_TIER } from '../../shared/domain/tiers.js';
import type { HealthHistoryStore } from './health-history-store.js';
import type { ProviderRegistry } from '../providers/registry.js';

export type HealthScope =
  | { readonly kind: 'connection'; readonly cloud: CloudKind; readonly orgId: string; readonly account?: string | undefined }
  | { readonly kind: 'org'; readonly orgId: string }
  | { readonly kind: 'all' };

interface Run extends BackgroundRun {
  readonly total: number;
  /** The org the run checks, or the platform tenant for a run over every org. */
  readonly orgId: string;
  readonly results: HealthResult[];
}

/**
 * Re-validates saved connections read-only, a bounded number at a time. Each connection has its
 * own deadline, so one slow or failing cloud never stalls the others; each gets an audit row and
 * its status written back to the list.
 */
export class HealthService {
  private readonly runs = new RunRegistry<Run>({ message: 'That health run is unknown (runs are kept in memory only).', hint: 'Start a new run.' });

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly integrations: IntegrationStore,
    private readonly secrets: SecretStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly deadlineMs: () => number,
    private readonly logger: Logger,
    /** Where each check's deadline comes from: the system's timers, or a test's hand-fired ones. */
    private readonly deadlines: Deadlines = systemDeadlines,
    /** One transaction for a check's status and its audit row: they land together, with one disk sync. */
    private readonly together: (fn: () => void) => void = (fn) => fn(),
    /** Where each run is kept (with the status and audit row); none: runs are not kept. */
    private readonly kept?: HealthHistoryStore,
  ) {}

  /** The kept runs (newest first), each against the one before it of the same connection, and when each connection is due again. */
  history(filter: { orgId: string; cloud?: CloudKind | undefined; account?: string | undefined }, limit: number): { runs: HealthRunRecord[]; diffs: HealthDiff[]; connections: RecheckDue[] } {
    // One more run than shown per connection would be needed to diff the oldest shown: it is not, as
    // the list says what changed between runs it shows.
    const runs = this.kept?.list(filter, limit) ?? [];
    const byConnection = new Map<string, HealthRunRecord[]>();
    for (const r of runs) byConnection.set(`${r.cloud}/${r.account}`, [...(byConnection.get(`${r.cloud}/${r.account}`) ?? []), r]);
    const diffs = [...byConnection.values()].flatMap((same) => consecutiveDiffs(same)).sort((a, b) => b.toId - a.toId);
    const connections = this.integrations
      .list(filter.orgId)
      .filter((c) => (filter.cloud === undefined || c.cloud === filter.cloud) && (filter.account === undefined || c.account.toLowerCase() === filter.account.toLowerCase()))
      .map((c) => this.dueOf(c));
    return { runs, diffs, connections };
  }

  /** Which connections are due for a re-check (not checked for 7 days), from the clock alone: no cloud call. */
  due(orgId?: string): RecheckDue[] {
    return this.integrations.list(orgId).map((c) => this.dueOf(c));
  }

  private dueOf(c: StoredConnection): RecheckDue {
    return { cloud: c.cloud, orgId: c.orgId, account: c.account, credentialKey: formatCredentialKey(keyOf(c)), lastCheckedAt: c.lastValidatedAt, due: isDueForRecheck(c.lastValidatedAt, c.connectedAt, this.clock.now()) };
  }

  private select(scope: HealthScope): StoredConnection[] {
    if (scope.kind === 'all') return this.integrations.list();
    if (scope.kind === 'org') return this.integrations.list(scope.orgId);
    const all = this.integrations.forOrgCloud(scope.cloud, scope.orgId);
    const chosen = scope.account === undefined ? all : all.filter((c) => c.account === scope.account);
    if (chosen.length === 0) throw new AppError('not_found', `There is no ${scope.cloud} connection${scope.account ? ` for ${scope.account}` : ''} in "${scope.orgId}".`, 'Check the connection list.');
    return chosen;
  }

  /** Start a run in the background; poll `progress`. */
  start(scope: HealthScope, concurrency: number, actor: string): { runId: string; total: number } {
    const connections = this.select(scope);
    const run: Run = { id: randomUUID(), total: connections.length, orgId: scope.kind === 'all' ? PLATFORM_ORG_ID : scope.orgId, results: [], controller: new AbortController(), finished: false };
    this.runs.add(run);
    void this.execute(connections, concurrency, actor, run).catch((error: unknown) => {
      this.logger.error('health run failed', { error: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
    });
    return { runId: run.id, total: run.total };
  }

  /** Re-check runs still going. */
  running(): number {
    return this.runs.running();
  }

  progress(runId: string): HealthProgress {
    const run = this.runs.get(runId);
    return { runId, total: run.total, completed: run.results.length, finished: run.finished, cancelled: run.controller.signal.aborted, results: [...run.results] };
  }

  /** The org a run checks (the platform tenant for every org), or undefined when no such run is known. */
  orgOf(runId: string): string | undefined {
    return this.runs.find(runId)?.orgId;
  }

  cancel(runId: string): boolean {
    return this.runs.cancel(runId);
  }

  /** Run to completion (the CLI and tests wait on this). */
  async run(scope: HealthScope, concurrency: number, actor: string): Promise<HealthResult[]> {
    const connections = this.select(scope);
    const run: Run = { id: randomUUID(), total: connections.length, orgId: scope.kind === 'all' ? PLATFORM_ORG_ID : scope.orgId, results: [], controller: new AbortController(), finished: false };
    await this.execute(connections, concurrency, actor, run);
    return run.results;
  }

  private async execute(connections: StoredConnection[], concurrency: number, actor: string, run: Run): Promise<void> {
    // A check that throws (an audit write refused by a locked database) still ends the run.
    try {
      await runPooled(connections.length, concurrency, async (index) => {
        const stored = connections[index]!;
        run.results.push(run.controller.signal.aborted ? this.cancelled(stored) : await this.checkOne(stored, actor, run.controller.signal));
      });
    } finally {
      run.finished = true;
    }
  }

  private cancelled(stored: StoredConnection): HealthResult {
    return { cloud: stored.cloud, orgId: stored.orgId, account: stored.account, credentialKey: formatCredentialKey(keyOf(stored)), status: 'cancelled', reason: 'Skipped: the run was cancelled.', checkedAt: isoAt(this.clock), durationMs: 0 };
  }

  private async checkOne(stored: StoredConnection, actor: string, runSignal: AbortSignal): Promise<HealthResult> {
    const started = Date.now();
    const provider = this.providers.stored(stored.cloud);
    const secret = holdsSecret(stored.cloud) ? this.secrets.read(connectionSecretName(stored)) : undefined;
    // The deadline and the run's Cancel abort the provider's calls (an AbortSignal through to the
    // SDKs), so a timed-out or cancelled check closes its requests instead of running on unseen.
    const limit = this.deadlineMs();
    const deadline = this.deadlines(limit);
    const signal = AbortSignal.any([deadline, runSignal]);
    const stopped = whenAborted(signal).then((): HealthOutcome | 'cancelled' =>
      deadline.aborted ? { status: 'check_failed', reason: `${stored.cloud} did not answer within ${Math.round(limit / 1000)} seconds; retry later.` } : 'cancelled',
    );
    let outcome: HealthOutcome;
    try {
      const settled = await Promise.race([provider.revalidate(stored, secret, signal), stopped]);
      // Cancelled mid-check: nothing was learnt, so neither the list nor the audit log changes.
      if (settled === 'cancelled') return { ...this.cancelled(stored), reason: 'Stopped: the run was cancelled while this check was under way.' };
      outcome = settled;
    } catch {
      outcome = { status: 'check_failed', reason: 'The check failed unexpectedly; run it again.' };
    }
    const checkedAt = isoAt(this.clock);
    // Written back only if the connection still exists (it may have been disconnected meanwhile).
    this.together(() => {
      if (this.integrations.get(stored.cloud, stored.orgId, stored.account)) {
        this.integrations.updateStatus(stored, outcome.status, outcome.reason, checkedAt);
        this.kept?.record(
          {
            orgId: stored.orgId,
            cloud: stored.cloud,
            account: stored.account,
            credentialKey: formatCredentialKey(keyOf(stored)),
            tier: stored.tier ?? DEFAULT_TIER,
            checkedAt,
            status: outcome.status,
            reason: outcome.reason,
            findings: outcome.findings ?? (outcome.status === 'check_failed' ? [{ ...SIGNED_IN, actual: 'failed', ok: false, cause: outcome.reason, fix: null }] : []),
          },
          this.clock.now(),
        );
      }
      this.audit.append({
        actor,
        orgId: stored.orgId,
        cloud: stored.cloud,
        step: 'health',
        outcome: outcome.status === 'connected' ? 'succeeded' : 'failed',
        detail: { account: stored.account, status: outcome.status, reason: outcome.reason ? outcome.reason.slice(0, 1000) : null },
      });
    });
    return {
      cloud: stored.cloud,
      orgId: stored.orgId,
      account: stored.account,
      credentialKey: formatCredentialKey(keyOf(stored)),
      status: outcome.status,
      reason: outcome.reason,
      checkedAt,
      durationMs: Date.now() - started,
    };
  }
}
