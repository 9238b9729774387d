import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { type NodeUpdater, type UpdateFeed, V020_FILE, fixture, nodeUpdater, startUpdateFeed } from '../support/update-feed.js';
import { ipc } from '../support/contracts.js';

/** Issue 22: the engineer is asked before an update restarts the app, and never mid-wizard. */
describe('the update prompt, in Chromium', () => {
  let feed: UpdateFeed;
  let aws: AwsFake;
  let h: Harness;
  let u: NodeUpdater;
  let app: BrowserHost;
  let page: Page;
  const ORG = 'acme-corp';
  const ROLE = 'alphaswarm-broker-acme-corp';
  const target = { cloud: 'aws' as const, orgId: ORG, roleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE}` };

  beforeAll(async () => {
    feed = await startUpdateFeed({ 'latest.yml': fixture('latest-0.2.0.yml'), [V020_FILE]: fixture(V020_FILE) });
    const started = await startAwsFake();
    aws = started.fake;
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex')] });
    h = await createHarness({ env: { ...awsEnv(aws, started.session), ALPHASWARM_ADMIN_UPDATE_URL: feed.url } });
    u = nodeUpdater(h.services.updates.currentVersion);
    h.services.updates.useUpdater(() => Promise.resolve(u.updater));
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
    // A wizard part-way through: identity proved, not saved yet.
    await h.stepUp(ORG);
    await h.ok(ipc.cloud.validateIdentity, target);
    expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', version: '0.2.0' });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
    h?.close();
    await aws?.stop();
    await feed?.close();
  });

  it('offers 0.2.0 but waits for the wizard: Restart now is off and says why', async () => {
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('AlphaSwarm Onboarding 0.2.0 is ready to install');
    expect(await prompt.textContent()).toContain('you have 0.1.0; stable channel');
    expect(await page.getByTestId('update-waiting').textContent()).toBe('Restart waits until you finish: 1 wizard part-way through.');
    expect(await page.getByTestId('update-restart').isDisabled()).toBe(true);
    await screenshot(page, 'update-1-prompt-waiting-for-wizard');
    await expectAccessible(page, 'update prompt, waiting');
  });

  it('once the wizard is saved, Restart now installs the update (Later would just hide the prompt)', async () => {
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    await page.reload();
    await page.getByTestId('update-prompt').waitFor();
    expect(await page.getByTestId('update-waiting').count()).toBe(0);
    await screenshot(page, 'update-2-prompt-ready');
    // Settings → General says the same, in words.
    await page.goto(`${app.origin}/#/settings/general`);
    expect(await page.getByTestId('update-state').textContent()).toBe('Ready to install');
    expect(await page.getByTestId('update-message').textContent()).toContain('Version 0.2.0 is downloaded and verified.');
    await page.goto(`${app.origin}/#/`);
    await page.getByTestId('update-prompt').waitFor();
    await page.getByTestId('update-restart').click();
    await expect.poll(() => u.quits).toEqual(['quitAndInstall(false, true)']);
    expect(h.services.audit.list({ step: 'app_update', limit: 5 }).rows.map((r) => r.detail.action)).toEqual(['install', 'downloaded']);
  });
});
