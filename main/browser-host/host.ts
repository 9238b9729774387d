import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { Services } from '../app/services.js';
import { installBridge } from './bridge.js';
import { confirmInOwnPage } from './confirm-page.js';
import { chromiumArgs } from './chromium.js';
import { type RendererServer, serveRenderer } from './static-server.js';

export interface BrowserHost {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly origin: string;
  /** False only when running as root, where Chromium cannot use its sandbox. */
  readonly sandboxed: boolean;
  close(): Promise<void>;
}

export interface BrowserHostOptions {
  readonly rendererDir: string;
  readonly executablePath: string;
  readonly headless: boolean;
  /** Window size for the page (the fallback opens an app-style window). */
  readonly viewport?: { width: number; height: number };
  readonly permissions?: string[];
}

/**
 * The renderer in the system's Chromium with the real main-process services behind the same typed
 * bridge: the `npm start` fallback where Electron's binary is missing, and the browser tests.
 */
export async function openBrowserHost(services: Services, options: BrowserHostOptions): Promise<BrowserHost> {
  const server: RendererServer = await serveRenderer(options.rendererDir);
  const profile = mkdtempSync(join(tmpdir(), 'alphaswarm-chromium-'));
  const { args, sandboxed } = chromiumArgs();
  const browser = await chromium.launch({
    executablePath: options.executablePath,
    headless: options.headless,
    args,
    // Only as root: Chromium's own sandbox cannot run then (the page stays isolated from main by the bridge).
    chromiumSandbox: sandboxed,
    env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
  });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 860 }, permissions: options.permissions ?? [] });
  // Main's confirmations of protected changes open in a page of their own the app's page cannot reach.
  await installBridge(context, services.router, server.origin, services.actor, confirmInOwnPage(browser));
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  return {
    browser,
    context,
    page,
    origin: server.origin,
    sandboxed,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
