import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { PlatformFake } from '../fakes/platform/platform-fake.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { storedConnection } from '../support/seed.js';

const ORG = 'acme-corp';
const ACCOUNT = '444455556666';

/**
 * Issue 19 in Chromium: sign in with a device code, Send to platform, the outbox delivering a queued
 * send once the platform is back, and a Refused connection. Main's waits are gated by the test: a
 * poll happens only when the test lets one happen, so nothing depends on the machine's speed.
 */
describe('delivery to the platform, in the window', () => {
  let fake: PlatformFake;
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  let waiting: (() => void)[] = [];
  /** Let every wait main is in finish (one poll interval passes on the test clock). */
  const tick = () => {
    const now = waiting;
    waiting = [];
    for (const go of now) go();
  };

  let key: ReturnType<typeof platformKey>;
  beforeAll(async () => {
    key = platformKey('EdDSA');
    fake = new PlatformFake({ alg: 'EdDSA', kid: key.kid, privateKey: key.privateKey });
    await fake.start();
    h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_URL: fake.url, ALPHASWARM_ADMIN_TEST_MODE: '1', ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify(key.publicJwk) } });
    fake.now = () => h.clock.now();
    h.clock.sleep = (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(new Error('aborted'));
        signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        waiting.push(() => {
          h.clock.advance(ms);
          resolve();
        });
      });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
    h.services.integrations.save(
      storedConnection({
        cloud: 'aws',
        orgId: ORG,
        record: { role_arn: `arn:aws:iam::${ACCOUNT}:role/alphaswarm-broker-${ORG}`, external_id: 'e'.repeat(64), region: 'us-east-1', account_id: ACCOUNT },
        connectedAt: new Date(h.clock.now()).toISOString(),
      }),
    );
    await h.enrollMfa();
    // The engineer's platform profile: deliveries go to the engineer it names, whom the platform
    // recognises by serving the same profile to her sign-in.
    const profile = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { settings: {}, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));
    await h.ok(ipc.settings.importProfile, { text: profile, code: await h.freshCode() });
    fake.profile = profile;
    await h.stepUp('__platform__');
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
    await fake.stop();
  });

  it('signs in with the code shown large; Cancel stops a sign-in', async () => {
    fake.deviceFlow = { pendingPolls: 1000, outcome: 'approve', slowDownAt: [] };
    await page.goto(`${app.origin}/#/settings`);
    await page.getByTestId('platform-sign-in').click();
    await page.getByTestId('platform-user-code').waitFor();
    await page.getByTestId('platform-cancel-sign-in').click();
    await page.getByTestId('platform-sign-in').waitFor();
    expect(await page.getByTestId('platform-sign-in-error').count()).toBe(0);

    await page.getByTestId('platform-sign-in').click();
    const code = (await page.getByTestId('platform-user-code').textContent())!.trim();
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    // About a quarter of an hour (the fake's 900 s), counted from the test clock, which the step-up
    // codes above moved a little ahead of the browser's.
    expect(await page.getByTestId('platform-countdown').textContent()).toMatch(/^1[4-6]:\d\d$/);
    await page.getByTestId('platform-open-page').click();
    await expect.poll(() => h.opened).toEqual([`${fake.url}/device?user_code=${code}`]);
    await screenshot(page, 'platform-1-device-code');
    await expectAccessible(page, 'settings with a device code');
    fake.approve(code);
    await expect.poll(async () => {
      tick();
      return page.getByTestId('platform-signed-in').count();
    }).toBe(1);
    await screenshot(page, 'platform-2-signed-in');
  });

  it('Refresh profile asks for the code when the new profile changes something protected; main confirms it in its own page', async () => {
    fake.profile = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '444455556666' }, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));
    await page.goto(`${app.origin}/#/settings`);
    await page.getByTestId('platform-refresh-profile').click();
    await page.getByTestId('platform-refresh-code-input').waitFor();
    expect(await page.getByTestId('platform-refresh-profile').isDisabled()).toBe(true);
    await page.getByTestId('platform-refresh-code-input').fill(await h.nextCode());
    await page.getByTestId('platform-refresh-profile').click();
    const confirm = await (async () => {
      for (;;) {
        const found = app.browser.contexts().filter((c) => c !== app.context).flatMap((c) => c.pages())[0];
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await confirm.getByTestId('confirm-change-yes').waitFor();
    expect(await confirm.getByTestId('confirm-change-detail').textContent()).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 444455556666');
    await confirm.getByTestId('confirm-change-yes').click().catch((e: unknown) => {
      if (!confirm.isClosed()) throw e;
    });
    await expect.poll(() => page.getByTestId('platform-refresh-result').textContent()).toContain('Imported your new profile');
    expect(await page.getByTestId('platform-refresh-code').count()).toBe(0);
    await screenshot(page, 'platform-2b-profile-refreshed');
  });

  it('Send to platform while the platform is down queues it; the outbox delivers it once the platform is back', async () => {
    fake.inject.push({ status: 503, retryAfter: '60' });
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('send-to-platform-button').click();
    const result = page.getByTestId('send-to-platform-result');
    await result.waitFor();
    expect(await result.getAttribute('data-state')).toBe('queued');
    expect(await result.textContent()).toContain('The platform answered 503');
    const row = page.locator(`[data-testid="connection-aws-${ACCOUNT}"]`);
    await expect.poll(() => row.getByTestId('delivery-queued').count()).toBe(1);
    await screenshot(page, 'platform-3-queued');

    h.clock.advance(61_000);
    await page.goto(`${app.origin}/#/settings`);
    const outbox = page.getByTestId('outbox-panel');
    await outbox.locator('[data-state="queued"]').waitFor();
    await page.getByTestId('outbox-flush').click();
    await outbox.locator('[data-state="delivered"]').waitFor();
    await screenshot(page, 'platform-4-outbox-delivered');
    expect([...fake.intakes.values()]).toEqual([1]);
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await expect.poll(() => row.getByTestId('delivery-delivered').count()).toBe(1);
  });

  it('a connection the platform refuses shows Refused with its reason, and counts as needing attention', async () => {
    fake.refuse.set(`CredentialKey("cloud_aws", "org:${ORG}")`, { reason: 'account_not_assigned', message: `The account ${ACCOUNT} is not registered for ${ORG}. Ask the platform team to add it, then send again.` });
    await page.goto(`${app.origin}/#/accounts/${ORG}/integrations`);
    await page.getByTestId('send-to-platform-button').click();
    await page.getByTestId('send-to-platform-result').waitFor();
    await page.goto(`${app.origin}/#/connections`);
    const row = page.locator(`[data-testid="connection-${ORG}-aws-${ACCOUNT}"]`);
    await expect.poll(() => row.getByTestId('delivery-refused').count()).toBe(1);
    expect(await row.getByTestId('delivery-reason').textContent()).toContain('is not registered for acme-corp');
    await screenshot(page, 'platform-5-refused');
    await expectAccessible(page, 'connections with a refused delivery');
  });

  // Last: it moves the test clock close to the profile's end.
  it('within 7 days of the profile’s end the app refreshes it on its own, and Settings says so', async () => {
    const exp = h.services.profiles.active()!.exp;
    h.clock.advance(exp * 1000 - 3 * 86_400_000 - h.clock.now());
    await page.goto(`${app.origin}/#/settings`);
    await expect.poll(() => page.getByTestId('profile-auto-refresh').textContent()).toContain('It ends within 7 days');
    const nowSec = Math.floor(h.clock.now() / 1000);
    fake.profile = signProfile(key, profilePayload(nowSec, { settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '444455556666' }, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));
    await h.services.platformBackgroundTick();
    await page.reload();
    await expect.poll(() => page.getByTestId('profile-auto-refreshed').count()).toBe(1);
    expect(await page.getByTestId('profile-auto-refreshed').textContent()).toMatch(/The app refreshed your profile from the platform at .*: Imported your new profile, valid until/);
    await page.getByTestId('platform-delivery-panel').screenshot({ path: 'test-results/e2e/platform-6-profile-refreshed-by-itself.png' });
    await expectAccessible(page, 'settings after an automatic profile refresh');
  });
});
