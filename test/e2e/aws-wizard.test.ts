import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { codeAt } from '../../main/mfa/totp.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { chooseCloud, expectAccessible, openApp, revealEnrolmentSeed, screenshot } from '../support/browser.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';

const ORG = 'acme-corp';
const ROLE_NAME = 'alphaswarm-broker-acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

describe('AWS wizard in Chromium', () => {
  let fake: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    ({ fake, session } = await startAwsFake());
  });
  afterAll(async () => fake.stop());
  beforeEach(async () => {
    fake.roles.clear();
    fake.requests.length = 0;
    h = await createHarness({ env: awsEnv(fake, session) });
    app = await openApp(h);
    page = app.page;
  });
  afterEach(async () => {
    await app.close();
    h.close();
  });

  /** Type the current TOTP code into a field, moving the test clock so each code is fresh. */
  async function typeCode(seed: string, testId: string, submitId: string) {
    h.clock.advance(30_000);
    await page.getByTestId(testId).fill(await codeAt(seed, h.clock.now() / 1000));
    await page.getByTestId(submitId).click();
  }

  async function addOrgAndOpenWizard() {
    await page.getByTestId('new-org-id').fill(ORG);
    await page.getByTestId('new-org-name').fill('Acme Corp');
    await page.getByTestId('add-org').click();
    await page.waitForURL(/#\/accounts\/acme-corp\/integrations$/);
    await page.getByTestId('no-connections').waitFor();
    // "Add and open" opens the new org's page on the wizard's first step.
    await page.getByTestId('choose-aws').waitFor();
    await screenshot(page, 'aws-0-empty-org');
  }

  it('walks an empty org to a saved connection, MFA prompt included', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    await addOrgAndOpenWizard();
    await screenshot(page, 'aws-1-choose');
    await expectAccessible(page, 'step 1');
    await chooseCloud(page, 'aws');

    // Step 2: offline artifacts, one setup method at a time; a copy button that really fills the clipboard.
    await page.getByTestId('artifact-cloudformation-template').waitFor();
    expect(await page.getByTestId('artifact-trust-policy').count()).toBe(0);
    // A note about one method shows under that method only.
    expect(await page.getByTestId('bootstrap-notes').textContent()).not.toContain('StackSets');
    await page.getByTestId('method-stacksets').check();
    await expect.poll(() => page.getByTestId('bootstrap-notes').textContent()).toContain('StackSets in service-managed mode');
    await page.getByTestId('method-cli').check();
    await page.getByTestId('artifact-trust-policy').waitFor();
    expect(await page.getByTestId('artifact-cloudformation-template').count()).toBe(0);
    await expect.poll(() => page.getByTestId('external-id').textContent()).toBe(EXTERNAL_ID);
    await screenshot(page, 'aws-2-bootstrap');
    await page.getByTestId('artifact-trust-policy-copy').click();
    await expect.poll(() => page.getByTestId('artifact-trust-policy-copy').textContent()).toContain('Copied');
    const clipboard = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    expect(clipboard.Statement[0].Principal.AWS).toBe(`arn:aws:iam::${PARTNER_ACCOUNT}:root`);
    expect(clipboard.Statement[0].Condition.StringEquals['sts:ExternalId']).toBe(EXTERNAL_ID);
    await page.getByTestId('next-3').click();

    // Step 3: the role ARN, then the step-up prompt (first enrolment, then a code).
    await page.getByTestId('target-roleArn').fill(`  ${ROLE_ARN} `);
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('mfa-enroll-start').waitFor();
    await screenshot(page, 'aws-3a-mfa-enrol');
    const seed = await revealEnrolmentSeed(page);
    await screenshot(page, 'aws-3b-mfa-scan');
    await typeCode(seed, 'mfa-confirm-code', 'mfa-confirm');
    await page.getByTestId('step-up-code').waitFor();
    await screenshot(page, 'aws-3c-step-up');
    await typeCode(seed, 'step-up-code', 'step-up-verify');
    await page.getByTestId('identity-result').waitFor();
    expect(await page.getByTestId('identity-result').textContent()).toContain(CUSTOMER_ACCOUNT);
    await screenshot(page, 'aws-3d-identity');
    await page.getByTestId('next-4').click();

    // Step 4 and 4*: within the step-up window, no prompt.
    await page.getByTestId('validate-permissions').click();
    await page.getByTestId('permissions-result').waitFor();
    expect(await page.getByTestId('check-ec2:DescribeRegions').getAttribute('data-status')).toBe('granted');
    await page.getByTestId('enumerate').click();
    await page.getByTestId('enumeration').waitFor();
    expect(await page.getByTestId('enumeration').textContent()).toContain('eu-west-1');
    await screenshot(page, 'aws-4-permissions');
    await page.getByTestId('next-5').click();

    // Step 5: save, and the list shows it.
    await page.getByTestId('save-connection').click();
    await page.getByTestId('saved-result').waitFor();
    await screenshot(page, 'aws-5-saved');
    await page.getByTestId(`connection-aws-${CUSTOMER_ACCOUNT}`).waitFor();
    expect(await page.getByTestId(`connection-aws-${CUSTOMER_ACCOUNT}`).textContent()).toContain('Not yet sent');
    await screenshot(page, 'aws-6-list');
    expect(fake.requests.map((r) => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity', 'SimulatePrincipalPolicy', 'DescribeRegions']);
  });

  it('explains an AccessDenied with all three causes and the expected values', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: ['not-the-right-external-id'] });
    await h.enrollMfa();
    await h.stepUp(ORG);
    await addOrgAndOpenWizard();
    await chooseCloud(page, 'aws');
    await page.getByTestId('next-3').click();
    await page.getByTestId('target-roleArn').fill(ROLE_ARN);
    await page.getByTestId('validate-identity').click();
    const panel = page.getByTestId('error-step-3');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('The cloud said no');
    expect(text).toContain(`arn:aws:iam::${PARTNER_ACCOUNT}:root`);
    expect(text).toContain(EXTERNAL_ID);
    expect(text).toContain('Trust relationships');
    await screenshot(page, 'aws-failure-access-denied');
    expect(await page.getByTestId('next-4').isDisabled()).toBe(true);
  });
});
