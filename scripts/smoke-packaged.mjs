#!/usr/bin/env node
// Smoke test of the packaged app with Playwright's _electron: it starts, its window is hardened,
// it is served from app://, and the wizard opens and shows step 2's artifacts.
//
// Playwright drives the main process over the Node inspector, which the shipped build's
// enableNodeCliInspectArguments fuse turns off. The release job therefore packages a second copy
// that differs in that one fuse only (see .github/workflows/release.yml) and runs this against it,
// while scripts/check-fuses.mjs asserts the shipped build's fuses.
// Usage: node scripts/smoke-packaged.mjs [OUTPUT_DIR] [--arch x64|arm64]
// (--arch picks one app where several were packaged: the macOS runner also launches the Intel app,
// under Rosetta.)
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { findPackagedApps } from './lib/packaged.mjs';

const args = process.argv.slice(2);
const archAt = args.indexOf('--arch');
const arch = archAt >= 0 ? args.splice(archAt, 2)[1] : undefined;
const outputDir = resolve(args[0] ?? 'release-smoke');
const app = findPackagedApps(outputDir).find((a) => !arch || a.arch === arch);
if (!app) {
  console.error(`✗ no packaged app${arch ? ` for ${arch}` : ''} under ${outputDir}`);
  process.exit(1);
}
const shots = resolve('test-results', 'smoke');
mkdirSync(shots, { recursive: true });
const check = (ok, what) => {
  if (!ok) throw new Error(`smoke: ${what}`);
  console.log(`✓ ${what}`);
};

const electronApp = await electron.launch({
  executablePath: app.executable,
  // Playwright adds --no-sandbox unless told otherwise: the smoke must run the sandbox users get.
  chromiumSandbox: true,
  timeout: 60_000,
  env: {
    ...process.env,
    ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'alphaswarm-smoke-')),
    ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333',
    ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'smoke-test-external-id-key-0123456789',
  },
});
try {
  const page = await electronApp.firstWindow();
  const facts = await electronApp.evaluate(({ app: electronAppModule, BrowserWindow }) => {
    const win = BrowserWindow.getAllWindows()[0];
    const prefs = win.webContents.getLastWebPreferences();
    return {
      packaged: electronAppModule.isPackaged,
      url: win.webContents.getURL(),
      sandbox: prefs.sandbox,
      contextIsolation: prefs.contextIsolation,
      nodeIntegration: prefs.nodeIntegration,
      webSecurity: prefs.webSecurity,
      devTools: prefs.devTools,
      noSandboxSwitch: process.argv.includes('--no-sandbox') || electronAppModule.commandLine.hasSwitch('no-sandbox'),
      arch: process.arch,
    };
  });
  check(facts.packaged, 'runs as a packaged app');
  check(!facts.noSandboxSwitch, "Chromium's sandbox is on (no --no-sandbox switch)");
  check(!arch || facts.arch === arch, `runs as ${facts.arch}${arch ? ` (asked for ${arch})` : ''}`);
  check(facts.url.startsWith('app://renderer/'), `served from app:// (${facts.url})`);
  check(facts.sandbox && facts.contextIsolation && !facts.nodeIntegration && facts.webSecurity !== false, 'window is sandboxed and context-isolated, without Node');
  check(facts.devTools === false, 'DevTools are off in the packaged build');
  check(await page.evaluate(() => typeof window.require === 'undefined' && typeof window.process === 'undefined'), 'no Node globals in the page');
  check(await page.evaluate(() => Object.isFrozen(window.alphaswarm) && !('ipcRenderer' in window.alphaswarm)), 'window.alphaswarm is frozen and has no ipcRenderer');
  // No feed is set here, so updates are off: the update channels answer through the real preload.
  const update = await page.evaluate(() => window.alphaswarm.update.status({}));
  check(update?.ok === true && update.value.state === 'off' && /no update feed is set/.test(update.value.message ?? ''), `update.status answers through the preload (${update?.value?.state})`);

  await page.getByTestId('new-org-id').fill('smoke-test');
  await page.getByTestId('new-org-name').fill('Smoke Test');
  await page.getByTestId('add-org').click();
  await page.waitForURL(/#\/accounts\/smoke-test\/integrations$/);
  await page.getByTestId('open-wizard').click();
  await page.getByTestId('choose-aws').click();
  await page.getByTestId('artifact-trust-policy').waitFor({ timeout: 30_000 });
  check(true, 'the wizard opens and shows step 2 for AWS');
  await page.screenshot({ path: join(shots, `packaged-${process.platform}-wizard.png`), fullPage: true });
} finally {
  await electronApp.close();
}
