import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { addAccount, addOu } from '../fakes/aws/organizations-tree.js';
import { newStackSet } from '../fakes/aws/stack-sets.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const MANAGEMENT = '700000099999';
const id = (n: number) => `7000000${String(n).padStart(5, '0')}`;
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

/** Issue 20: the AWS Organization's tree in the window, exclusions, one step-up, a result per account. */
describe('connect the whole estate, in Chromium', () => {
  let fake: AwsFake;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  const ou: Record<string, string> = {};

  beforeAll(async () => {
    const started = await startAwsFake();
    fake = started.fake;
    h = await createHarness({ env: { ...awsEnv(fake, started.session), ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '2' } });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
    await h.enrollMfa();
    const org = fake.addOrganization(MANAGEMENT, []);
    ou.prod = addOu(org, 'Prod').id;
    ou.prodEu = addOu(org, 'Prod EU', ou.prod).id;
    ou.sandbox = addOu(org, 'Sandbox').id;
    addAccount(org, { id: id(1), name: 'shared-services' });
    addAccount(org, { id: id(10), name: 'prod-us', parentId: ou.prod });
    addAccount(org, { id: id(11), name: 'prod-eu-a', parentId: ou.prodEu });
    addAccount(org, { id: id(12), name: 'prod-eu-b', parentId: ou.prodEu });
    addAccount(org, { id: id(20), name: 'sandbox-a', parentId: ou.sandbox });
    addAccount(org, { id: id(21), name: 'sandbox-old', parentId: ou.sandbox, status: 'SUSPENDED' });
    // prod-eu-b's admin has not run the StackSet yet: its role is missing.
    for (const a of [MANAGEMENT, id(1), id(10), id(11), id(20)]) fake.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    // The StackSet reached prod-us and prod-eu-a; on prod-eu-b it failed, with CloudFormation's reason.
    const set = newStackSet('alphaswarm-broker-acme-corp', MANAGEMENT);
    set.instances.push(
      { account: id(10), region: 'us-east-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      { account: id(11), region: 'us-east-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      { account: id(12), region: 'us-east-1', status: 'OUTDATED', detailedStatus: 'FAILED', statusReason: 'Account 700000000012 should have \'AWSCloudFormationStackSetExecutionRole\' role with trust relationship to Role \'stacksets-exec\'.' },
    );
    fake.stackSets.push(set);
    await h.stepUp(ORG);
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: arn(MANAGEMENT) };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    h.services.grants.revokeAll();
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  const state = (account: string) => page.getByTestId(`estate-account-${account}`).getAttribute('data-state');

  it('reads the tree without a code, leaves out an OU and an account, connects under one step-up and retries the refused one', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-connect-estate').click();
    await page.getByTestId('estate-scan').click();
    await page.getByTestId('estate-tree').waitFor();
    // No step-up was asked for to read.
    expect(await page.getByTestId('step-up-code').count()).toBe(0);
    expect(await page.getByTestId(`estate-counts-${ou.prod}`).textContent()).toBe('3 accounts · 3 new');
    expect(await state(id(21))).toBe('suspended');
    expect(await state(MANAGEMENT)).toBe('management');
    expect(await page.getByTestId('estate-management').textContent()).toContain('never deploys there');
    expect(await page.getByTestId('estate-suspended').textContent()).toContain(id(21));
    await page.getByRole('button', { name: 'Expand Prod EU' }).click();
    expect(await page.getByTestId(`estate-instance-${id(12)}`).textContent()).toBe('Stack instance failed');
    expect(await page.getByTestId(`estate-instance-reason-${id(12)}`).textContent()).toContain('OUTDATED / FAILED — Account 700000000012 should have');
    expect(await page.getByTestId(`estate-instance-${id(20)}`).textContent()).toBe('No stack instance');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('5 of 6 member accounts selected: 5 new, 0 connected already; 0 left out.');
    await screenshot(page, 'estate-1-tree');
    await expectAccessible(page, 'connect the whole estate, tree');

    // Leave out the Sandbox OU and one account: the counts follow at once.
    await page.getByTestId(`estate-ou-box-${ou.sandbox}`).uncheck();
    await page.getByTestId(`estate-account-box-${id(1)}`).uncheck();
    expect(await state(id(20))).toBe('excluded');
    expect(await page.getByTestId(`estate-counts-${ou.sandbox}`).textContent()).toBe('2 accounts · 1 excluded · 1 suspended');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('3 of 6 member accounts selected: 3 new, 0 connected already; 2 left out.');
    await screenshot(page, 'estate-2-excluded');

    fake.latencyMs = 200;
    await page.getByTestId('estate-connect').click();
    await page.getByTestId('step-up-code').waitFor();
    expect(await page.getByTestId('step-up-dialog').textContent()).toContain(`Validate and connect 3 AWS accounts of ${ORG}'s organization`);
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.getByTestId('step-up-verify').click();
    await page.getByTestId('many-progress').waitFor();
    await expect.poll(() => page.getByTestId('many-count').textContent()).toMatch(/^Checked \d of 3…$/);
    await screenshot(page, 'estate-3-progress');
    await expect.poll(() => page.getByTestId('many-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    fake.latencyMs = 0;
    expect(await page.getByTestId('many-count').textContent()).toBe('Done: 2 of 3 connected');
    expect(await page.getByTestId(`many-result-${id(12)}`).getAttribute('data-status')).toBe('refused');
    expect(await page.getByTestId(`many-result-${id(12)}`).textContent()).toMatch(/three different problems/);
    await screenshot(page, 'estate-4-results');
    await expectAccessible(page, 'connect the whole estate, results');

    fake.addRole({ accountId: id(12), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    await page.getByTestId('many-retry').click();
    await expect.poll(() => page.getByTestId('many-count').textContent(), { timeout: 20_000 }).toBe('Done: 1 of 1 connected');
    const connected = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.map((c) => c.identifier).sort();
    expect(connected).toEqual([MANAGEMENT, id(10), id(11), id(12)].sort());

    // Re-scan after the organization grows: the new account is offered on its own; the left-out stay out.
    addAccount(fake.organizations[0]!, { id: id(13), name: 'prod-new', parentId: ou.prod });
    fake.addRole({ accountId: id(13), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    await page.getByTestId('estate-scan').click();
    await expect.poll(() => state(id(13))).toBe('new');
    expect(await state(id(20))).toBe('excluded');
    expect(await page.getByTestId('estate-scope-name').textContent()).toContain('the selection saved by the last run');
    expect(await page.getByTestId('estate-connect-new').textContent()).toBe('Connect the 1 new account');
    await screenshot(page, 'estate-5-rescan');
    // Closed, the org page says how many the last scan found waiting.
    await page.getByTestId('estate-close').click();
    await expect.poll(() => page.getByTestId('estate-waiting').count()).toBe(1);
    expect(await page.getByTestId('estate-waiting').textContent()).toBe('1 not yet connected');
    await screenshot(page, 'estate-6-waiting');
    await page.getByTestId('open-connect-estate').click();
    await page.getByTestId('estate-scan').click();
    await expect.poll(() => state(id(13))).toBe('new');
    // The step-up window has passed: connecting asks for a code again, once.
    h.services.grants.revokeAll();
    await page.getByTestId('estate-connect-new').click();
    await page.getByTestId('step-up-code').waitFor();
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.getByTestId('step-up-verify').click();
    await expect.poll(() => page.getByTestId('many-count').textContent(), { timeout: 20_000 }).toBe('Done: 1 of 1 connected');
  });
});
