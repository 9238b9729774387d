import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { createServices } from '../app/services.js';
import { installCrashHandlers } from '../platform/crash-handlers.js';
import { adoptLoginShellPath } from '../platform/login-shell-path.js';
import type { Logger } from '../platform/logger.js';
import { quietSdkWarnings } from '../platform/warnings.js';
import { Settings } from '../settings.js';
import { applyAppIdentity } from './app-identity.js';
import { startAutoUpdate } from './auto-update.js';
import { registerIpc, windowOwned } from './ipc-adapter.js';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol.js';
import { showAppWindow } from './second-instance.js';
import { guardSession, guardWebContents, safeOpenExternal } from './security-guards.js';
import { failStartup } from './startup-failure.js';
import { createMainWindow } from './window.js';

/** The Electron composition: thin adapters around the same services the CLI and tests use. */
quietSdkWarnings();
// Before the lock: Electron keys it on userData, which a development instance moves aside.
applyAppIdentity(app, process.platform);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

const here = dirname(fileURLToPath(import.meta.url));
let crashLogger: Logger | undefined;
// After start-up (whose failures have their own dialog): a crash is logged, said, and ends the app.
installCrashHandlers(
  () => crashLogger,
  (line) => dialog.showErrorBox('AlphaSwarm Onboarding stopped', line),
  (code) => app.exit(code),
);
const openExternal = safeOpenExternal((url) => shell.openExternal(url));
const ownWindows = new Set<number>();

/** The data folder, for the error box when start-up fails (settings are read again, defensively). */
function dataDirForMessage(): string | undefined {
  try {
    return new Settings(process.env).dataDir;
  } catch {
    return undefined;
  }
}

async function start(): Promise<void> {
  // macOS: a token command named without a path must resolve as it would in Terminal. It runs only
  // when the engineer tests a connection, long after this has finished.
  void adoptLoginShellPath(process.env);
  const services = await createServices({
    env: process.env,
    surface: 'app',
    appVersion: app.getVersion(),
    openExternal,
    // A packaged app loads only the better-sqlite3 it ships: an environment variable must never
    // make it load a native module from elsewhere. `npm start` sets it for its Electron build.
    sqliteNativeBinding: app.isPackaged ? undefined : process.env.ALPHASWARM_SQLITE_NATIVE_BINDING,
    // The app's settings file is written by electron-store (conf underneath, one schema): loaded on first write.
    settingsBackend: async (options) => {
      const { default: ElectronStore } = await import('electron-store');
      return new ElectronStore(options as ConstructorParameters<typeof ElectronStore>[0]);
    },
  });
  crashLogger = services.logger;
  app.on('will-quit', () => services.close());
  guardSession(session.defaultSession);
  registerAppProtocol(protocol, join(here, '../renderer'));
  registerIpc(
    ipcMain,
    services.router,
    (id) => ownWindows.has(id),
    services.actor,
    windowOwned(dialog, (event) => BrowserWindow.fromWebContents(event.sender), () => join(services.packs.exportDir(), 'bundles')),
  );

  const open = () => {
    const win = createMainWindow(BrowserWindow, join(here, '../preload/index.cjs'), { devTools: !app.isPackaged });
    const id = win.webContents.id;
    ownWindows.add(id);
    win.on('closed', () => ownWindows.delete(id));
  };
  open();
  startAutoUpdate(services.updates, services.logger, app.isPackaged);
  services.startPlatformBackground();
  app.on('second-instance', () => showAppWindow(BrowserWindow.getAllWindows(), open));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

if (app.requestSingleInstanceLock()) {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  // Any start-up error ends in a dialog and an exit: never a process with no window holding the lock.
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failStartup(app, dialog, error, dataDirForMessage()));
} else {
  // Another copy runs and has been sent 'second-instance'. Leave now, before ready: app.quit()
  // would wait for ready and could still open the database and a window.
  app.exit(0);
}
