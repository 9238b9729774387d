import { createHmac } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { openApp } from '../support/browser.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { type AzureWorld, SUBSCRIPTION_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { type GcpWorld, PROJECT_ID, PROJECT_NUMBER, startGcpWorld } from '../support/gcp-env.js';
import { ipc } from '../support/contracts.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

/**
 * What an engineer does on the call, from "new org" to a verified, saved connection: every click,
 * every typed field (Enter to submit is part of typing it) and every copy, logged and printed.
 * Step-up MFA is enrolled beforehand (once per laptop), so the one code of the call is counted.
 */
class Actions {
  readonly log: string[] = [];
  constructor(readonly page: Page) {}
  async click(what: Locator, why: string) {
    this.log.push(`click: ${why}`);
    await what.click();
  }
  async type(what: Locator, value: string, why: string, submit = false) {
    this.log.push(`type: ${why}`);
    await what.fill(value);
    if (submit) await what.press('Enter');
  }
  async copy(what: Locator, why: string) {
    this.log.push(`copy: ${why}`);
    await what.click();
    await expect.poll(() => what.textContent()).toContain('Copied');
  }
  count(kind: string) {
    return this.log.filter((l) => l.startsWith(`${kind}:`)).length;
  }
  report(cloud: string): number {
    const total = this.log.length;
    console.log(`${cloud}: ${total} actions (${this.count('click')} clicks, ${this.count('type')} typed fields, ${this.count('copy')} copies)\n  ${this.log.join('\n  ')}`);
    return total;
  }
}

/** New org → the wizard → a cloud: the same first three actions for every cloud. */
async function newOrgAndChoose(a: Actions, orgId: string, cloud: string) {
  await a.page.getByTestId('new-org-id').waitFor();
  await a.type(a.page.getByTestId('new-org-id'), orgId, 'the org id');
  await a.click(a.page.getByTestId('add-org'), 'Add and open');
  await a.click(a.page.getByTestId(`choose-${cloud}`), `the ${cloud} card`);
  await a.page.getByTestId('wizard-step-2').waitFor();
}

/** The one Validate's step-up code, then Save. */
async function codeAndSave(a: Actions, h: Harness) {
  await a.page.getByTestId('step-up-code').waitFor();
  await a.type(a.page.getByTestId('step-up-code'), await h.nextCode(), 'the step-up code', true);
  // All three checks pass, or the test says which did not.
  const stopped = a.page.locator('[data-testid^="error-step"], [data-testid="wizard-step-4"]');
  await a.page.getByTestId('save-connection').or(stopped).first().waitFor();
  if (await stopped.count()) throw new Error(`Validate stopped: ${await stopped.first().textContent()}`);
  expect(await a.page.getByTestId('validate-all-status').textContent()).toMatch(/Identity: validated.*Permissions: .*What it can see: listed/);
  await a.click(a.page.getByTestId('save-connection'), 'Save');
  await a.page.getByTestId('saved-result').waitFor();
}

