import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';

/** Every web page the app opens gets exactly these preferences; a test reads them. */
export function hardenedWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

export interface WindowFactory {
  new (options: BrowserWindowConstructorOptions): BrowserWindow;
}

export function createMainWindow(BrowserWindowCtor: WindowFactory, preloadPath: string, iconPath?: string): BrowserWindow {
  const win = new BrowserWindowCtor({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'AlphaSwarm Onboarding',
    show: false,
    backgroundColor: '#f6f7f9',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
