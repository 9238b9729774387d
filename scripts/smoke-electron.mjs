#!/usr/bin/env node
// Real-Electron smoke test of the built app in out/ (what `npm start` runs, not a package), with
// Playwright's _electron: one window, served from app://, on the Organisations screen; one IPC
// round trip through the preload; `window.alphaswarm` frozen and without ipcRenderer. CI runs it on
// Linux, macOS and Windows on every push; the development machines cannot download Electron.
//
// Usage: npm run build && npm run smoke:electron
//        (Linux without a display: xvfb-run -a npm run smoke:electron)
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { electronBinary, sqliteForElectron } from './lib/electron-native.mjs';

const root = resolve(import.meta.dirname, '..');

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}
const check = (ok, what) => {
  if (!ok) throw new Error(`smoke: ${what}`);
  console.log(`✓ ${what}`);
};

for (const file of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: run "npm run build" first.`);
}
const binary = electronBinary(root);
if (!binary.binary) fail(`Electron's binary is not available (${binary.reason}); this test runs where it can be downloaded (CI).`);
const sqlite = sqliteForElectron(root, { electronVersion: binary.version });
if (!sqlite) fail('better-sqlite3 could not be built for Electron (it needs Electron\'s headers from electronjs.org and a C++ toolchain).');

const shots = join(root, 'test-results', 'smoke');
mkdirSync(shots, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'alphaswarm-electron-smoke-'));

const app = await electron.launch({
  executablePath: binary.binary,
  args: ['.'],
  // Playwright adds --no-sandbox unless told otherwise: the smoke must run the sandbox users get.
  chromiumSandbox: true,
  cwd: root,
  timeout: 60_000,
  env: {
    ...process.env,
    ALPHASWARM_ADMIN_DATA_DIR: dataDir,
    ALPHASWARM_SQLITE_NATIVE_BINDING: sqlite,
    // Its own keychain entries, so a developer's real ones are never touched.
    ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: `alphaswarm-smoke-${randomUUID()}`,
  },
});
let failed = false;
try {
  const page = await app.firstWindow();
  await page.getByRole('heading', { name: 'Organisations' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('org-list').waitFor({ timeout: 30_000 });

  const main = await app.evaluate(({ app: electronApp, BrowserWindow }) => {
    const wins = BrowserWindow.getAllWindows();
    const prefs = wins[0]?.webContents.getLastWebPreferences();
    const noSandboxSwitch = process.argv.includes('--no-sandbox') || electronApp.commandLine.hasSwitch('no-sandbox');
    return { count: wins.length, url: wins[0]?.webContents.getURL() ?? '', sandbox: prefs?.sandbox, contextIsolation: prefs?.contextIsolation, nodeIntegration: prefs?.nodeIntegration, noSandboxSwitch };
  });
  check(main.count === 1 && app.windows().length === 1, 'exactly one window');
  check(!main.noSandboxSwitch, "Chromium's sandbox is on (no --no-sandbox switch)");
  check(main.url.startsWith('app://renderer/'), `served from app:// (${main.url})`);
  check(main.sandbox === true && main.contextIsolation === true && main.nodeIntegration === false, 'the window is sandboxed and context-isolated, without Node');

  // One round trip: page → preload → ipcMain → router → SQLite, and back.
  const listed = await page.evaluate(() => window.alphaswarm.orgs.list({}));
  check(listed?.ok === true && Array.isArray(listed.value?.orgs), 'orgs.list answers through the preload and the IPC router');
  // No feed is set here, so updates are off: the update channels answer through the real preload.
  const update = await page.evaluate(() => window.alphaswarm.update.status({}));
  check(update?.ok === true && update.value.state === 'off' && /no update feed is set/.test(update.value.message ?? ''), `update.status answers through the preload (${update?.value?.state})`);
  const ids = listed.value.orgs.map((o) => o.orgId);
  check(ids.includes('__platform__'), 'the platform tenant is there');
  for (const id of ids) await page.getByTestId(`org-${id}`).waitFor({ timeout: 10_000 });
  check(true, `the Organisations screen shows what IPC returned (${ids.join(', ')})`);

  const bridge = await page.evaluate(() => {
    const api = window.alphaswarm;
    const groups = Object.values(api);
    let replaced = false;
    try {
      api.orgs.list = () => Promise.resolve('hijacked');
      replaced = api.orgs.list.toString().includes('hijacked');
    } catch {
      // A frozen object throws in strict code; either way nothing changes.
    }
    return {
      frozen: Object.isFrozen(api) && groups.length > 0 && groups.every((g) => Object.isFrozen(g)),
      replaced,
      ipcRenderer: 'ipcRenderer' in api || 'invoke' in api,
      nodeGlobals: typeof window.require !== 'undefined' || typeof window.process !== 'undefined',
    };
  });
  check(bridge.frozen && !bridge.replaced, 'window.alphaswarm and each of its groups are frozen');
  check(!bridge.ipcRenderer, 'window.alphaswarm offers no ipcRenderer and no generic invoke');
  check(!bridge.nodeGlobals, 'no Node globals in the page');
  await page.screenshot({ path: join(shots, `electron-${process.platform}-organisations.png`), fullPage: true });
} catch (error) {
  failed = true;
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
