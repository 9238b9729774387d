import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { expectAccessible, openApp, screenshot } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';

/** Audit details as labelled fields: opened by keyboard, with every character of a long message. */
describe('audit details in Chromium', () => {
  let h: Harness;
  let app: BrowserHost;
  const LONG = `The cloud refused the call: ${'a long explanation that goes on '.repeat(12)}— the end.`;

  beforeAll(async () => {
    h = await createHarness();
    h.services.orgs.ensure('acme-corp');
    h.services.audit.append({ actor: 'app:test', orgId: 'acme-corp', cloud: 'aws', step: 'identity', outcome: 'failed', correlationId: null, detail: { error: 'cloud_denied', message: LONG, orgs: ['acme-corp', 'globex'] } });
    app = await openApp(h);
  });
  afterAll(async () => {
    await app.close();
    h.close();
  });

  it('shows the first field labelled, and opens to every field in full by keyboard', async () => {
    const page = app.page;
    await page.goto(`${app.origin}/#/audit`);
    const detail = page.locator('details.audit-detail').first();
    await detail.waitFor();
    expect(await detail.locator('summary').textContent()).toContain('Error code: cloud_denied');
    expect(await detail.getAttribute('open')).toBeNull();
    await detail.locator('summary').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getAttribute('open')).not.toBeNull();
    const fields = await detail.locator('dl div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent]));
    expect(fields).toEqual([
      ['Error code', 'cloud_denied'],
      ['Message', LONG],
      ['Organisations', 'acme-corp, globex'],
    ]);
    expect(await detail.locator('dd').nth(1).isVisible()).toBe(true);
    await screenshot(page, 'audit-detail-open');
    await expectAccessible(page, 'Audit log, a detail open');
  });
});
