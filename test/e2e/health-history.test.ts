import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake, FakePrincipal, FakeRole } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';

const ORG = 'acme-corp';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');
const DAY = 24 * 3600_000;

/** Issue 21 §4 in the window: re-check, a narrowed policy read as degraded, its history side by side, Copy fix, and "Due for re-check". */
describe('health history, in Chromium', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let role: FakeRole;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  const row = () => page.getByTestId(`connection-aws-${CUSTOMER_ACCOUNT}`);

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    role = aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    h = await createHarness({ env: awsEnv(aws, session) });
    h.services.orgs.ensure(ORG);
    const now = new Date(h.clock.now()).toISOString();
    h.services.integrations.save(storedConnection({ cloud: 'aws', orgId: ORG, record: { role_arn: role.arn, external_id: EXTERNAL_ID, region: 'us-east-1', account_id: CUSTOMER_ACCOUNT }, connectedAt: now, tier: 'standard' }));
    await h.enrollMfa();
    await h.stepUp(ORG);
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await aws.stop();
  });

  /** Re-check from the row, and wait until main has kept that run (by count: a status may already read as expected). */
  const recheck = async (status: string) => {
    const kept = () => h.services.health.history({ orgId: ORG }, 200).runs.length;
    const before = kept();
    await page.getByTestId(`recheck-aws-${CUSTOMER_ACCOUNT}`).click();
    await expect.poll(kept, { timeout: 20_000 }).toBe(before + 1);
    await expect.poll(() => row().getAttribute('data-status'), { timeout: 20_000 }).toBe(status);
  };

  it('a narrowed policy reads Degraded; History shows the last two runs side by side and copies the fix', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await row().waitFor();
    await recheck('connected');
    role.scpDenied = ['s3:ListAllMyBuckets'];
    h.clock.advance(60_000);
    await recheck('degraded');
    expect(await row().textContent()).toContain('Lost since connected, needed by the standard tier: s3:ListAllMyBuckets');

    // By keyboard: the toggle is a button that says whether it is open, and controls the region.
    const toggle = page.getByTestId(`history-toggle-aws-${CUSTOMER_ACCOUNT}`);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const region = page.getByRole('region', { name: `Health history of ${CUSTOMER_ACCOUNT}` });
    await region.waitFor();
    expect(await region.getAttribute('id')).toBe(await toggle.getAttribute('aria-controls'));

    const diff = page.getByTestId('history-diff');
    expect(await diff.locator('caption').textContent()).toMatch(/^What changed from run #1 to run #2 \(connected → degraded\)$/);
    const changed = diff.locator('tr[data-changed="true"]');
    expect(await changed.count()).toBe(1);
    const cells = await changed.locator('th, td').allTextContents();
    expect(cells[0]).toContain('s3:ListAllMyBuckets');
    expect(cells[1]).toBe(`allowed to ${ROLE_NAME}`);
    expect(cells[2]).toBe('✓ granted');
    expect(cells[3]).toContain('✗ missing');
    expect(cells[3]).toContain('service control policy');
    expect(await page.getByTestId('history-runs').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('history-due').count()).toBe(0);

    await page.getByTestId('copy-fix').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(
      "Who can fix it: the management account's admin, by allowing s3:ListAllMyBuckets in the SCP; a role policy cannot override an SCP.",
    );
    await expectAccessible(page, 'health history');
    await screenshot(page, 'health-history-1-degraded-diff');
  });

  it('eight days without a re-check: Due for re-check, from the clock alone (no cloud call)', async () => {
    const calls = aws.requests.length;
    h.clock.advance(8 * DAY);
    await page.reload();
    await row().waitFor();
    await page.getByTestId('due-badge').waitFor();
    expect(await row().getByTestId('due-badge').textContent()).toBe('Due for re-check');
    await page.getByTestId(`history-toggle-aws-${CUSTOMER_ACCOUNT}`).click();
    await page.getByTestId('history-due').waitFor();
    expect(await page.getByTestId('history-due').textContent()).toMatch(/^Due for re-check: last checked .+, over 7 days ago\. Use Re-check\.$/);
    expect(aws.requests.length).toBe(calls);
    await expectAccessible(page, 'health history, due');
    await screenshot(page, 'health-history-2-due');
  });
});
