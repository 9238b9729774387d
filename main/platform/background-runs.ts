import { AppError } from '../../shared/domain/errors.js';

/** What every run a window polls has: an id, a way to cancel it, and whether it has ended. */
export interface BackgroundRun {
  readonly id: string;
  readonly controller: AbortController;
  finished: boolean;
}

/**
 * The runs a window polls (re-check, connect many), in memory only: the newest `keep` are kept,
 * an unknown id is a clear not_found, and Cancel reaches only a run still going.
 */
export class RunRegistry<R extends BackgroundRun> {
  private readonly runs = new Map<string, R>();

  constructor(
    /** What to tell someone who asks for a run that is not (or no longer) here. */
    private readonly unknown: { readonly message: string; readonly hint: string },
    private readonly keep = 20,
  ) {}

  add(run: R): void {
    this.runs.set(run.id, run);
    for (const id of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - this.keep))) this.runs.delete(id);
  }

  find(id: string): R | undefined {
    return this.runs.get(id);
  }

  get(id: string): R {
    const run = this.runs.get(id);
    if (!run) throw new AppError('not_found', this.unknown.message, this.unknown.hint);
    return run;
  }

  /** How many runs are still going (an update waits for them before it restarts the app). */
  running(): number {
    let n = 0;
    for (const run of this.runs.values()) if (!run.finished) n += 1;
    return n;
  }

  cancel(id: string): boolean {
    const run = this.runs.get(id);
    if (!run || run.finished) return false;
    run.controller.abort();
    return true;
  }
}

/**
 * Calls `work(i)` for every index below `count`, at most `concurrency` at a time. Every worker runs
 * to its end whatever another one met; only then is the first failure, if any, thrown — so a run
 * is never marked finished while part of it is still going.
 */
export async function runPooled(count: number, concurrency: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}
