import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserHost } from '../../main/browser-host/host.js';
import { openApp } from '../support/browser.js';
import { type Harness, createHarness } from '../support/harness.js';

/** The window has no log of its own: what breaks in it reaches main's log, cut to what the channel takes. */
describe("the window's own errors, in Chromium", () => {
  let h: Harness;
  let app: BrowserHost;
  beforeAll(async () => {
    h = await createHarness({ fileLog: true });
    app = await openApp(h);
  });
  afterAll(async () => {
    await app.close();
    h.close();
  });

  const log = () => {
    h.services.logger.flush();
    return readFileSync(h.services.logger.path!, 'utf8');
  };

  it('an unhandled rejection is logged, its message cut at 2,000 characters rather than refused', async () => {
    await app.page.getByTestId('org-list').waitFor();
    // A message longer than the channel takes: its start is kept; the stack (up to 8,000) still has it whole.
    await app.page.evaluate(() => {
      void Promise.reject(new Error(`window-canary-start ${'x'.repeat(2100)} window-canary-end`));
    });
    await expect.poll(log, { timeout: 5_000 }).toContain('renderer unhandled error');
    const line = log()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; message?: string; stack?: string })
      .find((l) => l.msg === 'renderer unhandled error')!;
    expect(line.message).toMatch(/^Error: window-canary-start x+$/);
    expect(line.message).toHaveLength(2000);
    expect(line.stack).toContain('window-canary-end');
  });
});
