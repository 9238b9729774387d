import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** Step 1 of the wizard: a click on a ready cloud's card goes on to step 2. */
export async function chooseCloud(page: Page, cloud: 'aws' | 'azure' | 'gcp' | 'cloudflare'): Promise<void> {
  await page.getByTestId(`choose-${cloud}`).click();
  await page.getByTestId('wizard-step-2').waitFor();
}

/**
 * First-time enrolment through the step-up prompt: start it, reveal the QR code (hidden until
 * asked, for screen sharing), and read the seed from the setup link.
 */
export async function revealEnrolmentSeed(page: Page): Promise<string> {
  await page.getByTestId('mfa-enroll-start').getByRole('button').click();
  await page.getByTestId('mfa-secret-hidden').waitFor();
  await page.getByTestId('mfa-show-secret').click();
  const uri = (await page.getByTestId('otpauth-uri').textContent()) ?? '';
  const secret = new URL(uri).searchParams.get('secret');
  if (!secret) throw new Error(`No secret in ${uri}`);
  return secret;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * axe-core on the page as it is now: no serious or critical violation. Each failure names the rule,
 * what it means and where, so the message alone says what to fix.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through the debugging protocol: the app's CSP (rightly) refuses an injected <script>.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    throw new Error(`${screen}: ${serious.length} serious accessibility violation(s):\n${serious.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n  at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}\n  ${v.nodes[0]?.failureSummary ?? ''}`).join('\n')}`);
  }
}
