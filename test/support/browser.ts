import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { findChromium } from '../../main/browser-host/chromium.js';
import { type BrowserHost, openBrowserHost } from '../../main/browser-host/host.js';
import type { Harness } from './harness.js';

export const RENDERER_DIR = resolve('out/renderer');
export const SCREENSHOT_DIR = resolve('test-results/e2e');

export const chromiumPath = findChromium(process.env);

/** The built renderer in Debian's Chromium, bridged to the harness's real services. */
export async function openApp(h: Harness): Promise<BrowserHost> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built: run "npx electron-vite build" (npm test does it first).');
  }
  if (!chromiumPath) throw new Error('No Chromium found (apt-get install -y chromium, or set ALPHASWARM_CHROMIUM_PATH).');
  return openBrowserHost(h.services, {
    rendererDir: RENDERER_DIR,
    executablePath: chromiumPath,
    headless: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
