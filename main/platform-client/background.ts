import { AppError } from '../../shared/domain/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Settings } from '../settings.js';
import { type DeliveryService, LEASE_MS } from './delivery-service.js';
import type { PlatformAuth } from './platform-auth.js';
import type { ProfileRefresh } from './profile-refresh.js';

/** How often the running app looks at the outbox (each item keeps its own backoff and Retry-After). */
const TICK_MS = 30_000;
/** A profile refresh that failed is tried again no sooner than this. */
const PROFILE_RETRY_MS = 6 * 3_600_000;

/**
 * What the running app does on its own while signed in: send what is due in the outbox (each item's
 * exponential backoff with jitter, and the platform's Retry-After, decide when), and refresh the
 * platform profile within seven days of its end — noting each refresh, so the window can say so.
 * `tick` is one round (the tests run it on their clock); `start` runs it every 30 s and returns
 * the function that stops it.
 */
export function platformBackground(deps: {
  delivery: DeliveryService;
  profileRefresh: ProfileRefresh;
  /** The refresh as the router runs it: audited, and gated as a file import is. */
  refreshProfile: () => Promise<{ changed: boolean; jti: string | null; message: string }>;
  auth: PlatformAuth;
  settings: Settings;
  logger: Logger;
  clock: Clock;
}): { tick: () => Promise<void>; start: () => () => void } {
  const { delivery, profileRefresh, refreshProfile, auth, settings, logger, clock } = deps;
  let running = false;
  let lastProfileTry = Number.NEGATIVE_INFINITY;
  const refreshIfDue = async () => {
    if (!profileRefresh.due() || clock.now() - lastProfileTry <= PROFILE_RETRY_MS) return;
    lastProfileTry = clock.now();
    try {
      const r = await refreshProfile();
      profileRefresh.noteAutomatic(r.changed ? 'refreshed' : 'unchanged', r.message);
      logger.info('profile refreshed from the platform', { changed: r.changed, jti: r.jti });
    } catch (error) {
      const e = error instanceof AppError ? `${error.message} ${error.hint}` : 'The platform could not be reached.';
      profileRefresh.noteAutomatic('failed', e);
      logger.warn('profile refresh from the platform failed', { reason: e.slice(0, 300) });
    }
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (!settings.optional('ALPHASWARM_ADMIN_PLATFORM_URL') || !auth.status().signedIn) return;
      try {
        const sent = await delivery.flush(AbortSignal.timeout(LEASE_MS), true);
        for (const r of sent) logger.info('outbox retry', { jti: r.jti, state: r.state, attempts: r.attempts });
      } catch (error) {
        logger.warn('outbox retry failed', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
      }
      // A failed outbox round does not hold back the profile: they are separate requests.
      await refreshIfDue();
    } finally {
      running = false;
    }
  };
  return {
    tick,
    start: () => {
      const timer = setInterval(() => void tick(), TICK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
