import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { createServices } from '../../main/app/services.js';
import { chromiumArgs, findChromium } from '../../main/browser-host/chromium.js';
import { openBrowserHost } from '../../main/browser-host/host.js';
import { serveRenderer } from '../../main/browser-host/static-server.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';
import { repeat, spread } from './repeat.js';
import type { BenchRow } from './table.js';

const RUNS = 5;

/** A blank React page — React and ReactDOM rendering one element — built and served the same way as the app. */
async function blankReactPage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-blank-'));
  writeFileSync(join(dir, 'main.tsx'), "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<p id=\"ready\">ready</p>);\n");
  await build({ entryPoints: [join(dir, 'main.tsx')], bundle: true, minify: true, format: 'esm', outfile: join(dir, 'out', 'app.js'), jsx: 'automatic', nodePaths: [resolve('node_modules')], logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' } });
  writeFileSync(join(dir, 'out', 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./app.js"></script></head><body><div id="root"></div></body></html>\n');
  return join(dir, 'out');
}

/**
 * The window's start: from navigation until the Organisations screen is interactive (its list
 * loaded through the bridge), in the system's Chromium — against a blank React page served by the
 * same server, in the same browser.
 */
export async function windowStart(): Promise<BenchRow[]> {
  const executablePath = findChromium(process.env);
  if (!executablePath) return [{ name: 'window start (needs Chromium)', value: 'not measured', target: '—', ok: null }];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-window-'));
  const services = await createServices({ env: { ALPHASWARM_ADMIN_DATA_DIR: dataDir }, surface: 'app', keyVault: new MemoryKeyVault(), logger: silentLogger });
  const host = await openBrowserHost(services, { rendererDir: resolve('out/renderer'), executablePath, headless: true });
  const appLoad = async () => {
    const page = await host.context.newPage();
    const t = performance.now();
    await page.goto(`${host.origin}/#/`);
    await page.getByTestId('org-list').waitFor();
    const ms = performance.now() - t;
    await page.close();
    return ms;
  };

  const blankDir = await blankReactPage();
  const server = await serveRenderer(blankDir);
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumArgs().args, chromiumSandbox: chromiumArgs().sandboxed });
  const context = await browser.newContext();
  const blankLoad = async () => {
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(`${server.origin}/`);
    await page.locator('#ready').waitFor();
    const ms = performance.now() - t;
    await page.close();
    return ms;
  };
  await appLoad();
  await blankLoad();
  const app = await repeat(RUNS, appLoad);
  const blank = await repeat(RUNS, blankLoad);
  await browser.close();
  await server.close();
  await host.close();
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(join(blankDir, '..'), { recursive: true, force: true });
  const ratio = app.median / blank.median;
  return [
    { name: `window start: Organisations interactive (median of ${RUNS})`, value: spread(app, ' ms', 1, 0), target: '—', ok: null },
    { name: 'blank React page, same server and browser', value: spread(blank, ' ms', 1, 0), target: '—', ok: null },
    { name: 'window start / blank React page', value: `${ratio.toFixed(2)}×`, target: '≤ 2×', ok: ratio <= 2 },
  ];
}
