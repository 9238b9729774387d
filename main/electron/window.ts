import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';

export interface WindowOptions {
  /** DevTools only in development: a packaged build never opens them. */
  readonly devTools: boolean;
  readonly iconPath?: string;
}

/** Every web page the app opens gets exactly these preferences; tests read them. */
export function hardenedWebPreferences(preloadPath: string, devTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools,
  };
}

export interface WindowFactory {
  new (options: BrowserWindowConstructorOptions): BrowserWindow;
}

/** The app's one window: served from app://renderer/, never file:// (checklist item 18). */
export function createMainWindow(BrowserWindowCtor: WindowFactory, preloadPath: string, options: WindowOptions): BrowserWindow {
  const win = new BrowserWindowCtor({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'AlphaSwarm Onboarding',
    show: false,
    backgroundColor: '#f6f7f9',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: hardenedWebPreferences(preloadPath, options.devTools),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
