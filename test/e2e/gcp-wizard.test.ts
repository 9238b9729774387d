import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { PROJECT_ID, PROJECT_NUMBER, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { chooseCloud, expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'initech';

describe('GCP wizard in Chromium', () => {
  let world: GcpWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetGcp(world);
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Initech' });
    await h.stepUp(ORG);
    app = await openApp(h);
    page = app.page;
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await chooseCloud(page, 'gcp');
  });
  afterEach(async () => {
    await app.close();
    h.close();
  });

  it('walks every step, with the subject-scoped binding by default and the pool-wide one on request', async () => {
    world.setUpCustomer(ORG);
    await page.getByTestId('artifact-create-provider').waitFor();
    expect(await page.getByTestId('pool-id').textContent()).toBe('alphaswarm-broker-initech');
    expect(await page.getByTestId('attribute-condition').textContent()).toBe("assertion.sub == 'alphaswarm:org:initech'");
    await page.getByTestId('bootstrap-projectId').fill(PROJECT_ID);
    await page.getByTestId('bootstrap-projectNumber').fill(PROJECT_NUMBER);
    await page.getByTestId('option-memberScope-pool').check();
    await expect.poll(() => page.getByTestId('binding-member').textContent()).toMatch(/^principalSet:\/\/.*\/\*$/);
    await page.getByTestId('option-memberScope-subject').check();
    await expect.poll(() => page.getByTestId('binding-member').textContent()).toContain('/subject/alphaswarm:org:initech');
    expect(await page.getByTestId('artifact-create-pool').textContent()).toContain(`--project=${PROJECT_ID}`);
    await screenshot(page, 'gcp-2-bootstrap');
    await expectAccessible(page, 'gcp step 2');
    await page.getByTestId('next-3').click();
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('identity-result').waitFor();
    await screenshot(page, 'gcp-3-identity');
    await page.getByTestId('next-4').click();
    await page.getByTestId('validate-permissions').click();
    await page.getByTestId('permissions-result').waitFor();
    await page.getByTestId('enumerate').click();
    await page.getByTestId('enumeration').waitFor();
    expect(await page.getByTestId('enumeration').textContent()).toContain('ACTIVE');
    await screenshot(page, 'gcp-4-permissions');
    await page.getByTestId('next-5').click();
    await page.getByTestId('save-connection').click();
    await page.getByTestId(`connection-gcp-${PROJECT_ID}`).waitFor();
    await screenshot(page, 'gcp-5-saved');
  });

  it('step 2 offers an organisation or a folder beside a project: the read roles are granted there, the pool stays in the project', async () => {
    await page.getByTestId('artifact-grant-project-access').waitFor();
    await page.getByTestId('bootstrap-projectId').fill(PROJECT_ID);
    await page.getByTestId('option-grantScope-organization').check();
    await page.getByTestId('bootstrap-organizationId').fill('acme.com');
    await page.getByText('An organisation id is a number', { exact: false }).waitFor();
    await page.getByTestId('bootstrap-organizationId').fill('123456789012');
    await expect.poll(() => page.getByTestId('artifact-grant-project-access').textContent()).toContain('gcloud organizations add-iam-policy-binding 123456789012 ');
    expect(await page.getByTestId('artifact-create-pool').textContent()).toContain(`--project=${PROJECT_ID}`);
    await screenshot(page, 'gcp-2-organization');
    await expectAccessible(page, 'gcp step 2 at an organisation');
    await page.getByTestId('option-grantScope-folder').check();
    await page.getByTestId('bootstrap-folderId').fill('folders/3589215982');
    await expect.poll(() => page.getByTestId('artifact-grant-project-access').textContent()).toContain('gcloud resource-manager folders add-iam-policy-binding 3589215982 ');
    await page.getByTestId('option-grantScope-project').check();
    await expect.poll(() => page.getByTestId('artifact-grant-project-access').textContent()).toContain(`gcloud projects add-iam-policy-binding ${PROJECT_ID} `);
  });

  it('says which stage failed: impersonation without the binding', async () => {
    world.setUpCustomer(ORG, { member: 'none' });
    await page.getByTestId('next-3').click();
    await page.getByTestId('target-projectId').fill(PROJECT_ID);
    await page.getByTestId('target-projectNumber').fill(PROJECT_NUMBER);
    await page.getByTestId('validate-identity').click();
    const panel = page.getByTestId('error-step-3');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Impersonation failed');
    expect(text).toContain('roles/iam.workloadIdentityUser');
    await screenshot(page, 'gcp-failure-impersonation');
  });
});
