import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { type CloudflareWorld, daysFromNow, resetCloudflare, startCloudflareWorld } from '../support/cloudflare-env.js';
import { chooseCloud, expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'hooli';

describe('Cloudflare wizard in Chromium', () => {
  let world: CloudflareWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startCloudflareWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetCloudflare(world);
    h = await createHarness({ env: world.env() });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Hooli' });
    await h.stepUp(ORG);
    app = await openApp(h);
    page = app.page;
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await chooseCloud(page, 'cloudflare');
  });
  afterEach(async () => {
    await app.close();
    h.close();
  });

  it('walks every step; the token is refused if global, cleared after submit and never shown again', async () => {
    const token = world.fake.addToken({ format: 'user', permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(75) });
    await page.getByTestId('artifact-token-instructions').waitFor();
    expect(await page.getByTestId('permission-groups').textContent()).toBe('Zone · Zone Read, Zone · DNS Write');
    await page.getByTestId('option-template-tunnel').check();
    await expect.poll(() => page.getByTestId('permission-groups').textContent()).toContain('Cloudflare Tunnel Write');
    await page.getByTestId('option-template-dns_edit').check();
    await expect.poll(() => page.getByTestId('permission-groups').textContent()).toBe('Zone · Zone Read, Zone · DNS Write');
    await screenshot(page, 'cloudflare-2-bootstrap');
    await expectAccessible(page, 'cloudflare step 2');
    await page.getByTestId('open-link').first().click();
    await expect.poll(() => h.opened[0] ?? '').toContain('https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=');
    await page.getByTestId('next-3').click();

    await page.getByTestId('target-token').fill('0123456789abcdef0123456789abcdef01234');
    expect(await page.getByText('This is a Global API key.').isVisible()).toBe(true);
    expect(await page.getByTestId('validate-identity').isDisabled()).toBe(true);
    await screenshot(page, 'cloudflare-3a-global-key-refused');
    await page.getByTestId('target-token').fill(token.value);
    expect(await page.getByTestId('target-token').getAttribute('type')).toBe('password');
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('identity-result').waitFor();
    expect(await page.getByTestId('target-token').inputValue()).toBe('');
    expect(await page.getByTestId('identity-result').textContent()).toContain(token.id);
    await screenshot(page, 'cloudflare-3b-identity');
    await page.getByTestId('next-4').click();
    await page.getByTestId('validate-permissions').click();
    await page.getByTestId('permissions-result').waitFor();
    expect(await page.getByTestId('check-Zone · DNS Write').getAttribute('data-status')).toBe('unverified');
    expect(await page.getByTestId('permissions-summary').textContent()).toContain('could not be verified read-only');
    await page.getByTestId('enumerate').click();
    await page.getByTestId('enumeration').waitFor();
    expect(await page.getByTestId('enumeration').textContent()).toContain('acme.example');
    await screenshot(page, 'cloudflare-4-permissions');
    await page.getByTestId('next-5').click();
    await page.getByTestId('save-connection').click();
    await page.locator('[data-testid^="connection-cloudflare-"]').waitFor();
    expect(await page.locator('[data-testid^="connection-cloudflare-"]').textContent()).toContain('Expires');
    await page.locator('[data-testid^="recheck-cloudflare-"]').click();
    await expect.poll(() => page.getByTestId('health-progress').getAttribute('data-finished')).toBe('true');
    expect(await page.getByTestId('health-count').textContent()).toContain('1 healthy');
    await screenshot(page, 'cloudflare-5-saved-and-rechecked');
    expect(await page.content()).not.toContain(token.value);
  });
});
