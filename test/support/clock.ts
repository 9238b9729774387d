import type { Clock } from '../../main/platform/clock.js';

/** A clock tests move by hand: TOTP steps, session expiry and lockouts without sleeping. */
export class TestClock implements Clock {
  private t: number;
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
  /** A wait that passes at once by moving this clock (the services' Sleep); refused when already aborted. */
  sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    this.t += ms;
    return Promise.resolve();
  };
}
