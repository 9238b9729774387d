import { createHmac } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { openApp } from '../support/browser.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';

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
  await a.page.getByTestId('save-connection').waitFor();
  expect(await a.page.getByTestId('validate-all-status').textContent()).toMatch(/Identity: validated.*Permissions: .*What it can see: listed/);
  await a.click(a.page.getByTestId('save-connection'), 'Save');
  await a.page.getByTestId('saved-result').waitFor();
}

describe('actions from "new org" to a verified, saved connection', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let cf: CloudflareWorld;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    cf = await startCloudflareWorld();
  });
  afterAll(async () => Promise.all([aws.stop(), cf.fake.stop()]));

  async function run(env: Record<string, string>, cloud: string, steps: (a: Actions, h: Harness) => Promise<void>): Promise<number> {
    const h = await createHarness({ env });
    await h.enrollMfa();
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
});
