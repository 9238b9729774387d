import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { chooseCloud, expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { EXTERNAL_ID_SECRET, type Harness, createHarness } from '../support/harness.js';

describe('organisations and settings screens', () => {
  let fake: AwsFake;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    const started = await startAwsFake();
    fake = started.fake;
    h = await createHarness({ env: { ...awsEnv(fake, started.session), ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN: 'alphaswarm-broker-{org_id}' } });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  it('starts on a chooser that lists no organisation until asked, then lists them with the platform tenant', async () => {
    // A first run (no customer yet) skips the chooser; with one on the laptop, a new window asks.
    await page.getByTestId('new-org-id').waitFor();
    await h.ok(ipc.orgs.add, { orgId: 'initech', displayName: 'Initech' });
    await page.reload();
    await page.getByTestId('start-chooser').waitFor();
    expect(await page.getByTestId('org-list').count()).toBe(0);
    await screenshot(page, 'screens-start-chooser');
    await expectAccessible(page, 'Start-up chooser');
    await page.getByTestId('start-show-all').click();
    await page.getByTestId('org-__platform__').waitFor();
  });

  it('checks a new org id as it is typed', async () => {
    await page.getByTestId('new-org-id').fill('Acme/../corp');
    expect(await page.getByText('The org id contains path characters.').isVisible()).toBe(true);
    expect(await page.getByTestId('add-org').isDisabled()).toBe(true);
    await screenshot(page, 'screens-orgs-invalid-id');
    await page.getByTestId('new-org-id').fill('globex');
    await page.getByTestId('add-org').click();
    await page.waitForURL(/#\/accounts\/globex\/integrations$/);
    await page.goto(`${app.origin}/#/`);
    await page.getByTestId('org-globex').waitFor();
    await screenshot(page, 'screens-orgs');
  });

  it('shows which identities are configured and where from, never a secret', async () => {
    await page.goto(`${app.origin}/#/settings`);
    await page.getByTestId('platform-panel').waitFor();
    const aws = page.getByTestId('identity-status-aws');
    expect(await aws.textContent()).toContain('Ready');
    expect(await page.getByTestId('setting-ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID').textContent()).toContain('environment');
    expect(await page.getByTestId('setting-ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN').textContent()).toContain('environment');
    expect(await page.getByTestId('setting-ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET').textContent()).toContain('set · never shown');
    expect(await page.content()).not.toContain(EXTERNAL_ID_SECRET);
    await screenshot(page, 'screens-settings');
    await expectAccessible(page, 'Settings');
  });

  it('runs the same wizard for the platform tenant from Settings', async () => {
    await page.getByTestId('open-platform-wizard').click();
    await chooseCloud(page, 'aws');
    await page.getByTestId('method-cli').check();
    await page.getByTestId('artifact-trust-policy').waitFor();
    expect(await page.getByTestId('bootstrap-facts').textContent()).toContain('alphaswarm-broker-__platform__');
    await screenshot(page, 'screens-settings-platform-wizard');
  });

  it('explains an unknown org page', async () => {
    await page.goto(`${app.origin}/#/accounts/nobody-here/integrations`);
    await page.getByText('Unknown organisation').waitFor();
    await page.goto(`${app.origin}/#/accounts/..%2F..%2Fetc/integrations`);
    await page.getByText('Page not found').waitFor();
  });
});
