import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { chooseCloud, expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { ipc } from '../support/contracts.js';

const ORG = 'contoso';

describe('Azure wizard in Chromium', () => {
  let world: AzureWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetAzure(world);
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Contoso Ltd' });
    await h.stepUp(ORG);
    app = await openApp(h);
    page = app.page;
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await chooseCloud(page, 'azure');
  });
  afterEach(async () => {
    await app.close();
    h.close();
  });

  it('walks every step with no client secret anywhere', async () => {
    const sp = world.setUpCustomer(ORG);
    await page.getByTestId('artifact-federated-credential').waitFor();
    expect(await page.getByTestId('claim-sub').textContent()).toBe(`alphaswarm:org:${ORG}`);
    expect(await page.getByTestId('claim-iss').textContent()).toBe(ISSUER);
    await page.getByTestId('bootstrap-tenantId').fill(TENANT_ID);
    await page.getByTestId('bootstrap-subscriptionId').fill(SUBSCRIPTION_ID);
    await expect.poll(() => page.getByTestId('artifact-admin-consent').textContent()).toContain(`${TENANT_ID}/adminconsent?client_id=${APP_CLIENT_ID}`);
    expect(await page.getByTestId('artifact-role-assignment').textContent()).toContain(`--scope /subscriptions/${SUBSCRIPTION_ID}`);
    await screenshot(page, 'azure-2-bootstrap');
    await expectAccessible(page, 'azure step 2');
    await page.getByTestId('open-link').click();
    await expect.poll(() => h.opened.length).toBe(1);
    expect(h.opened[0]).toBe(`https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_CLIENT_ID}`);
    await page.getByTestId('next-3').click();

    // The tenant and subscription carry over from step 2.
    expect(await page.getByTestId('target-tenantId').inputValue()).toBe(TENANT_ID);
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('identity-result').waitFor();
    expect(await page.getByTestId('identity-result').textContent()).toContain(sp);
    await screenshot(page, 'azure-3-identity');
    await page.getByTestId('next-4').click();
    await page.getByTestId('validate-permissions').click();
    await page.getByTestId('permissions-result').waitFor();
    expect(await page.getByTestId('check-Reader').getAttribute('data-status')).toBe('granted');
    await page.getByTestId('enumerate').click();
    await page.getByTestId('enumeration').waitFor();
    await screenshot(page, 'azure-4-permissions');
    await page.getByTestId('next-5').click();
    await screenshot(page, 'azure-5a-review');
    await page.getByTestId('save-connection').click();
    await page.getByTestId('saved-result').waitFor();
    await page.getByTestId(`connection-azure-${SUBSCRIPTION_ID}`).waitFor();
    expect(await page.getByTestId(`connection-azure-${SUBSCRIPTION_ID}`).textContent()).toContain(SUBSCRIPTION_ID);
    await screenshot(page, 'azure-5b-saved');
  });

  it('step 2 offers a management group beside a subscription: the roles are granted at the group', async () => {
    await page.getByTestId('artifact-role-assignment').waitFor();
    await page.getByTestId('option-grantScope-management-group').check();
    await page.getByTestId('bootstrap-managementGroupId').fill('contoso prod');
    await page.getByText('A management group id holds only letters, digits, hyphens, underscores, periods and parentheses', { exact: false }).waitFor();
    await page.getByTestId('bootstrap-managementGroupId').fill('Contoso-Prod(EU)');
    await expect.poll(() => page.getByTestId('artifact-role-assignment').textContent()).toContain('--scope "/providers/Microsoft.Management/managementGroups/Contoso-Prod(EU)"');
    expect(await page.getByTestId('artifact-role-assignment').textContent()).not.toContain('az account set');
    await screenshot(page, 'azure-2-management-group');
    await page.getByTestId('method-terraform').check();
    await expect.poll(() => page.getByTestId('artifact-terraform-role-assignment').textContent()).toContain('default     = "Contoso-Prod(EU)"');
    await expectAccessible(page, 'azure step 2 at a management group');
    // Back to one subscription: the group leaves the Terraform.
    await page.getByTestId('option-grantScope-subscription').check();
    await expect.poll(() => page.getByTestId('artifact-terraform-role-assignment').textContent()).toContain('"/subscriptions/${var.subscription_id}"');
  });

  it('shows the subject mismatch with what was presented', async () => {
    world.setUpCustomer(ORG);
    world.fake.apps.get(APP_CLIENT_ID)!.federatedCredentials[0]!.subject = 'alphaswarm:org:Contoso';
    await page.getByTestId('next-3').click();
    await page.getByTestId('target-tenantId').fill(TENANT_ID);
    await page.getByTestId('target-subscriptionId').fill(`{${SUBSCRIPTION_ID}}`);
    expect(await page.getByText('braces around it').isVisible()).toBe(true);
    expect(await page.getByTestId('validate-identity').isDisabled()).toBe(true);
    await page.getByTestId('target-subscriptionId').fill(SUBSCRIPTION_ID);
    await page.getByTestId('validate-identity').click();
    const panel = page.getByTestId('error-step-3');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('AADSTS7002138');
    expect(text).toContain(`alphaswarm:org:${ORG}`);
    await screenshot(page, 'azure-failure-subject-case');
  });
});
