import { RunSignIns } from '../providers/run-sign-ins.js';
import type { TargetInput } from '../../shared/ipc/cloud-onboarding.js';
import { randomUUID } from 'node:crypto';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { AppError, type ErrorData } from '../../shared/domain/errors.js';
import type { BatchItemResult, BatchProgress } from '../../shared/ipc/batch.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../platform/logger.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { OnboardingService } from './onboarding-service.js';
import { type BackgroundRun, RunRegistry, runPooled } from '../platform/background-runs.js';
import { currentWriter } from '../platform/process-identity.js';

type Target = TargetInput;
type AuditDetail = Record<string, string | number | boolean | null | string[]>;

/** One account of a run, its provider resolved and its pending row (once written) open. */
interface Attempt {
  readonly provider: ReturnType<ProviderRegistry['target']>;
  readonly account: string;
  readonly correlationId: string;
  readonly orgId: string;
  readonly cloud: CloudKind;
  readonly batch: string;
  readonly actor: string;
  opened: boolean;
}

/** An account that cannot be checked at all (its target does not resolve, or the run's rows failed). */
class Failure {
  constructor(
    readonly account: string,
    readonly error: ErrorData,
  ) {}
}

interface Run extends BackgroundRun {
  readonly orgId: string;
  readonly cloud: CloudKind;
  readonly targets: readonly Target[];
  readonly results: (BatchItemResult | undefined)[];
  /** Sign-ins its accounts share (one per Azure tenant). */
  readonly signIns: RunSignIns;
  completed: number;
  done: Promise<void>;
}

function errorData(error: unknown): ErrorData {
  if (error instanceof AppError) return error.toData();
  return { code: 'internal', message: 'The check failed unexpectedly.', hint: 'Retry this account.' };
}

/**
 * Connect many accounts of one org in one run (an AWS Organization's members, several Azure
 * subscriptions, several GCP projects): each validated read-only (identity, then permissions),
 * a bounded number at a time, and saved when both pass — under the one step-up the run started
 * with. Each account gets its own result and audit rows; Cancel skips those not yet started.
 */
