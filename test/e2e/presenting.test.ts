import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';

/** Three customers on one laptop: each with a saved AWS connection, a role name and audit rows. */
const ORGS = [
  { orgId: 'acme-industries', name: 'Acme Industries', account: '111111111111' },
  { orgId: 'globex', name: 'Globex Inc', account: '222222222222' },
  { orgId: 'initech', name: 'Initech LLC', account: '333333333333' },
] as const;
const PRESENTED = ORGS[1];
const OTHERS = ORGS.filter((o) => o.orgId !== PRESENTED.orgId);

/** Every screen of the window, each with what shows it has loaded. */
const SCREENS = [
  ['orgs', '#/', `org-${PRESENTED.orgId}`],
  ['org-page', `#/accounts/${PRESENTED.orgId}/integrations`, 'export-bundle'],
  ['connections', '#/connections', 'all-connections'],
  ['audit', '#/audit', 'audit-count'],
  ['settings', '#/settings', 'general-settings'],
] as const;

describe('presenting mode: on a call with one customer', () => {
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    h = await createHarness();
    for (const o of ORGS) {
      await h.ok(ipc.orgs.add, { orgId: o.orgId, displayName: o.name });
      h.services.integrations.save(storedConnection({ cloud: 'aws', orgId: o.orgId, record: { role_arn: `arn:aws:iam::${o.account}:role/alphaswarm-broker-${o.orgId}`, external_id: 'e'.repeat(64), region: 'us-east-1', account_id: o.account } }));
      await h.services.settings.setOrgRoleName(o.orgId, `broker-${o.orgId}`);
    }
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
  });

  /** Nothing of another customer anywhere in the page: text, attributes, values. */
  async function expectOnlyPresented(screen: string): Promise<void> {
    const html = await page.content();
    const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n'));
    for (const o of OTHERS) {
      for (const leak of [o.orgId, o.name, o.account]) {
        const at = html.indexOf(leak);
        expect(at === -1 && !values.includes(leak), `${screen} shows ${leak}: …${html.slice(Math.max(0, at - 200), at + 100)}…`).toBe(true);
      }
    }
    expect(html, `${screen} shows the data folder`).not.toContain(h.dataDir);
    expect(html, `${screen} shows a variable name`).not.toMatch(/ALPHASWARM_ADMIN_[A-Z_]+<\/span>|\(ALPHASWARM_ADMIN_/);
  }

  it('starts on a chooser that lists organisations only after a click, and enters presenting from it', async () => {
    await page.getByTestId('start-chooser').waitFor();
    expect(await page.content()).not.toContain(PRESENTED.name);
    await page.getByTestId('start-present').click();
    await page.getByTestId(`present-${PRESENTED.orgId}`).click();
    await page.waitForURL(new RegExp(`#/accounts/${PRESENTED.orgId}/integrations$`));
    await page.getByTestId('presenting-badge').waitFor();
    expect(await page.getByTestId('presenting-badge').textContent()).toContain(`Presenting: ${PRESENTED.name}`);
    expect(await page.title()).toBe(`Presenting: ${PRESENTED.name}`);
  });

  it('shows that org alone on every screen, axe-clean, in both themes and at 960 px', async () => {
    for (const [screen, hash, ready] of SCREENS) {
      await page.goto(`${app.origin}/${hash}`);
      await page.getByTestId(ready).first().waitFor();
      await page.getByTestId('presenting-badge').waitFor();
      await expectOnlyPresented(screen);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize({ width: 1280, height: 800 });
        await screenshot(page, `presenting-${screen}-${theme}`);
        await expectAccessible(page, `presenting ${screen} (${theme})`);
        await page.setViewportSize({ width: 960, height: 600 });
        await screenshot(page, `presenting-${screen}-${theme}-960`);
        // The badge stays on the header's one row at 960 px (it wrapped to a second one).
        const [bar, badge] = [await page.locator('.topbar').boundingBox(), await page.getByTestId('presenting-badge').boundingBox()];
        expect(bar!.height).toBeLessThanOrEqual(56);
        expect(badge!.y + badge!.height).toBeLessThanOrEqual(bar!.y + bar!.height);
        expect(await page.getByRole('button', { name: 'Leave presenting', exact: true }).count()).toBe(1);
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    // The audit filter offers the presented org alone.
    await page.goto(`${app.origin}/#/audit`);
    await page.getByTestId('audit-count').waitFor();
    const choices = await page.getByTestId('filter-org').locator('option').allTextContents();
    expect(choices.filter((c) => c.toLowerCase() !== 'any')).toEqual([PRESENTED.orgId]);
  });

  it('is remembered across a restart of the window', async () => {
    await app.close();
    app = await openApp(h);
    page = app.page;
    await page.getByTestId('presenting-badge').waitFor();
    expect(await page.getByTestId('start-chooser').count()).toBe(0);
    await page.getByTestId(`org-${PRESENTED.orgId}`).waitFor();
    await expectOnlyPresented('orgs after restart');
    expect(await page.title()).toBe(`Presenting: ${PRESENTED.name}`);
  });

  it('leaves only after one confirmation, audited, and then shows every org again', async () => {
    await page.getByTestId('leave-presenting').click();
    await page.getByTestId('leave-presenting-dialog-cancel').click();
    expect(await page.getByTestId('presenting-badge').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('leave-presenting');
    await page.getByTestId('leave-presenting').click();
    await screenshot(page, 'presenting-leave-dialog');
    await page.getByTestId('leave-presenting-dialog-confirm').click();
    await page.getByTestId(`org-${OTHERS[0]!.orgId}`).waitFor();
    expect(await page.getByTestId('presenting-badge').count()).toBe(0);
    expect(await page.title()).toBe('AlphaSwarm Onboarding');
    const rows = await h.ok(ipc.audit.list, { orgId: PRESENTED.orgId, step: 'presenting_stop' });
    expect(rows.rows.map((r) => r.outcome)).toEqual(['succeeded', 'pending']);
  });
});
