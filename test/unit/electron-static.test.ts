import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hardenedWebPreferences } from '../../main/electron/window.js';
import { CONTENT_SECURITY_POLICY } from '../../main/security/csp.js';
import { CHANNEL_NAMES } from '../../shared/ipc/channel-names.js';
import { ALL_CHANNELS } from '../../shared/ipc/index.js';

// Static checks over the main-process source and the built bundles (npm test builds first),
// for the Electron security checklist items that are a matter of what the code says.

function sources(dir: string, ext = /\.tsx?$/): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (ext.test(name)) out.push({ path: relative('.', p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** Code without its comments, so prose about a forbidden API is not mistaken for a call to it. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*(\/\/|\*).*$/gm, '');
}

function built(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npx electron-vite build" (npm test does it first).`);
  return readFileSync(path, 'utf8');
}

const MAIN_AND_PRELOAD = [...sources('main'), ...sources('preload')];
const DANGEROUS: [string, RegExp][] = [
  ['nodeIntegration on', /nodeIntegration(InWorker|InSubFrames)?\s*:\s*(true|!0)/],
  ['contextIsolation off', /contextIsolation\s*:\s*(false|!1)/],
  ['sandbox off', /sandbox\s*:\s*(false|!1)/],
  ['webSecurity off', /webSecurity\s*:\s*(false|!1)/],
  ['allowRunningInsecureContent', /allowRunningInsecureContent\s*:\s*(true|!0)/],
  ['experimentalFeatures', /experimentalFeatures\s*:\s*(true|!0)/],
  ['enableBlinkFeatures', /enableBlinkFeatures/],
  ['webviewTag on', /webviewTag\s*:\s*(true|!0)/],
  ['a privileged scheme that bypasses the CSP', /bypassCSP\s*:\s*(true|!0)/],
  ['loading from file://', /loadFile\(|loadURL\(\s*['"`]file:/],
];

describe('webPreferences (checklist 2–4, 6, 8–12)', () => {
  it('the one set every window gets has isolation and the sandbox on, Node and webviews off', () => {
    expect(hardenedWebPreferences('/p.cjs', false)).toEqual({
      preload: '/p.cjs',
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
      devTools: false,
    });
  });

  it('no main-process or preload source turns any of it off', () => {
    for (const { path, text } of MAIN_AND_PRELOAD) for (const [what, pattern] of DANGEROUS) expect(pattern.test(text), `${path}: ${what}`).toBe(false);
  });

  it('every window is made by createMainWindow, and every webPreferences is the hardened set', () => {
    const makers = MAIN_AND_PRELOAD.filter((f) => /new\s+BrowserWindow(Ctor)?\s*\(|new\s+(BrowserView|WebContentsView)\s*\(/.test(f.text)).map((f) => f.path);
    expect(makers).toEqual([join('main', 'electron', 'window.ts')]);
    const prefs = MAIN_AND_PRELOAD.filter((f) => /webPreferences\s*:/.test(f.text)).map((f) => [f.path, f.text.match(/webPreferences\s*:\s*([^\n]+)/g)]);
    expect(prefs).toEqual([[join('main', 'electron', 'window.ts'), ['webPreferences: hardenedWebPreferences(preloadPath, options.devTools),']]]);
  });

  it('the built main bundle says the same', () => {
    const main = built('out/main/index.js');
    for (const [what, pattern] of DANGEROUS) expect(pattern.test(main), what).toBe(false);
    expect(main).toMatch(/contextIsolation:\s*(true|!0)/);
    expect(main).toMatch(/sandbox:\s*(true|!0)/);
    expect(main).toMatch(/enableSandbox\(\)/);
  });
});

describe('the preload (checklist 20)', () => {
  it('lists exactly the contract channels', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(ALL_CHANNELS.map((c) => c.channel).sort());
  });

  it('the built preload exposes one frozen object of named functions, each invoking its own channel', () => {
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void (exposed[key] = value) },
      ipcRenderer: new Proxy({ invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve()) }, {
        get: (target, prop) => {
          if (prop !== 'invoke') throw new Error(`the preload touched ipcRenderer.${String(prop)}`);
          return target.invoke;
        },
      }),
    };
    const requireFake = (id: string) => {
      if (id !== 'electron') throw new Error(`the preload required ${id}`);
      return electron;
    };
    runInNewContext(built('out/preload/index.cjs'), { require: requireFake, module: {}, exports: {}, Object });
    expect(Object.keys(exposed)).toEqual(['alphaswarm']);
    const api = exposed.alphaswarm as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
    expect(Object.isFrozen(api)).toBe(true);
    const shape = Object.entries(api).flatMap(([domain, group]) => {
      expect(Object.isFrozen(group)).toBe(true);
      return Object.entries(group).map(([method, fn]) => {
        expect(typeof fn).toBe('function');
        return `${domain}:${method}`;
      });
    });
    expect(shape.sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const channel of CHANNEL_NAMES) {
      const [domain, method] = channel.split(':') as [string, string];
      void (api[domain]![method] as (...args: unknown[]) => Promise<unknown>)({ probe: channel }, 'extra argument');
      expect(invoked.at(-1)).toEqual([channel, { probe: channel }]);
    }
  });

  it('never hands the page ipcRenderer, a generic invoke, send/on, or shell', () => {
    const preload = code(built('out/preload/index.cjs'));
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|on|once|postMessage)\b/);
    expect(preload).not.toMatch(/\bshell\b|openExternal|webFrame|require\((?!"electron")/);
    expect(preload.length).toBeLessThan(4096);
  });
});

describe('the renderer bundle (checklist 7)', () => {
  const assets = () => readdirSync('out/renderer/assets').filter((f) => f.endsWith('.js')).map((f) => built(join('out/renderer/assets', f)));

  it('has no eval and no Function constructor anywhere', () => {
    const bundles = assets();
    expect(bundles.length).toBeGreaterThan(0);
    for (const js of bundles) {
      expect(js).not.toMatch(/(^|[^\w$.])eval\s*\(/);
      expect(js).not.toMatch(/new\s+Function\s*\(/);
      expect(js).not.toMatch(/(^|[^\w$.])Function\s*\(\s*["'`]/);
      expect(js).not.toMatch(/set(Timeout|Interval)\(\s*["'`]/);
    }
  });

  it('the built page carries the CSP: script-src self, nothing unsafe, nothing remote', () => {
    const html = built('out/renderer/index.html');
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('shell.openExternal (checklist 15)', () => {
  it('is called in one place, behind the https allowlist', () => {
    const calls = MAIN_AND_PRELOAD.flatMap((f) => (code(f.text).match(/[^\n]*\bshell\.openExternal\b[^\n]*/g) ?? []).map((line) => [f.path, line.trim()]));
    expect(calls).toEqual([[join('main', 'electron', 'main.ts'), 'const openExternal = safeOpenExternal((url) => shell.openExternal(url));']]);
    const main = readFileSync('main/electron/main.ts', 'utf8');
    expect(main).toMatch(/createServices\(\{[^}]*\bopenExternal,/s);
    expect(main).toMatch(/guardWebContents\(contents, openExternal\)/);
  });

  it('the wrapper refuses anything but allow-listed https links', async () => {
    const { safeOpenExternal } = await import('../../main/electron/security-guards.js');
    const opened: string[] = [];
    const open = safeOpenExternal(async (url) => void opened.push(url));
    await expect(open('https://dash.cloudflare.com/profile/api-tokens')).resolves.toBeUndefined();
    for (const bad of ['http://dash.cloudflare.com/', 'file:///etc/passwd', 'https://evil.example/', 'smb://host/share', 'https://dash.cloudflare.com.evil.example/']) {
      await expect(open(bad), bad).rejects.toThrow();
    }
    expect(opened).toEqual(['https://dash.cloudflare.com/profile/api-tokens']);
  });
});

describe('fuses (checklist 19)', () => {
  it('electron-builder.yml flips exactly the fuses the security review asked for', () => {
    const config = parse(readFileSync('electron-builder.yml', 'utf8'));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      // Not a fuse: re-signs an unsigned macOS app ad hoc after the flip (see packaging.test.ts).
      resetAdHocDarwinSignature: true,
    });
    expect(config.asar).toBe(true);
  });

  it('nothing in main relies on what the fuses switch off (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, fork)', () => {
    for (const { path, text } of sources('main/electron')) {
      expect(text, path).not.toMatch(/ELECTRON_RUN_AS_NODE|NODE_OPTIONS|child_process|\bfork\(/);
    }
  });
});
