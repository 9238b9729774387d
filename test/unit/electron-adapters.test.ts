import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';
import { registerAppProtocol } from '../../main/electron/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp.js';
import { type FakeElectron, FakeBrowserWindow, FakeWebContents, invokeEvent } from '../support/fake-electron.js';
import { testKeychainService } from '../support/keychain.js';

// main/electron/main.ts is the real composition; only the `electron` module is replaced.
const fake: FakeElectron = vi.hoisted(() => ({}) as FakeElectron);
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('../support/fake-electron.js');
  Object.assign(fake, create());
  return fake.electron;
});

const CONSOLE_URL = 'https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks';

describe('the Electron composition, with a fake electron module', () => {
  let win: FakeBrowserWindow;

  beforeAll(async () => {
    process.env.ALPHASWARM_ADMIN_DATA_DIR = mkdtempSync(join(tmpdir(), 'electron-main-'));
    process.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE = testKeychainService();
    await import('../../main/electron/main.js');
    await vi.waitFor(() => expect(FakeBrowserWindow.created.length).toBe(1));
    win = FakeBrowserWindow.created[0]!;
  });
  afterAll(() => {
    fake.appEvents.emit('will-quit');
  });

  it('turns the sandbox on for every renderer and registers app:// without bypassing the CSP', () => {
    expect(fake.calls.enableSandbox).toBe(1);
    expect(fake.calls.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.not.objectContaining({ bypassCSP: true }) }]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
  });

  it('opens one hardened window on app://, never file://, with DevTools off when packaged', () => {
    expect(win.loadedUrl).toBe('app://renderer/index.html');
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('registers exactly the contract channels with ipcMain, nothing else', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(ALL_CHANNELS.map((c) => c.channel).sort());
  });

  describe('IPC: who may call', () => {
    const call = (channel: string, event: ReturnType<typeof invokeEvent>, payload: unknown = {}) =>
      (fake.ipcHandlers.get(channel) as (e: unknown, p: unknown) => Promise<{ ok: boolean; error?: { code: string } }>)(event, payload);
    const denied = async () => {
      const { createServices } = await import('../../main/app/services.js');
      const s = await createServices({ env: { ...process.env }, surface: 'cli' });
      const rows = s.audit.list({ step: 'ipc_denied', limit: 50 }).rows;
      s.close();
      return rows;
    };

    it("the app window's top frame on app:// is served", async () => {
      expect(await call('orgs:list', invokeEvent(win.webContents, { url: 'app://renderer/index.html#/', parent: null }))).toMatchObject({ ok: true });
    });

    it('a foreign sender, a sub-frame and a foreign origin are refused, and each refusal is audited', async () => {
      const stranger = new FakeWebContents();
      const cases = [
        { event: invokeEvent(stranger, { url: 'app://renderer/index.html', parent: null }), reason: 'sender is not an app window' },
        { event: invokeEvent(win.webContents, { url: 'app://renderer/frame.html', parent: {} }), reason: 'sub-frame app://renderer/frame.html' },
        { event: invokeEvent(win.webContents, { url: 'https://evil.example/', parent: null }), reason: 'foreign origin https://evil.example/' },
        { event: invokeEvent(win.webContents, null), reason: 'sender frame is gone' },
      ];
      for (const c of cases) expect(await call('orgs:list', c.event)).toMatchObject({ ok: false, error: { code: 'sender_rejected' } });
      const rows = await denied();
      expect(rows.map((r) => r.detail.reason).sort()).toEqual(cases.map((c) => c.reason).sort());
      expect(rows.every((r) => r.outcome === 'denied' && r.detail.channel === 'orgs:list')).toBe(true);
    });
  });

  describe('every web contents is guarded as it is created', () => {
    let contents: FakeWebContents;
    beforeAll(() => {
      contents = new FakeWebContents();
      fake.appEvents.emit('web-contents-created', {}, contents);
    });

    it('window.open never opens a window; only allow-listed https links go to the system browser', () => {
      for (const url of [CONSOLE_URL, 'https://evil.example/', 'file:///etc/passwd', 'http://console.aws.amazon.com/', 'javascript:alert(1)']) {
        expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
      }
      expect(fake.calls.opened).toEqual([CONSOLE_URL]);
    });

    it('navigation away from the app is stopped; moving within it is not', () => {
      expect(contents.fire('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
      expect(contents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
      expect(contents.fire('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
      expect(contents.fire('will-frame-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
      expect(contents.fire('will-navigate', 'app://renderer/index.html#/settings').defaultPrevented).toBe(false);
    });

    it('webviews are never attached', () => {
      expect(contents.fire('will-attach-webview').defaultPrevented).toBe(true);
    });
  });

  it('permission requests are refused, except clipboard writes from the app itself', () => {
    const ask = (permission: string, url: string) => {
      const contents = new FakeWebContents();
      contents.url = url;
      let granted: boolean | undefined;
      fake.session.permissionRequestHandler!(contents, permission, (g: boolean) => (granted = g));
      return { granted, checked: fake.session.permissionCheckHandler!(contents, permission) };
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'hid', 'serial']) {
      expect(ask(permission, 'app://renderer/index.html'), permission).toEqual({ granted: false, checked: false });
    }
    expect(ask('clipboard-sanitized-write', 'app://renderer/index.html')).toEqual({ granted: true, checked: true });
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toEqual({ granted: false, checked: false });
    expect(fake.session.permissionCheckHandler!(null, 'clipboard-sanitized-write')).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const handlers = new Map<string, (request: Request) => Promise<Response>>();
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
    registerAppProtocol({ handle: (scheme: string, h: (r: Request) => Promise<Response>) => void handlers.set(scheme, h) } as never, dir);
  });
  const get = (url: string, method = 'GET') => handlers.get('app')!(new Request(url, { method }));

  it('serves the renderer with the CSP as a header', async () => {
    const r = await get('app://renderer/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses other hosts, other methods and paths outside the renderer folder', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://renderer/index.html', 'POST')).status).toBe(404);
    expect((await get('app://renderer/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });
});

