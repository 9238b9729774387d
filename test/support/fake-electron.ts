import { EventEmitter } from 'node:events';

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
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created;
  }
}

type Handler = (...args: never[]) => unknown;

export function createFakeElectron() {
  const appEvents = new EventEmitter();
  const ipcHandlers = new Map<string, Handler>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const calls = { enableSandbox: 0, privilegedSchemes: [] as unknown[], opened: [] as string[], quit: 0 };
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
  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: () => void calls.enableSandbox++,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      on: (name: string, listener: Handler) => appEvents.on(name, listener as never),
      quit: () => void calls.quit++,
    },
    BrowserWindow: FakeBrowserWindow,
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
  return { electron, appEvents, ipcHandlers, protocolHandlers, session, calls };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** What Electron passes to an ipcMain.handle listener, for a sender and frame of our choosing. */
export function invokeEvent(sender: FakeWebContents, frame: { url: string; parent: unknown } | null) {
  return { sender, senderFrame: frame };
}
