import type { Deadlines } from '../../main/platform/deadline.js';

/**
 * Deadlines a test fires by hand, once the state it waits for is reached (a request in flight at
 * the fake): no test depends on how fast the machine gets there.
 */
export class ManualDeadlines {
  private readonly pending: { ms: number; controller: AbortController }[] = [];

  readonly source: Deadlines = (ms) => {
    const controller = new AbortController();
    this.pending.push({ ms, controller });
    return controller.signal;
  };

  /** How many deadlines are armed and not yet fired. */
  get armed(): number {
    return this.pending.filter((p) => !p.controller.signal.aborted).length;
  }

  /** Fire every armed deadline, as if its time had passed. */
  expire(): void {
    for (const p of this.pending.splice(0)) {
      const error = new Error(`deadline of ${p.ms} ms`);
      error.name = 'TimeoutError';
      p.controller.abort(error);
    }
  }
}