export class BatchConnectService {
  private readonly runs = new RunRegistry<Run>({ message: 'That run is unknown (runs are kept in memory only).', hint: 'Start it again; accounts already connected are updated, not duplicated.' });

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly onboarding: OnboardingService,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    /** Runs saves that are ready together in one transaction: one disk sync for all of them. */
    private readonly together: (fn: () => void) => void = (fn) => fn(),
  ) {}

  start(orgId: string, cloud: CloudKind, targets: readonly Target[], concurrency: number, actor: string): { runId: string; total: number; run: Promise<void> } {
    const run: Run = {
      id: randomUUID(),
      orgId,
      cloud,
      targets,
      results: targets.map(() => undefined),
      signIns: new RunSignIns(),
      controller: new AbortController(),
      completed: 0,
      finished: false,
      done: Promise.resolve(),
    };
    this.runs.add(run);
    run.done = this.execute(run, concurrency, actor);
    return { runId: run.id, total: targets.length, run: run.done };
  }

  /** Connect-many runs still going. */
  running(): number {
    return this.runs.running();
  }

  progress(runId: string): BatchProgress {
    const run = this.runs.get(runId);
    return {
      runId,
      orgId: run.orgId,
      cloud: run.cloud,
      total: run.targets.length,
      completed: run.completed,
      finished: run.finished,
      cancelled: run.controller.signal.aborted,
      results: run.results.filter((r): r is BatchItemResult => r !== undefined),
    };
  }

  /** The org a run belongs to, or undefined when no such run is known. */
  orgOf(runId: string): string | undefined {
    return this.runs.find(runId)?.orgId;
  }

  cancel(runId: string): boolean {
    return this.runs.cancel(runId);
  }

  private async execute(run: Run, concurrency: number, actor: string): Promise<void> {
    // Accounts are checked concurrently but saved in list order, so which one becomes the org's
    // primary (the first saved) never depends on which cloud call happened to answer first.
    const ready: ((() => BatchItemResult) | undefined)[] = run.targets.map(() => undefined);
    let committed = 0;
    // Saves that are ready at once (accounts answer in bursts) share one transaction; each save is
    // its own savepoint inside it, so one that fails leaves the others saved. A result counts only
    // once its transaction has committed: if the group's commit fails (a full disk, a lock held past
    // the timeout), each is saved again on its own and reports what happened to it.
    const commit = () => {
      const group: number[] = [];
      for (let i = committed; ready[i] !== undefined; i++) group.push(i);
      if (group.length === 0) return;
      let results: BatchItemResult[];
      try {
        results = [];
        this.together(() => {
          for (const i of group) results.push(ready[i]!());
        });
      } catch (error) {
        this.logger.warn('batch saves not committed together; saving one at a time', { error: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
        results = group.map((i) => ready[i]!());
      }
      group.forEach((i, k) => (run.results[i] = results[k]));
      committed += group.length;
    };
    const attempts = run.targets.map((target) => this.attempt(run, target, actor));
    const notStarted: Attempt[] = [];
    try {
      this.open(attempts);
      await runPooled(run.targets.length, concurrency, async (index) => {
        const attempt = attempts[index]!;
        if (run.controller.signal.aborted && !(attempt instanceof Failure) && attempt.opened) notStarted.push(attempt);
        ready[index] = run.controller.signal.aborted ? () => this.skipped(attempt.account) : await this.check(run, attempt);
        run.completed += 1;
        commit();
      });
    } catch (error) {
      // Not expected (each account catches its own failures), but never a run with fewer results
      // than accounts: the ones not recorded say so.
      const data = errorData(error);
      this.logger.error('batch run failed', { error: data.message.slice(0, 300) });
      run.targets.forEach((_, i) => {
        const a = attempts[i]!;
        run.results[i] ??= { account: a.account, status: 'failed', connection: null, error: { code: 'internal', message: 'The run stopped before this account was recorded.', hint: 'Check "list" for what was saved, then run again for the rest.' }, missing: [] };
      });
    } finally {
      this.close(notStarted, 'cancelled', 'The run was cancelled before this account was checked.');
      this.providers.stored(run.cloud).forget(run.orgId);
      run.finished = true;
    }
  }

  /** What one account's check needs: its provider and the correlation id its rows share. */
  private attempt(run: Run, target: Target, actor: string): Attempt | Failure {
    try {
      const provider = this.providers.target(target);
      return { provider, account: provider.accountOf(), correlationId: randomUUID(), orgId: run.orgId, cloud: run.cloud, batch: run.id, actor, opened: false };
    } catch (error) {
      return new Failure(this.accountOf(target), errorData(error));
    }
  }

  /**
   * Every account's pending row, before any cloud call, in one transaction: one disk sync for the
   * run instead of one per account. If it cannot be written, no account is checked.
   */
  private open(attempts: readonly (Attempt | Failure)[]): void {
    const open = attempts.filter((a): a is Attempt => !(a instanceof Failure));
    try {
      this.audit.appendAll(open.map((a) => this.entry(a, 'pending', { ...currentWriter() })));
      for (const a of open) a.opened = true;
    } catch (error) {
      const data = errorData(error);
      this.logger.error('batch pending rows not written', { error: data.message.slice(0, 300) });
      attempts.forEach((a, i) => (attempts as (Attempt | Failure)[])[i] = new Failure(a.account, data));
    }
  }

  /** Close the pending rows of accounts the run never reached (Cancel), in one transaction. */
  private close(attempts: readonly Attempt[], error: string, message: string): void {
    if (!attempts.length) return;
    try {
      this.audit.appendAll(attempts.map((a) => this.entry(a, 'failed', { error, message })));
    } catch (caught) {
      this.logger.error('batch audit rows not written', { error: caught instanceof Error ? caught.message.slice(0, 300) : 'unknown' });
    }
  }

  private entry(a: Attempt, outcome: 'pending' | 'succeeded' | 'failed', detail: AuditDetail) {
    return { actor: a.actor, orgId: a.orgId, cloud: a.cloud, step: 'connect' as const, outcome, correlationId: a.correlationId, detail: { ...a.provider.auditTarget(), batch: a.batch, ...detail } };
  }

  private accountOf(target: Target): string {
    try {
      return this.providers.target(target).accountOf();
    } catch {
      return 'unknown';
    }
  }

  private skipped(account: string): BatchItemResult {
    return { account, status: 'cancelled', connection: null, error: null, missing: [] };
  }

  /** Validate one account (cloud calls, concurrent); returns how to record it, run in list order. */
  private async check(run: Run, attempt: Attempt | Failure): Promise<() => BatchItemResult> {
    if (attempt instanceof Failure) {
      const result: BatchItemResult = { account: attempt.account, status: 'failed', connection: null, error: attempt.error, missing: [] };
      return () => result;
    }
    const { provider, account } = attempt;
    // An audit write can fail too (a database locked past its timeout): that account fails, the run goes on.
    const tryRow = (outcome: 'failed', detail: AuditDetail) => {
      try {
        this.audit.append(this.entry(attempt, outcome, detail));
      } catch (error) {
        this.logger.error('batch audit row not written', { account, error: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
      }
    };
    // Cancel aborts the run's signal: the calls in flight are closed on the wire, and the account
    // reads as cancelled (its pending row closed as failed with that reason), not as a cloud error.
    const signal = run.controller.signal;
    const failed = (error: unknown): BatchItemResult => {
      const data = errorData(error);
      tryRow('failed', { error: data.code, message: data.message.slice(0, 1000) });
      return { account, status: data.code === 'cloud_denied' ? 'refused' : 'failed', connection: null, error: data, missing: [] };
    };
    try {
      await provider.validateIdentity(signal, run.signIns);
      const permissions = await provider.validatePermissions(signal);
      const missing = permissions.checks.filter((c) => c.status === 'missing').map((c) => c.name);
      if (missing.length) {
        tryRow('failed', { missing });
        const refused: BatchItemResult = {
          account,
          status: 'refused',
          connection: null,
          missing,
          error: { code: 'cloud_denied', message: `Missing required permissions: ${missing.join(', ')}.`, hint: 'Grant them (step 4 shows how), then retry this account.' },
        };
        return () => refused;
      }
      const prepared = await provider.prepareConnection(undefined, signal);
      return () => {
        try {
          // The record and its succeeded row in one transaction: both land or neither.
          const saved = this.onboarding.save(run.cloud, run.orgId, account, prepared, { mode: 'add' }, attempt.actor, (result) =>
            this.audit.append(this.entry(attempt, 'succeeded', { credentialKey: result.connection.credentialKey, updated: result.updated })),
          );
          return { account, status: saved.updated ? 'updated' : 'connected', connection: saved.connection, error: null, missing: [] };
        } catch (error) {
          return failed(error);
        }
      };
    } catch (error) {
      if (signal.aborted) {
        tryRow('failed', { error: 'cancelled', message: 'The run was cancelled while this account was being checked.' });
        return () => this.skipped(account);
      }
      const result = failed(error);
      return () => result;
    }
  }

  /** For the CLI and tests: wait for a run to finish. */
  async wait(runId: string): Promise<BatchProgress> {
    await this.runs.find(runId)?.done;
    return this.progress(runId);
  }
}
