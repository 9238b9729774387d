import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import type { AwsFake } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';
import { type PlatformTestKey, platformKey, profilePayload, signProfile } from '../support/profile.js';

/** Issue 11: a new laptop is configured from its own window and a profile the platform signs. */
describe('first run: from nothing to ready with a platform profile, in Chromium', () => {
  let fake: AwsFake;
  let key: PlatformTestKey;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;

  beforeAll(async () => {
    const started = await startAwsFake();
    fake = started.fake;
    key = platformKey();
    // The AWS fake's endpoints and the engineer's session, but no partner account and no HMAC key:
    // what a field engineer's laptop has before the profile arrives.
    const env = awsEnv(fake, started.session);
    delete env.ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET;
    delete env.ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID;
    h = await createHarness({ env });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  it('says what is missing before the profile: the checklist, and a cloud card that can be read', async () => {
    await page.getByTestId('setup-checklist').waitFor();
    expect(await page.getByTestId('checklist-profile').getAttribute('data-done')).toBe('false');
    expect(await page.getByTestId('checklist-mfa').getAttribute('data-done')).toBe('false');
    expect(await page.getByTestId('checklist-mfa').textContent()).toContain('not on a shared screen');
    await screenshot(page, 'first-run-1-checklist-before');
    await expectAccessible(page, 'Organisations, first run');

    await page.getByTestId('new-org-id').fill('acme-corp');
    await page.getByTestId('add-org').click();
    // "Add and open" opens the new org's page on the wizard's first step.
    const card = page.getByTestId('choose-aws');
    await card.waitFor();
    expect(await card.textContent()).toContain('Not configured');
    expect(await card.textContent()).toContain("AlphaSwarm's AWS partner account id");
    // Reachable and readable: the radio is not disabled, but Next is until the cloud is set up.
    await card.click();
    expect(await page.getByTestId('next-2').isDisabled()).toBe(true);
    await screenshot(page, 'first-run-2-aws-not-configured');
    await expectAccessible(page, 'wizard step 1, nothing configured');
  });

  it('imports the profile from Settings (fingerprint confirmed first) and every screen then says ready', async () => {
    await page.goto(`${app.origin}/#/settings/profile`);
    await page.getByTestId('profile-import').waitFor();
    expect(await page.getByTestId('profile-state').textContent()).toBe('None imported');
    const text = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000)));
    await page.getByTestId('profile-file').setInputFiles({ name: 'jane.alphaswarm-profile', mimeType: 'application/jose', buffer: Buffer.from(text) });
    await page.getByTestId('profile-inspection').waitFor();
    expect(await page.getByTestId('profile-fingerprint').textContent()).toBe(key.kid);
    // Trust on first use: nothing is imported until the engineer says the fingerprint matches.
    expect(await page.getByTestId('profile-import-button').isDisabled()).toBe(true);
    await screenshot(page, 'first-run-3-profile-fingerprint');
    await expectAccessible(page, 'Settings, profile inspection');
    await page.getByTestId('profile-trust-confirm').check();
    // Pinning the key is a trust decision: a step-up code, then main's own confirmation page.
    await h.enrollMfa();
    expect(await page.getByTestId('profile-import-button').isDisabled()).toBe(true);
    await page.getByTestId('profile-code-input').fill(await h.nextCode());
    await page.getByTestId('profile-import-button').click();
    const confirmPage = async () => {
      for (;;) {
        const found = app.browser.contexts().filter((c) => c !== app.context).flatMap((c) => c.pages())[0];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const confirm = await confirmPage();
    await confirm.getByTestId('confirm-change-yes').waitFor();
    // Main's text, in a page the app's page cannot reach: the fingerprint and what the profile sets.
    expect(await confirm.getByTestId('confirm-change-detail').textContent()).toContain(`Fingerprint: ${key.kid}`);
    expect(await confirm.getByTestId('confirm-change-detail').textContent()).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 111122223333');
    expect(await confirm.evaluate('typeof globalThis.alphaswarm')).toBe('undefined');
    await screenshot(confirm, 'first-run-3b-main-confirms');
    // Main closes its page as soon as it has the answer: a click that ends with the page gone is a click that landed.
    await confirm.getByTestId('confirm-change-yes').click().catch((e: unknown) => {
      if (!confirm.isClosed()) throw e;
    });
    await expect.poll(() => page.getByTestId('profile-state').textContent()).toBe('In use');
    expect(await page.getByTestId('identity-status-aws').textContent()).toContain('Ready');
    expect(await page.getByTestId('setting-ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID').textContent()).toContain('from your platform profile');
    await screenshot(page, 'first-run-4-profile-imported');

    await page.goto(`${app.origin}/#/`);
    await page.getByTestId('setup-checklist').waitFor();
    expect(await page.getByTestId('checklist-profile').getAttribute('data-done')).toBe('true');
    await screenshot(page, 'first-run-5-checklist-after');
    await page.goto(`${app.origin}/#/accounts/acme-corp/integrations`);
    await page.getByTestId('open-wizard').click();
    expect(await page.getByTestId('choose-aws').textContent()).toContain('Ready');
    await page.getByTestId('choose-aws').click();
    await page.getByTestId('wizard-step-2').waitFor();
    expect(h.services.audit.list({ limit: 5, step: 'profile_import' }).rows[0]).toMatchObject({ outcome: 'succeeded' });
  });
});
