import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, ipcMain, protocol, session, shell } from 'electron';
import { createServices } from '../app/services.js';
import { quietSdkWarnings } from '../platform/warnings.js';
import { registerIpc } from './ipc-adapter.js';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol.js';
import { guardSession, guardWebContents, safeOpenExternal } from './security-guards.js';
import { createMainWindow } from './window.js';

/** The Electron composition: thin adapters around the same services the CLI and tests use. */
quietSdkWarnings();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

const here = dirname(fileURLToPath(import.meta.url));
const openExternal = safeOpenExternal((url) => shell.openExternal(url));
const ownWindows = new Set<number>();

app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

void app.whenReady().then(() => {
  const services = createServices({
    env: process.env,
    surface: 'app',
    openExternal,
    sqliteNativeBinding: process.env.ALPHASWARM_SQLITE_NATIVE_BINDING,
  });
  guardSession(session.defaultSession);
  registerAppProtocol(protocol, join(here, '../renderer'));
  registerIpc(ipcMain, services.router, (id) => ownWindows.has(id), services.actor);

  const open = () => {
    const win = createMainWindow(BrowserWindow, join(here, '../preload/index.cjs'), { devTools: !app.isPackaged });
    const id = win.webContents.id;
    ownWindows.add(id);
    win.on('closed', () => ownWindows.delete(id));
  };
  open();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => services.close());
});
