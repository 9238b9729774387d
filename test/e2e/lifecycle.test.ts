import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { type CloudflareWorld, startCloudflareWorld } from '../support/cloudflare-env.js';
import { openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { seedCloudflareConnection } from '../support/seed.js';

const seed = seedCloudflareConnection;

describe('living with connections, in Chromium', () => {
  let world: CloudflareWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startCloudflareWorld();
    world.fake.latencyMs = 150;
    // Two at a time, so a run of five takes long enough to watch and to cancel.
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '2' } });
    seed(h, world, 'alpha-co', 80);
    seed(h, world, 'beta-co', 9);
    seed(h, world, 'gamma-co', null, false);
    seed(h, world, 'delta-co', 70);
    seed(h, world, 'epsilon-co', 65);
    await h.enrollMfa();
    await h.stepUp('__platform__');
    await h.stepUp('alpha-co');
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await world.fake.stop();
  });

  it('lists every org, re-checks them all with a progress bar, and shows what needs attention', async () => {
    await page.goto(`${app.origin}/#/connections`);
    await page.getByTestId('connection-list').waitFor();
    expect(await page.getByTestId('connection-beta-co-cloudflare').getAttribute('data-status')).toBe('expiring');
    await screenshot(page, 'lifecycle-1-all-connections');
    await page.getByTestId('recheck-all').click();
    await page.getByTestId('health-progress').waitFor();
    await screenshot(page, 'lifecycle-2-health-running');
    await expect.poll(() => page.getByTestId('health-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('health-count').textContent()).toBe('Done: 4 healthy, 1 need attention');
    await expect.poll(() => page.getByTestId('connection-gamma-co-cloudflare').getAttribute('data-status')).toBe('check_failed');
    expect(await page.getByTestId('connection-gamma-co-cloudflare').textContent()).toContain('rolled or revoked');
    await screenshot(page, 'lifecycle-3-health-done');
  });

  it('cancels a run part-way', async () => {
    world.fake.latencyMs = 600;
    await page.getByTestId('recheck-all').click();
    await page.getByTestId('health-cancel').click();
    await expect.poll(() => page.getByTestId('health-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('health-count').textContent()).toMatch(/^Cancelled: .*skipped/);
    world.fake.latencyMs = 150;
  });

  it('disconnects with the vendor-side checklist, then verifies the cleanup', async () => {
    await page.goto(`${app.origin}/#/accounts/alpha-co/integrations`);
    await page.getByTestId('disconnect-cloudflare').click();
    await page.getByTestId('confirm-disconnect').click();
    await page.getByTestId('cleanup-checklist').waitFor();
    await page.getByTestId('verify-cleanup').click();
    await expect.poll(() => page.getByTestId('cleanup-verification').getAttribute('data-verified')).toBe('false');
    await screenshot(page, 'lifecycle-4-disconnect-checklist');
    world.fake.tokens.clear();
    await page.getByTestId('verify-cleanup').click();
    await expect.poll(() => page.getByTestId('cleanup-verification').getAttribute('data-verified')).toBe('true');
    await screenshot(page, 'lifecycle-5-cleanup-verified');
  });

  it('shows the audit log with filters, the chain badge, and exports it', async () => {
    await page.goto(`${app.origin}/#/audit`);
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('chain-badge').textContent()).toMatch(/^Chain verified through row \d+$/);
    await page.getByTestId('filter-step').selectOption('health');
    await page.getByTestId('filter-outcome').selectOption('failed');
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(/^\d+ rows? match/);
    const text = (await page.getByTestId('audit-table').textContent()) ?? '';
    expect(text).toContain('gamma-co');
    expect(text).not.toContain('alpha-co');
    await screenshot(page, 'lifecycle-6-audit-filtered');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-audit').click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'head', ok: true });
    expect(lines.filter((l) => l.type === 'row' && l.step === 'verify_cleanup').map((l) => l.outcome)).toEqual(['failed', 'succeeded']);
  });
});
