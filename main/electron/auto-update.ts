import type { Logger } from '../platform/logger.js';
import type { UpdateService } from '../update/update-service.js';

/** How often a running app looks for an update, after the look at start-up. */
const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

/**
 * The Electron-only glue of updates: electron-updater's platform updater (NSIS on Windows,
 * Squirrel.Mac on macOS, AppImage on Linux) handed to UpdateService, which does all the deciding
 * and is tested under Node. Only a packaged app updates itself: `npm start` has nothing to replace.
 * electron-updater is loaded on the first check with updates on, never when they are off.
 */
export function startAutoUpdate(updates: UpdateService, logger: Logger, isPackaged: boolean): void {
  if (!isPackaged) return;
  updates.useUpdater(async () => {
    const { autoUpdater } = await import('electron-updater');
    autoUpdater.logger = {
      info: (m?: unknown) => logger.info('updater', { message: String(m) }),
      warn: (m?: unknown) => logger.warn('updater', { message: String(m) }),
      error: (m?: unknown) => logger.error('updater', { message: String(m) }),
      debug: () => undefined,
    };
    return autoUpdater;
  });
  const check = () => void updates.check().catch((e: unknown) => logger.warn('update check failed', { message: String((e as Error)?.message ?? e) }));
  check();
  setInterval(check, CHECK_EVERY_MS).unref();
}
