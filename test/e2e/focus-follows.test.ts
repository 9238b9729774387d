import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { openApp } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';

const ORG = 'acme-corp';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;

/**
 * Focus follows the work: after each action that replaces content, focus is on the new content's
 * heading or first field; after a prompt closes, back on what opened it. Never the page body.
 */
describe('focus follows, through the AWS wizard', () => {
  let fake: AwsFake;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    const started = await startAwsFake();
    fake = started.fake;
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex')] });
    h = await createHarness({ env: awsEnv(fake, started.session) });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  /** What has focus, as a test id or the element's own text. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'body';
      return el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 40)}`;
    });
  const expectFocus = (expected: string | RegExp, when: string) =>
    expect.poll(focused, { message: `focus after ${when}` }).toMatch(expected instanceof RegExp ? expected : new RegExp(`^${expected}$`));
  const stepHeading = (n: number) => new RegExp(`^step-heading$|Step ${n}`);

  it('walks every transition and checks document.activeElement', async () => {
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('open-wizard').click();
    await expectFocus('step-heading', 'Connect a cloud account');

    // Selecting a card (as arrow keys do) only selects it; Next goes on.
    await page.getByTestId('choose-aws').locator('input').check();
    await page.getByTestId('next-2').click();
    await page.getByTestId('wizard-step-2').waitFor();
    await expectFocus('step-heading', 'step 1 → 2');
    expect(await page.getByTestId('step-heading').textContent()).toMatch(stepHeading(2));

    await page.getByTestId('next-3').click();
    await expectFocus('step-heading', 'step 2 → 3');
    await page.getByTestId('target-roleArn').fill(ROLE_ARN);
    await page.getByTestId('validate-identity').click();

    // First enrolment: the dialog starts on its first real control, and Tab reaches the QR code and the code field.
    await page.getByTestId('mfa-enroll-start').waitFor();
    await expectFocus('mfa-enroll-begin', 'the enrolment dialog opens');
    await page.keyboard.press('Enter');
    await expectFocus('mfa-show-secret', 'Set up step-up MFA');
    await page.keyboard.press('Tab');
    await expectFocus('mfa-confirm-code', 'Tab after Show QR code');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expectFocus('mfa-confirm-code', 'Show QR code');

    // Escape on the prompt: back to the button that opened it.
    await page.keyboard.press('Escape');
    await expectFocus('validate-identity', 'Escape on the step-up prompt');

    await h.enrollMfa();
    await page.getByTestId('validate-identity').click();
    await page.getByTestId('step-up-code').waitFor();
    await expectFocus('step-up-code', 'the step-up prompt opens');
    await page.getByTestId('step-up-code').fill(await h.nextCode());
    await page.keyboard.press('Enter');
    await page.getByTestId('identity-result').waitFor();
    await expectFocus('identity-result', 'Validate identity');

    await page.getByTestId('next-4').click();
    await expectFocus('step-heading', 'step 3 → 4');
    await page.getByTestId('validate-permissions').click();
    await page.getByTestId('permissions-result').waitFor();
    await expectFocus('permissions-summary', 'Check permissions');

    await page.getByTestId('next-5').click();
    await expectFocus('step-heading', 'step 4 → 5');
    await page.getByTestId('save-connection').click();
    await page.getByTestId('saved-result').waitFor();
    await expectFocus('saved-title', 'Save');

    await page.getByTestId('wizard-done').click();
    await expectFocus('open-wizard', 'Done');
  });
});
