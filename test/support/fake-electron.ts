import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in for the `electron` module, for the adapters' unit tests: it records what the app
 * asks of Electron and lets a test play the part of a window, a frame or a web page.
 */
export interface FakeEvent {
  readonly url: string | undefined;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url?: string): FakeEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  url = 'app://renderer/index.html';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  /** Fire a cancellable Electron event as Electron does: (event, url), the url also on the event. */
  fire(name: string, url?: string): FakeEvent {
    const event = fakeEvent(url);
    this.emit(name, event, url);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  minimized = false;
  visible = false;
  closed = false;
  focused = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused++;
  }
  minimize(): void {
    this.minimized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
    this.visible = true;
  }
  /** What Electron does when the user closes the window: it is gone from getAllWindows, then 'closed'. */
  close(): void {
    this.closed = true;
    this.visible = false;
    this.emit('closed');
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created.filter((w) => !w.closed);
  }
}

type Handler = (...args: never[]) => unknown;

/** Electron's `appData` in these tests: a temp folder, so nothing lands in the real one. */
const FAKE_APP_DATA = mkdtempSync(join(tmpdir(), 'fake-electron-appdata-'));

export interface FakeElectronOptions {
  /** `app.isPackaged`: true for an installed build, false under `npm start`. */
  readonly isPackaged?: boolean;
  /** What `app.requestSingleInstanceLock()` answers: false when another copy already runs. */
  readonly gotLock?: boolean;
}

export function createFakeElectron(initial: FakeElectronOptions = {}) {
  const appEvents = new EventEmitter();
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const calls = {
    enableSandbox: 0,
    privilegedSchemes: [] as unknown[],
    opened: [] as string[],
    quit: 0,
    /** Every lifecycle call, in order: what the app asked of Electron, and when. */
    log: [] as string[],
    errorBoxes: [] as { title: string; content: string }[],
    exitCode: undefined as number | undefined,
  };
  const paths = new Map<string, string>();
  let gotLock = initial.gotLock ?? true;
  type RequestHandler = (contents: FakeWebContents, permission: string, callback: (granted: boolean) => void) => void;
  type CheckHandler = (contents: FakeWebContents | null, permission: string) => boolean;
  const session: {
    permissionRequestHandler: RequestHandler | undefined;
    permissionCheckHandler: CheckHandler | undefined;
    setPermissionRequestHandler(h: RequestHandler): void;
    setPermissionCheckHandler(h: CheckHandler): void;
  } = {
    permissionRequestHandler: undefined,
    permissionCheckHandler: undefined,
    setPermissionRequestHandler(h) {
      session.permissionRequestHandler = h;
    },
    setPermissionCheckHandler(h) {
      session.permissionCheckHandler = h;
    },
  };
  const app = {
    isPackaged: initial.isPackaged ?? true,
    getVersion: () => '0.1.0',
    name: 'AlphaSwarm Onboarding',
    enableSandbox: () => void calls.enableSandbox++,
    requestSingleInstanceLock: () => {
      calls.log.push('requestSingleInstanceLock');
      return gotLock;
    },
    releaseSingleInstanceLock: () => void calls.log.push('releaseSingleInstanceLock'),
    whenReady: () => {
      calls.log.push('whenReady');
      return Promise.resolve();
    },
    on: (name: string, listener: Handler) => appEvents.on(name, listener as never),
    quit: () => void calls.quit++,
    exit: (code = 0) => {
      calls.log.push(`exit ${code}`);
      calls.exitCode ??= code;
    },
    setName: (name: string) => {
      calls.log.push(`setName ${name}`);
      app.name = name;
    },
    getName: () => app.name,
    getPath: (name: string) => {
      const known = paths.get(name);
      if (known) return known;
      if (name === 'appData') return FAKE_APP_DATA;
      if (name === 'userData') return join(FAKE_APP_DATA, app.name);
      throw new Error(`fake electron: no path "${name}"`);
    },
    setPath: (name: string, value: string) => {
      calls.log.push(`setPath ${name} ${value}`);
      paths.set(name, value);
    },
    setAppUserModelId: (id: string) => void calls.log.push(`setAppUserModelId ${id}`),
  };
  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    dialog: {
      showErrorBox: (title: string, content: string) => {
        calls.log.push('showErrorBox');
        calls.errorBoxes.push({ title, content });
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void calls.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    shell: {
      openExternal: async (url: string) => {
        calls.opened.push(url);
      },
    },
  };

  /**
   * A fresh Electron for the next composition of main.ts in the same test file: vitest builds the
   * mocked module once, so the objects main.ts imports stay the same and their state is reset.
   */
  function reset(options: FakeElectronOptions = {}): void {
    appEvents.removeAllListeners();
    ipcHandlers.clear();
    protocolHandlers.clear();
    paths.clear();
    for (const w of FakeBrowserWindow.created) w.closed = true;
    Object.assign(calls, { enableSandbox: 0, privilegedSchemes: [], opened: [], quit: 0, log: [], errorBoxes: [], exitCode: undefined });
    session.permissionRequestHandler = undefined;
    session.permissionCheckHandler = undefined;
    app.isPackaged = options.isPackaged ?? true;
    app.name = 'AlphaSwarm Onboarding';
    gotLock = options.gotLock ?? true;
  }

  return { electron, appEvents, ipcHandlers, protocolHandlers, session, calls, reset };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** What Electron passes to an ipcMain.handle listener, for a sender and frame of our choosing. */
export function invokeEvent(sender: FakeWebContents, frame: { url: string; parent: unknown } | null) {
  return { sender, senderFrame: frame };
}
