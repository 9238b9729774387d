/**
 * A signal that aborts after `ms`: the system's timers in the app, a hand-fired one in tests, so
 * no test waits on real seconds to see a deadline pass.
 */
export type Deadlines = (ms: number) => AbortSignal;

export const systemDeadlines: Deadlines = (ms) => AbortSignal.timeout(ms);

/** A signal that is never aborted, for a caller that has nothing to cancel with (one per call). */
export function noCancel(): AbortSignal {
  return new AbortController().signal;
}

/** Settles when `signal` aborts (at once if it already has); never rejects. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
