import { join } from 'node:path';
import type { App } from 'electron';

/** electron-builder.yml's `appId` and `productName` (test/unit/electron-lifecycle.test.ts keeps them equal). */
export const APP_ID = 'ai.alpha-swarm.onboarding';
export const PRODUCT_NAME = 'AlphaSwarm Onboarding';
export const DEVELOPMENT_NAME = `${PRODUCT_NAME} (development)`;

type IdentityApp = Pick<App, 'isPackaged' | 'setName' | 'getPath' | 'setPath' | 'setAppUserModelId'>;

/**
 * Who this process is to the OS. Must run before `requestSingleInstanceLock`, which Electron keys
 * on the userData folder: under `npm start` the app takes its own name and userData, so a
 * development instance and an installed copy each get their own lock (and Chromium profile)
 * instead of the second one quitting silently.
 *
 * On Windows the AppUserModelID ties the running window to the Start-menu shortcut the NSIS
 * installer creates (electron-builder uses `appId` there), so the taskbar groups them as one app.
 */
export function applyAppIdentity(app: IdentityApp, platform: NodeJS.Platform): void {
  if (!app.isPackaged) {
    app.setName(DEVELOPMENT_NAME);
    app.setPath('userData', join(app.getPath('appData'), DEVELOPMENT_NAME));
  }
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : `${APP_ID}.development`);
}
