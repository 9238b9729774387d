import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { PROJECT_ID, PROJECT_NUMBER, type GcpWorld, startGcpWorld } from '../support/gcp-env.js';
import { chooseCloud, expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { seedCloudflareConnection, storedConnection } from '../support/seed.js';
import { ipc } from '../support/contracts.js';

const ORG = 'hooli';
const DAY = 24 * 3600_000;
/** --bg in each theme (renderer/styles.css), as the browser computes it. */
const LIGHT_BG = 'rgb(245, 246, 248)';
const DARK_BG = 'rgb(14, 19, 26)';

/** Issue 13: nothing is lost between screens, and every screen says where things stand. */
describe('work is kept, and every screen says where things stand, in Chromium', () => {
  let cf: CloudflareWorld;
  let gcp: GcpWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  const reopen = async () => {
    await app.close();
    h = await h.reopen();
    app = await openApp(h);
    page = app.page;
  };

  beforeAll(async () => {
    cf = await startCloudflareWorld();
    gcp = await startGcpWorld();
    h = await createHarness({ env: { ...cf.env(), ...gcp.env() } });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Hooli' });
    await h.enrollMfa();
    await h.stepUp(ORG);
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await cf.fake.stop();
    await gcp.fake.stop();
  });

  it('keeps a draft through navigation and a restart; the token is never kept; Close asks first', async () => {
    const accountId = cf.fake.addAccount('Hooli Edge').id;
    const token = cf.fake.addToken({ format: 'account', ownerAccountId: accountId, permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(75) });
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await chooseCloud(page, 'cloudflare');
    await page.getByTestId('option-template-tunnel').check();
    await page.getByTestId('next-3').click();
    await page.getByTestId('target-accountOwned').check();
    await page.getByTestId('target-accountId').fill(accountId);
    await page.getByTestId('target-token').fill(token.value);
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('identity-result').waitFor();
    await expect.poll(() => page.getByTestId('draft-status').textContent()).toContain('Draft kept');

    // Away to Connections and back: the org page offers the draft, and resuming restores it.
    await page.goto(`${app.origin}/#/connections`);
    await page.getByTestId('all-connections').waitFor();
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('draft-cloudflare').waitFor();
    expect(await page.getByTestId('draft-cloudflare').textContent()).toContain('the token must be pasted again');
    await screenshot(page, 'kept-1-draft-offered');
    await expectAccessible(page, 'org page with a draft');

    // And after a restart.
    await reopen();
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('resume-cloudflare').click();
    await page.getByTestId('wizard-step-3').waitFor();
    expect(await page.getByTestId('target-accountId').inputValue()).toBe(accountId);
    expect(await page.getByTestId('target-accountOwned').isChecked()).toBe(true);
    expect(await page.getByTestId('target-token').inputValue()).toBe('');
    await page.getByTestId('secret-needed').waitFor();
    await page.getByTestId('stepper-2').click();
    expect(await page.getByTestId('option-template-tunnel').isChecked()).toBe(true);
    await screenshot(page, 'kept-2-draft-resumed-after-restart');
    // The draft in main never held the token.
    expect(JSON.stringify(await h.ok(ipc.drafts.list, {}))).not.toContain(token.value);

    // Close with progress asks; "Discard draft" throws it away.
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('discard-draft').waitFor();
    expect(await page.getByTestId('discard-draft').textContent()).toContain('Discard this draft?');
    await screenshot(page, 'kept-3-discard-asked');
    await expectAccessible(page, 'discard dialog');
    await page.getByTestId('discard-draft-confirm').click();
    await page.getByTestId('open-wizard').waitFor();
    expect(await page.getByTestId('drafts').count()).toBe(0);
    expect((await h.ok(ipc.drafts.list, {})).drafts).toEqual([]);
  });

  it('drops drafts older than 7 days, and says so once', async () => {
    await h.ok(ipc.drafts.save, { orgId: ORG, draft: { cloud: 'gcp', step: 2, target: { projectId: PROJECT_ID }, method: 'gcloud', identity: null, permissions: null, enumeration: null, secretNeeded: false } });
    h.clock.advance(8 * DAY);
    await page.goto(`${app.origin}/#/`);
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('drafts-dropped').waitFor();
    expect(await page.getByTestId('drafts-dropped').textContent()).toContain('Google Cloud');
    await h.stepUp(ORG);
  });

  it("says so in the wizard when it is the wizard that drops an old draft (the platform tenant's, from Settings)", async () => {
    await h.ok(ipc.drafts.save, { orgId: '__platform__', draft: { cloud: 'gcp', step: 2, target: { projectId: PROJECT_ID }, method: 'gcloud', identity: null, permissions: null, enumeration: null, secretNeeded: false } });
    h.clock.advance(8 * DAY);
    await page.goto(`${app.origin}/#/settings/platform`);
    await page.getByTestId('open-platform-wizard').click();
    await page.getByTestId('wizard').getByTestId('drafts-dropped').waitFor();
    expect(await page.getByTestId('wizard').getByTestId('drafts-dropped').textContent()).toContain('Google Cloud');
    await screenshot(page, 'kept-2b-wizard-draft-dropped');
    await page.getByTestId('wizard-close').click();
  });

  it('shows one setup method at a time, grouped by who runs it, and never copies a placeholder', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await chooseCloud(page, 'gcp');
    await page.getByTestId('artifact-create-pool').waitFor();
    expect(await page.getByTestId('artifact-terraform').count()).toBe(0);
    expect(await page.getByTestId('audience-platform').textContent()).toContain("AlphaSwarm's platform team");
    expect(await page.getByTestId('audience-platform').getByTestId('artifact-bind-service-account').count()).toBe(1);
    expect(await page.getByTestId('audience-customer').getByTestId('artifact-bind-service-account').count()).toBe(0);

    // <project-id> is still in the command: Copy refuses and says what is missing.
    expect(await page.getByTestId('artifact-create-pool').textContent()).toContain('<project-id>');
    await page.evaluate(() => navigator.clipboard.writeText('untouched'));
    await page.getByTestId('artifact-create-pool-copy').click();
    await page.getByTestId('artifact-create-pool-copy-refused').waitFor();
    expect(await page.getByTestId('artifact-create-pool-copy-refused').textContent()).toContain('Fill in the project id first');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('untouched');
    await screenshot(page, 'kept-4-copy-refused');

    // Typing the values fills the commands; then Copy copies.
    await page.getByTestId('bootstrap-projectId').fill(PROJECT_ID);
    await page.getByTestId('bootstrap-projectNumber').fill(PROJECT_NUMBER);
    await expect.poll(() => page.getByTestId('artifact-create-pool').textContent()).toContain(`--project=${PROJECT_ID}`);
    await page.getByTestId('artifact-create-pool-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain(`--project=${PROJECT_ID}`);

    await page.getByTestId('method-terraform').check();
    await page.getByTestId('artifact-terraform').waitFor();
    expect(await page.getByTestId('artifact-create-pool').count()).toBe(0);
    await screenshot(page, 'kept-5-one-method-terraform');
    await expectAccessible(page, 'step 2, one method');
    // The nav bar stays in view while scrolling the artifacts.
    await page.mouse.wheel(0, 2000);
    expect(await page.getByTestId('wizard-nav').isVisible()).toBe(true);
    const nav = await page.getByTestId('wizard-nav').boundingBox();
    expect(nav!.y + nav!.height).toBeLessThanOrEqual(page.viewportSize()!.height + 1);
    await page.getByTestId('wizard-close').click();
    await page.getByTestId('discard-draft-confirm').click();
  });

  it('says "Not sent" until the platform delivers it: exporting a file marks nothing delivered', async () => {
    seedCloudflareConnection(h, cf, ORG, 80);
    await h.stepUp('__platform__');
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    // Seeded behind the window's back: read the page afresh.
    await page.reload();
    const row = page.locator(`[data-testid^="connection-cloudflare-"]`);
    await row.waitFor();
    expect(await row.getByTestId('unsent-badge').count()).toBe(1);
    await screenshot(page, 'kept-6-not-yet-sent');
    await page.getByTestId('export-bundle-button').click();
    await page.getByTestId('export-bundle-result').waitFor();
    await page.reload();
    await row.waitFor();
    // Exported, not delivered: only the platform's verified receipt makes it delivered.
    await expect.poll(() => row.textContent()).toContain('not delivered');
    expect(await row.getByTestId('unsent-badge').count()).toBe(1);
    await screenshot(page, 'kept-7-exported-not-delivered');
    const listed = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections[0]!;
    expect(listed.delivery).toEqual({ state: 'not_sent', receiptJti: null, deliveredAt: null, reason: null });
    expect(listed.exportJti).toMatch(/[0-9a-f-]{36}/);
  });

  it('fits Connections and the org list in 960×600 with no sideways scrolling, in light and dark', async () => {
    // Enough rows to need grouping: three orgs, several clouds, long labels.
    for (const org of ['umbrella-corporation-europe', 'wayne-enterprises', 'stark-industries-global']) {
      h.services.orgs.ensure(org);
      ['123456789012', '210987654321', '555566667777'].forEach((account, i) =>
        h.services.integrations.save(
          storedConnection({
            cloud: 'aws',
            orgId: org,
            account,
            primary: i === 0,
            record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${org}`, external_id: 'e'.repeat(64), region: 'eu-central-1', account_id: account },
            status: i === 1 ? 'drifted' : 'connected',
            statusReason: i === 1 ? 'The trust policy no longer requires the external id (sts:ExternalId condition removed).' : null,
          }),
        ),
      );
    }
    await page.setViewportSize({ width: 960, height: 600 });
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      for (const [path, name] of [
        ['#/connections', 'connections'],
        ['#/', 'orgs'],
        [`#/accounts/${ORG}/integrations`, 'org'],
        ['#/audit', 'audit'],
        ['#/settings', 'settings'],
      ] as const) {
        await page.goto(`${app.origin}/${path}`);
        await page.locator('main#main').waitFor();
        await page.waitForLoadState('networkidle');
        const overflow = await page.evaluate(() => {
          const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !el.closest('.code-block__body, .table-wrap');
          });
          return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, offenders: wide.slice(0, 5).map((el) => `${el.tagName}.${el.className}`) };
        });
        expect(overflow, `${name} at 960 px (${theme})`).toEqual({ page: 0, offenders: [] });
        await screenshot(page, `kept-960-${name}-${theme}`);
        await expectAccessible(page, `${name} at 960 px (${theme})`);
      }
    }
    // Every action a row's status asks for is on that row, in view.
    await page.goto(`${app.origin}/#/connections`);
    const drifted = page.getByTestId('connection-wayne-enterprises-aws-210987654321');
    await drifted.waitFor();
    for (const id of ['fix-aws-210987654321', 'recheck-aws-210987654321', 'disconnect-aws-210987654321']) {
      const box = await drifted.getByTestId(id).boundingBox();
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(960);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('narrows Connections by cloud and status, and says when nothing matches', async () => {
    // The ten connections the test above left: nine AWS (three drifted), one Cloudflare (exported, not delivered).
    await page.goto(`${app.origin}/#/connections`);
    const rows = page.locator('[data-testid="connection-list"] tr[data-status]');
    await expect.poll(() => rows.count()).toBe(10);
    await page.getByTestId('filter-status').selectOption('attention');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')))).toEqual(['drifted', 'drifted', 'drifted']);
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-cloud').selectOption('cloudflare');
    await expect.poll(() => rows.count()).toBe(1);
    // Exported, not delivered: still not sent. Nothing here was delivered.
    await page.getByTestId('filter-status').selectOption('unsent');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('filter-status').selectOption('delivered');
    await page.getByText('Nothing matches these filters.').waitFor();
    expect(await rows.count()).toBe(0);
    await page.getByTestId('filter-cloud').selectOption('');
    await page.getByTestId('filter-status').selectOption('');
    await expect.poll(() => rows.count()).toBe(10);
  });

  it('follows the Settings choice of theme over the system', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${app.origin}/#/settings/appearance`);
    await page.getByTestId('theme-dark').check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await screenshot(page, 'kept-8-dark-by-choice');
    await expectAccessible(page, 'Settings in dark mode');
    await page.getByTestId('theme-system').check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme ?? 'system')).toBe('system');
    expect(bg).toBe(DARK_BG);
    // The page's own background, in each pairing of the system's scheme and the Settings choice.
    const pageBg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await expect.poll(pageBg).toBe(LIGHT_BG);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(pageBg).toBe(DARK_BG);
    await page.getByTestId('theme-light').check();
    await expect.poll(pageBg).toBe(LIGHT_BG);
    await page.getByTestId('theme-system').check();
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
