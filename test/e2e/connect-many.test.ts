import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const ACCOUNTS = ['444455550001', '444455550002', '444455550003'] as const;

/** Issue 12: three AWS accounts of one org in one run, from the window. */
describe('connect many accounts, in Chromium', () => {
  let fake: AwsFake;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    const started = await startAwsFake();
    fake = started.fake;
    // Two at a time and a slow fake, so the progress can be seen (and photographed) mid-run.
    h = await createHarness({ env: { ...awsEnv(fake, started.session), ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '2' } });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
    await h.enrollMfa();
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  it('checks the pasted list, asks for step-up once, shows progress and a result per account, and retries the refused one', async () => {
    for (const a of ACCOUNTS.slice(0, 2)) fake.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    // The third account's admin has not run the StackSet yet: no role, so AssumeRole is refused.
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-connect-many').click();
    await page.getByTestId('many-cloud-aws').check();

    // A typo is reported by line number, and nothing can start until it is fixed.
    await page.getByTestId('many-list').fill(`${ACCOUNTS[0]}\n44445555000X\n${ACCOUNTS[2]}`);
    await page.getByTestId('many-check').click();
    await page.getByTestId('many-problems').waitFor();
    expect(await page.getByTestId('many-problems').textContent()).toContain('Line 2');
    expect(await page.getByTestId('many-start').isDisabled()).toBe(true);

    await page.getByTestId('many-list').fill(`account_id,name\n${ACCOUNTS.map((a, i) => `${a},acme-${i}`).join('\n')}\n`);
    await page.getByTestId('many-check').click();
    await page.getByTestId('many-checked').waitFor();
    expect(await page.getByTestId('many-checked').textContent()).toContain(`3 accounts to connect through the role ${ROLE}`);
    await screenshot(page, 'many-1-checked');
    await expectAccessible(page, 'connect many, list checked');

    fake.latencyMs = 250;
    await page.getByTestId('many-start').click();
    // One step-up prompt, which says what it covers.
    await page.getByTestId('step-up-code').waitFor();
    expect(await page.getByTestId('step-up-dialog').textContent()).toContain(`Validate and connect 3 AWS accounts of ${ORG}`);
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.getByTestId('step-up-verify').click();
    await page.getByTestId('many-progress').waitFor();
    await expect.poll(() => page.getByTestId('many-count').textContent()).toMatch(/^Checked \d of 3…$/);
    await screenshot(page, 'many-2-progress');
    await expect.poll(() => page.getByTestId('many-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    fake.latencyMs = 0;
    expect(await page.getByTestId('many-count').textContent()).toBe('Done: 2 of 3 connected');
    expect(await page.getByTestId(`many-result-${ACCOUNTS[0]}`).getAttribute('data-status')).toBe('connected');
    expect(await page.getByTestId(`many-result-${ACCOUNTS[2]}`).getAttribute('data-status')).toBe('refused');
    // The AccessDenied explanation, with its causes, on the account's own row.
    expect(await page.getByTestId(`many-result-${ACCOUNTS[2]}`).textContent()).toMatch(/three different problems/);
    await screenshot(page, 'many-3-results');
    await expectAccessible(page, 'connect many, results');
    await page.getByTestId(`connection-aws-${ACCOUNTS[0]}`).waitFor();
    await page.getByTestId(`connection-aws-${ACCOUNTS[1]}`).waitFor();
    // The first in the list is the primary, whatever order the cloud answered in.
    expect(await page.getByTestId(`primary-aws-${ACCOUNTS[0]}`).count()).toBe(0);
    expect(await page.getByTestId(`primary-aws-${ACCOUNTS[1]}`).count()).toBe(1);

    // The admin creates the missing role; "Retry" runs only that account.
    fake.addRole({ accountId: ACCOUNTS[2], roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    expect(await page.getByTestId('many-retry').textContent()).toBe('Retry the 1 not connected');
    await page.getByTestId('many-retry').click();
    await expect.poll(() => page.getByTestId('many-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('many-count').textContent()).toBe('Done: 1 of 1 connected');
    await page.getByTestId(`connection-aws-${ACCOUNTS[2]}`).waitFor();
    await screenshot(page, 'many-4-retried');
    const keys = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.map((c) => c.credentialKey);
    expect(keys).toEqual([
      `CredentialKey("cloud_aws", "org:${ORG}")`,
      `CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNTS[1]}")`,
      `CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNTS[2]}")`,
    ]);
  });
});