describe('actions from "new org" to a verified, saved connection', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let cf: CloudflareWorld;
  let azure: AzureWorld;
  let gcp: GcpWorld;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    cf = await startCloudflareWorld();
    azure = await startAzureWorld();
    gcp = await startGcpWorld();
  });
  afterAll(async () => Promise.all([aws.stop(), cf.fake.stop(), azure.fake.stop(), gcp.fake.stop()]));

  /**
   * `ready`: the org entry of the engineer's platform profile says AlphaSwarm's side is done
   * (imported before the call, as the platform issues it), so step 2 shows the customer's tasks only.
   */
  async function run(env: Record<string, string>, cloud: string, steps: (a: Actions, h: Harness) => Promise<void>, ready?: { orgId: string; flag: 'azure_federated_credential_ready' | 'gcp_binding_ready' }): Promise<number> {
    const h = await createHarness({ env });
    await h.enrollMfa();
    if (ready) {
      const key = platformKey();
      const payload = profilePayload(Math.floor(h.clock.now() / 1000), { orgs: [{ org_id: ready.orgId, aws_external_id: platformExternalId(ready.orgId), [ready.flag]: true }] });
      await h.ok(ipc.settings.importProfile, { text: signProfile(key, payload), acceptFingerprint: key.kid, code: await h.freshCode() });
    }
    // The fakes check token times against the test's clock.
    if (cloud === 'Azure') azure.fake.now = () => h.clock.now();
    if (cloud === 'GCP') gcp.fake.now = () => h.clock.now();
    const app: BrowserHost = await openApp(h);
    try {
      const a = new Actions(app.page);
      await steps(a, h);
      return a.report(cloud);
    } finally {
      await app.close();
      h.close();
    }
  }

  it('AWS: at most 8', async () => {
    const org = 'acme-corp';
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: `alphaswarm-broker-${org}`, trustedAccountId: PARTNER_ACCOUNT, externalIds: [createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${org}`).digest('hex')] });
    const env = { ...awsEnv(aws, session), ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL: 'https://alphaswarm-public.s3.amazonaws.com/alphaswarm-broker-role.yaml' };
    const total = await run(env, 'AWS', async (a, h) => {
      await newOrgAndChoose(a, org, 'aws');
      // The customer's admin opens the quick-create link in their console: the engineer sends it.
      await a.copy(a.page.getByTestId('artifact-quick-create-link-copy'), 'the quick-create link, for the admin');
      await a.click(a.page.getByTestId('next-3'), 'Next: validate');
      // The admin reads out the account id (not the role ARN from the stack outputs).
      await a.type(a.page.getByTestId('target-roleArn'), CUSTOMER_ACCOUNT, 'the account id, then Enter to Validate', true);
      await codeAndSave(a, h);
    });
    expect(total).toBeLessThanOrEqual(8);
  });

  it('Cloudflare: at most 8', async () => {
    const token = cf.fake.addToken({ format: 'user', permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(75) });
    const total = await run(cf.env(), 'Cloudflare', async (a, h) => {
      await newOrgAndChoose(a, 'hooli', 'cloudflare');
      await a.click(a.page.getByTestId('open-link').first(), "the dashboard's prefilled token page");
      await a.click(a.page.getByTestId('next-3'), 'Next: validate');
      await a.type(a.page.getByTestId('target-token'), token.value, 'the token the admin created, then Enter to Validate', true);
      await codeAndSave(a, h);
    });
    expect(total).toBeLessThanOrEqual(8);
  });

  it('Azure: at most 11, the platform side done', async () => {
    const org = 'contoso';
    azure.setUpCustomer(org);
    const total = await run(
      azure.env(),
      'Azure',
      async (a, h) => {
        await newOrgAndChoose(a, org, 'azure');
        await a.page.getByTestId('platform-side-done').waitFor();
        expect(await a.page.getByTestId('audience-platform').count()).toBe(0);
        await a.type(a.page.getByTestId('bootstrap-tenantId'), TENANT_ID, 'the tenant id');
        await a.type(a.page.getByTestId('bootstrap-subscriptionId'), SUBSCRIPTION_ID, 'the subscription id');
        await expect.poll(() => a.page.getByTestId('placeholders-left').count(), { message: 'the artifacts follow the typed fields' }).toBe(0);
        await a.copy(a.page.getByTestId('copy-all-customer'), "the admin's consent link and role assignment, as one message");
        await a.click(a.page.getByTestId('next-3'), 'Next: validate');
        await a.click(a.page.getByTestId('validate-all'), 'Validate (tenant and subscription carried over)');
        await codeAndSave(a, h);
      },
      { orgId: org, flag: 'azure_federated_credential_ready' },
    );
    expect(total).toBeLessThanOrEqual(11);
  });

  it('GCP: at most 11, the platform side done', async () => {
    const org = 'initech';
    gcp.setUpCustomer(org);
    const total = await run(
      gcp.env(),
      'GCP',
      async (a, h) => {
        await newOrgAndChoose(a, org, 'gcp');
        await a.page.getByTestId('platform-side-done').waitFor();
        expect(await a.page.getByTestId('audience-platform').count()).toBe(0);
        await a.type(a.page.getByTestId('bootstrap-projectId'), PROJECT_ID, 'the project id');
        await a.type(a.page.getByTestId('bootstrap-projectNumber'), PROJECT_NUMBER, 'the project number');
        await expect.poll(() => a.page.getByTestId('placeholders-left').count(), { message: 'the artifacts follow the typed fields' }).toBe(0);
        await a.copy(a.page.getByTestId('copy-all-customer'), "the admin's pool, provider and grant commands, as one message");
        await a.click(a.page.getByTestId('next-3'), 'Next: validate');
        await a.click(a.page.getByTestId('validate-all'), 'Validate (project carried over)');
        await codeAndSave(a, h);
      },
      { orgId: org, flag: 'gcp_binding_ready' },
    );
    expect(total).toBeLessThanOrEqual(11);
  });
});
