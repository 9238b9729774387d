import type { Clock } from '../platform/clock.js';

/**
 * The short-lived sessions a provider holds between wizard steps (an assumed role, an ARM token, an
 * impersonated token, a verified Cloudflare token): keyed by org first, reused while they have time
 * left, dropped when the org's work is saved or abandoned. One implementation for every provider.
 */
export class SessionCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly clock: Clock,
    /** When a session expires (ms since the epoch), if it does. */
    private readonly expiresAt: (session: T) => number | undefined = () => undefined,
    /** A session with less time left than this is not reused. */
    private readonly marginMs = 60_000,
  ) {}

  static key(orgId: string, ...parts: readonly string[]): string {
    return [orgId, ...parts].join('|');
  }

  /** The session under `key` if it still has time left. */
  fresh(key: string): T | undefined {
    const session = this.entries.get(key);
    if (session === undefined) return undefined;
    const expires = this.expiresAt(session);
    return expires === undefined || expires - this.clock.now() > this.marginMs ? session : undefined;
  }

  /** The session under `key`, however old (what step 5 records of it). */
  peek(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, session: T): void {
    this.entries.set(key, session);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drop every session of an org (after a save, a disconnect, a batch run). */
  forgetOrg(orgId: string): void {
    for (const key of this.entries.keys()) if (key === orgId || key.startsWith(`${orgId}|`)) this.entries.delete(key);
  }
}
