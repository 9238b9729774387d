import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { TestClock } from '../support/clock.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';

/** Issue 19: a profile a Python platform signed, without its key in the header, imported from the window. */
const DIR = join(import.meta.dirname, '../fixtures/jose-interop');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { now_sec: number; kids: Record<string, string> };

/** The confirmation page main opens itself, in a browser context of its own (the app's page cannot reach it). */
async function mainConfirmPage(app: BrowserHost): Promise<Page> {
  await expect.poll(() => app.browser.contexts().filter((c) => c !== app.context).flatMap((c) => c.pages()).length).toBeGreaterThan(0);
  return app.browser.contexts().filter((c) => c !== app.context).flatMap((c) => c.pages())[0]!;
}

describe('a profile that does not carry its key: the window asks for the platform key file', () => {
  let h: Harness;
  let app: BrowserHost;
  let page: Page;
  beforeAll(async () => {
    h = await createHarness({ clock: new TestClock(manifest.now_sec * 1000) });
    app = await openApp(h);
    page = app.page;
  });
  afterAll(async () => {
    await app.close();
    h.close();
  });

  it('says the key is needed, offers to choose it, shows its fingerprint, and imports once confirmed', async () => {
    await page.goto(`${app.origin}/#/settings/profile`);
    await page.getByTestId('profile-import').waitFor();
    await page.getByTestId('profile-file').setInputFiles({ name: 'jose.profile', mimeType: 'application/jose', buffer: readFileSync(join(DIR, 'joserfc-eddsa.profile')) });
    await page.getByTestId('profile-error').waitFor();
    expect(await page.getByTestId('profile-error').textContent()).toMatch(/does not carry its signing key/);
    await page.getByTestId('profile-key-choose').waitFor();
    await screenshot(page, 'profile-key-file-1-needed');
    await expectAccessible(page, 'Settings, profile needs its key');

    await page.getByTestId('profile-key-file').setInputFiles({ name: 'platform.jwk.json', mimeType: 'application/json', buffer: readFileSync(join(DIR, 'platform-ed25519.jwk.json')) });
    await page.getByTestId('profile-inspection').waitFor();
    expect(await page.getByTestId('profile-fingerprint').textContent()).toBe(manifest.kids['platform-ed25519.jwk.json']);
    expect(await page.getByTestId('profile-inspection').textContent()).toContain('José Núñez');
    expect(await page.getByTestId('profile-import-button').isDisabled()).toBe(true);
    await page.getByTestId('profile-trust-confirm').check();
    // Pinning the key is a trust decision: a step-up code, then main's own confirmation page.
    await h.enrollMfa();
    await page.getByTestId('profile-code-input').fill(await h.nextCode());
    await screenshot(page, 'profile-key-file-2-inspected');
    await page.getByTestId('profile-import-button').click();
    const confirm = await mainConfirmPage(app);
    await confirm.getByTestId('confirm-change-yes').waitFor();
    expect(await confirm.getByTestId('confirm-change-detail').textContent()).toContain(`Fingerprint: ${manifest.kids['platform-ed25519.jwk.json']}`);
    // Main closes its page as soon as it has the answer: a click that ends with the page gone is a click that landed.
    await confirm.getByTestId('confirm-change-yes').click().catch((e: unknown) => {
      if (!confirm.isClosed()) throw e;
    });
    await expect.poll(() => page.getByTestId('profile-state').textContent()).toBe('In use');
    expect(h.services.profiles.status()).toMatchObject({ state: 'active', trust: { mode: 'first-use', fingerprints: [manifest.kids['platform-ed25519.jwk.json']] } });
  });
});
