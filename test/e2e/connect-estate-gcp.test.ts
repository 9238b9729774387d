import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, startGcpWorld } from '../support/gcp-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';

const ORG = 'initech';
const proj = (n: number) => `initech-proj-${n}`;
const SA = `serviceAccount:${SERVICE_ACCOUNT}`;

/** Issue 20 §2: "Connect the whole estate" at a GCP folder, in the window. */
describe('connect the whole GCP estate, in Chromium', () => {
  let world: GcpWorld;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    world = await startGcpWorld();
    const { fake } = world;
    world.setUpCustomer(ORG);
    const tree = fake.hierarchy;
    tree.addOrganization('555000111', 'initech.example');
    fake.projects.get(PROJECT_ID)!.parent = 'organizations/555000111';
    tree.addFolder('700', 'organizations/555000111', 'Engineering');
    tree.addFolder('710', 'folders/700', 'Production');
    tree.addFolder('711', 'folders/710', 'Production EU');
    tree.addFolder('720', 'folders/700', 'Sandbox');
    fake.addProject(proj(1), '810000000001', 'folders/710', 'prod-us');
    fake.addProject(proj(2), '810000000002', 'folders/711', 'prod-eu-a');
    fake.addProject(proj(3), '810000000003', 'folders/711', 'prod-eu-b');
    fake.addProject(proj(4), '810000000004', 'folders/720', 'sandbox-a');
    fake.addProject(proj(5), '810000000005', 'folders/720', 'sandbox-b');
    // roles/browser and roles/iam.serviceAccountUser at the folder; roles/viewer on Production only.
    tree.grantAt('folders/700', SA, ['resourcemanager.projects.get', 'resourcemanager.folders.get', 'resourcemanager.folders.list', 'iam.serviceAccounts.actAs']);
    tree.grantAt('folders/710', SA, ['compute.instances.list']);
    fake.searchPage.max = 1;
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Initech' });
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

  it('reads the folder without a code, leaves a folder out, connects each project under one step-up', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-connect-estate').click();
    await page.getByTestId('estate-cloud-gcp').check();
    await page.getByTestId('estate-gcp-folder').check();
    await page.getByTestId('estate-gcpParent').fill('Engineering');
    await page.getByText('A folder id is a number', { exact: false }).waitFor();
    expect(await page.getByTestId('estate-scan').isDisabled()).toBe(true);
    await page.getByTestId('estate-gcpParent').fill('folders/700');
    await page.getByTestId('estate-projectId').fill(PROJECT_ID);
    // Half of the pool's project is not enough.
    expect(await page.getByTestId('estate-scan').isDisabled()).toBe(true);
    await page.getByTestId('estate-projectNumber').fill(PROJECT_NUMBER);
    await page.getByTestId('estate-scan').click();
    await page.getByTestId('estate-tree').waitFor();
    expect(await page.getByTestId('step-up-code').count()).toBe(0);
    expect(await page.getByTestId('estate-scope-name').textContent()).toContain('GCP folder 700 (Engineering)');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('5 of 5 projects selected: 5 new, 0 connected already; 0 left out.');
    expect(await page.getByTestId('estate-counts-folders/710').textContent()).toBe('3 accounts · 3 new');
    await screenshot(page, 'estate-gcp-1-tree');
    await expectAccessible(page, 'connect the whole GCP estate, tree');

    await page.getByTestId('estate-ou-box-folders/720').uncheck();
    expect(await state(proj(4))).toBe('excluded');
    expect(await page.getByTestId('estate-counts').textContent()).toBe('3 of 5 projects selected: 3 new, 0 connected already; 2 left out.');
    await page.getByTestId('estate-connect').click();
    await page.getByTestId('step-up-code').waitFor();
    expect(await page.getByTestId('step-up-dialog').textContent()).toContain(`Validate and connect 3 Google Cloud projects of ${ORG}'s organisation or folder`);
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.getByTestId('step-up-verify').click();
    await expect.poll(() => page.getByTestId('many-progress').getAttribute('data-finished'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('many-count').textContent()).toBe('Done: 3 of 3 connected');
    await screenshot(page, 'estate-gcp-2-results');
    const connected = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.map((c) => c.identifier).sort();
    expect(connected).toEqual([proj(1), proj(2), proj(3)]);

    // A re-scan with the fields empty reads the folder connected from; the left-out folder stays out.
    await page.getByTestId('estate-gcpParent').fill('');
    await page.getByTestId('estate-projectId').fill('');
    await page.getByTestId('estate-projectNumber').fill('');
    await page.getByTestId('estate-scan').click();
    await expect.poll(() => page.getByTestId('estate-counts').textContent()).toBe('3 of 5 projects selected: 0 new, 3 connected already; 2 left out.');
    expect(await state(proj(5))).toBe('excluded');
  }, 60_000);
});
