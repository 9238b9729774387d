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
 * platform profile within seven days of its end. Returns the function that stops it.
 */
export function startPlatformBackground(deps: {
  delivery: DeliveryService;
  profileRefresh: ProfileRefresh;
  /** The refresh as the router runs it: audited, and gated as a file import is. */
  refreshProfile: () => Promise<{ changed: boolean; jti: string | null }>;
  auth: PlatformAuth;
  settings: Settings;
  logger: Logger;
  clock: Clock;
}): () => void {
  const { delivery, profileRefresh, refreshProfile, auth, settings, logger, clock } = deps;
  let running = false;
  let lastProfileTry = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (!settings.optional('ALPHASWARM_ADMIN_PLATFORM_URL') || !auth.status().signedIn) return;
      const sent = await delivery.flush(AbortSignal.timeout(LEASE_MS), true);
      for (const r of sent) logger.info('outbox retry', { jti: r.jti, state: r.state, attempts: r.attempts });
      if (profileRefresh.due() && clock.now() - lastProfileTry > PROFILE_RETRY_MS) {
        lastProfileTry = clock.now();
        const r = await refreshProfile();
        logger.info('profile refreshed from the platform', { changed: r.changed, jti: r.jti });
      }
    } catch (error) {
      logger.warn('platform background work failed', { reason: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
