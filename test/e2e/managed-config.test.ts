import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';

/** Issue 22: what the IT department set is locked in the window, and what it could not apply is said on every screen. */
describe('managed configuration in the window, in Chromium', () => {
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'managed-')), 'managed.json');
    writeFileSync(file, JSON.stringify({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta', ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '555566667777', ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'must-never-apply-0123456789abcdef' }));
    h = await createHarness({ env: { ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: file } });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
    h?.close();
  });

  it('a managed setting is locked in Settings: "set by your organisation", no field to edit', async () => {
    await page.goto(`${app.origin}/#/settings/general`);
    const field = page.getByTestId('setting-ALPHASWARM_ADMIN_UPDATE_CHANNEL');
    await field.waitFor();
    expect(await field.textContent()).toContain('set by your organisation');
    expect(await field.textContent()).toContain('Ask your IT department');
    expect(await page.getByTestId('setting-ALPHASWARM_ADMIN_UPDATE_CHANNEL-locked').textContent()).toBe('beta');
    expect(await field.locator('input').count()).toBe(0);
    expect(await page.getByTestId('managed-origin').textContent()).toContain('2 settings are set by your organisation');
    await screenshot(page, 'managed-1-settings-locked');
    await expectAccessible(page, 'Settings with managed configuration');
  });

  it('what it could not apply (a secret) is said on every screen, and the secret itself never shows', async () => {
    for (const route of ['#/', '#/connections', '#/audit', '#/settings']) {
      await page.goto(`${app.origin}/${route}`);
      const banner = page.getByTestId('managed-banner');
      await banner.waitFor();
      expect(await banner.textContent(), route).toContain('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET is a secret, and managed configuration may not carry secrets');
      expect(await page.content()).not.toContain('must-never-apply');
    }
    await page.goto(`${app.origin}/#/`);
    await page.getByTestId('managed-banner').waitFor();
    await screenshot(page, 'managed-2-banner-on-every-screen');
    await expectAccessible(page, 'Organisations with a managed-configuration problem');
  });
});
