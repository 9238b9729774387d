import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { APP_CLIENT_ID, TENANT_ID, type AzureWorld, startAzureWorld } from '../support/azure-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';

const ORG = 'contoso';
const sub = (n: number) => `5ab0c0de-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Issue 20 §2: "Connect the whole estate" at an Azure management group, in the window. */
describe('connect the whole Azure estate, in Chromium', () => {
  let world: AzureWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startAzureWorld();
    const { fake } = world;
    fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${ORG}`, issuer: ISSUER, subject: `alphaswarm:org:${ORG}`, audiences: ['api://AzureADTokenExchange'] });
    fake.addTenant(TENANT_ID);
    const sp = fake.consent(TENANT_ID, APP_CLIENT_ID);
    const mg = fake.managementGroups;
    mg.add('contoso-root', TENANT_ID, null, 'Contoso');
    mg.add('prod', TENANT_ID, 'contoso-root', 'Production');
    mg.add('prod-eu', TENANT_ID, 'prod', 'Production EU');
    mg.add('sandbox', TENANT_ID, 'contoso-root', 'Sandbox');
    const place = (n: number, group: string, name: string) => {
      fake.addSubscription(sub(n), TENANT_ID);
      mg.place(sub(n), group, name);
    };
    place(1, 'prod', 'prod-us');
    place(2, 'prod-eu', 'prod-eu-a');
    place(3, 'prod-eu', 'prod-eu-b');
    place(4, 'sandbox', 'sandbox-a');
    place(5, 'sandbox', 'sandbox-b');
    mg.assign('contoso-root', sp, 'Monitoring Reader');
    mg.assign('prod', sp, 'Reader');
    fake.descendantsPageSize = 3;
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Contoso Ltd' });
    await h.enrollMfa();
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await world.fake.stop();
  });

  const state = (id: string) => page.getByTestId(`estate-account-${id}`).getAttribute('data-state');

  it('reads the management group without a code, leaves a group out, connects each subscription under one step-up', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-connect-estate').click();
    await page.getByTestId('estate-cloud-azure').check();
    await page.getByTestId('estate-managementGroupId').fill('contoso root');
    expect(await page.getByTestId('estate-scan').isDisabled()).toBe(true);
    await page.getByTestId('estate-tenantId').fill(TENANT_ID);
    await page.getByTestId('estate-managementGroupId').fill('contoso-root');
    await page.getByTestId('estate-scan').click();
    await page.getByTestId('estate-tree').waitFor();
    expect(await page.getByTestId('step-up-code').count()).toBe(0);
    expect(await page.getByTestId('estate-scope-name').textContent()).toContain('Azure management group contoso-root');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('5 of 5 subscriptions selected: 5 new, 0 connected already; 0 left out.');
    expect(await page.getByTestId('estate-counts-prod').textContent()).toBe('3 accounts · 3 new');
    await screenshot(page, 'estate-azure-1-tree');
    await expectAccessible(page, 'connect the whole Azure estate, tree');

    await page.getByTestId('estate-ou-box-sandbox').uncheck();
    expect(await state(sub(4))).toBe('excluded');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('3 of 5 subscriptions selected: 3 new, 0 connected already; 2 left out.');
    await page.getByTestId('estate-connect').click();
    await page.getByTestId('step-up-code').waitFor();
    expect(await page.getByTestId('step-up-dialog').textContent()).toContain(`Validate and connect 3 Azure subscriptions of ${ORG}'s management group`);
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.getByTestId('step-up-verify').click();
    await expect.poll(() => page.getByTestId('many-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('many-count').textContent()).toBe('Done: 3 of 3 connected');
    await screenshot(page, 'estate-azure-2-results');
    const connected = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.map((c) => c.identifier).sort();
    expect(connected).toEqual([sub(1), sub(2), sub(3)]);

    // A re-scan with the fields empty reads the group connected from; the left-out group stays out.
    await page.getByTestId('estate-tenantId').fill('');
    await page.getByTestId('estate-managementGroupId').fill('');
    await page.getByTestId('estate-scan').click();
    await expect.poll(() => page.getByTestId('estate-counts').textContent()).toBe('3 of 5 subscriptions selected: 0 new, 3 connected already; 2 left out.');
    expect(await state(sub(5))).toBe('excluded');
  }, 60_000);

  it('a listing naming a group under its own child (a move between pages) shows each group once, and says so (thirteenth review M-A1)', async () => {
    const mg = world.fake.managementGroups;
    const real = mg.descendants.bind(mg);
    mg.descendants = (g: string) => [...real(g), { kind: 'group', name: 'prod', displayName: 'Production', parent: 'prod-eu' }];
    try {
      await page.getByTestId('estate-scan').click();
      await page.getByTestId('estate-ignored-items').waitFor();
      expect(await page.getByTestId('estate-ignored-items').textContent()).toBe(
        "Azure's listing repeated 1 item (a group or subscription named twice, or a group named under one below it: something moved while the pages were read). Each is shown once, under the first group listed; re-scan to see where they are now.",
      );
      expect(await page.getByTestId('estate-ou-box-prod').count()).toBe(1);
      expect(await page.getByTestId('estate-counts-prod').textContent()).toBe('3 accounts · 3 connected');
    } finally {
      mg.descendants = real;
    }
  }, 60_000);
});
