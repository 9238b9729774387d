import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { type CloudflareWorld, startCloudflareWorld } from '../support/cloudflare-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { seedCloudflareConnection } from '../support/seed.js';

const seed = seedCloudflareConnection;
const DAY = 24 * 3600_000;

describe('living with connections, in Chromium', () => {
  let world: CloudflareWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  const row = (org: string) => page.locator(`[data-testid^="connection-${org}-cloudflare-"]`);

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
    expect(await row('beta-co').getAttribute('data-status')).toBe('expiring');
    await screenshot(page, 'lifecycle-1-all-connections');
    await page.getByTestId('recheck-all').click();
    await page.getByTestId('health-progress').waitFor();
    await screenshot(page, 'lifecycle-2-health-running');
    await expect.poll(() => page.getByTestId('health-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('health-count').textContent()).toBe('Done: 4 healthy, 1 need attention');
    await expect.poll(() => row('gamma-co').getAttribute('data-status')).toBe('check_failed');
    expect(await row('gamma-co').textContent()).toContain('rolled or revoked');
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

  it('disconnects, keeps the cleanup through navigation and a restart, and verifies it the next day', async () => {
    await page.goto(`${app.origin}/#/accounts/alpha-co/integrations`);
    await page.locator('[data-testid^="disconnect-cloudflare-"]').click();
    await page.getByTestId('disconnect-dialog-confirm').click();
    const item = page.locator('[data-testid^="cleanup-cloudflare-"]');
    await item.waitFor();
    await page.getByTestId('verify-cleanup').click();
    await expect.poll(() => page.getByTestId('cleanup-verification').getAttribute('data-verified')).toBe('false');
    await screenshot(page, 'lifecycle-4-disconnect-checklist');

    // The customer's admin cleans up after the call; the engineer comes back the next day, after a restart.
    world.fake.tokens.clear();
    h.clock.advance(DAY);
    await app.close();
    h = await h.reopen();
    await h.stepUp('alpha-co');
    app = await openApp(h);
    page = app.page;
    await page.goto(`${app.origin}/#/connections`);
    await page.locator('[data-testid^="cleanup-cloudflare-"]').waitFor();
    expect(await page.getByTestId('attention-count').textContent()).toMatch(/^\d+/);
    await page.goto(`${app.origin}/#/accounts/alpha-co/integrations`);
    await page.locator('[data-testid^="cleanup-cloudflare-"]').waitFor();
    expect(await page.getByTestId('cleanup-items').textContent()).toContain('last checked');
    await page.getByTestId('verify-cleanup').click();
    await expect.poll(() => page.getByTestId('cleanup-verification').getAttribute('data-verified')).toBe('true');
    await screenshot(page, 'lifecycle-5-cleanup-verified-next-day');
    await page.reload();
    await page.getByTestId('no-connections').waitFor();
    expect(await page.getByTestId('cleanup-items').count()).toBe(0);
  });

  it('shows the audit log with filters, the chain badge, and exports it', async () => {
    await page.goto(`${app.origin}/#/audit`);
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('chain-badge').textContent()).toMatch(/^Chain verified through row \d+$/);
    await page.getByTestId('filter-step').selectOption('health');
    await page.getByTestId('filter-outcome').selectOption('failed');
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(/^\d+ rows? match/);
    // The table settles on the last choice: the answer to the first (step only) may land after it.
    const shown = async () => {
      const text = (await page.getByTestId('audit-table').textContent()) ?? '';
      return { gamma: text.includes('gamma-co'), alpha: text.includes('alpha-co') };
    };
    await expect.poll(shown).toEqual({ gamma: true, alpha: false });
    await screenshot(page, 'lifecycle-6-audit-filtered');
    await expectAccessible(page, 'Audit log');

    // The export is what is shown: the filtered rows, then the chain head.
    const exportRows = async () => {
      const download = page.waitForEvent('download');
      await page.getByTestId('export-audit').click();
      const file = await (await download).path();
      return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    };
    const filtered = await exportRows();
    expect(filtered.at(-1)).toMatchObject({ type: 'head', ok: true });
    const rows = filtered.filter((l) => l.type === 'row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((l) => l.step === 'health' && l.outcome === 'failed')).toBe(true);
    expect(await page.getByTestId('audit-exported').textContent()).toContain(`Exported ${rows.length} row`);

    await page.getByTestId('filter-clear').click();
    const all = await exportRows();
    // Each check's pending row comes first (closing a cleanup is a change), then its outcome.
    expect(all.filter((l) => l.type === 'row' && l.step === 'verify_cleanup').map((l) => l.outcome)).toEqual(['pending', 'failed', 'pending', 'succeeded']);
  });
});
