import type { Browser } from 'playwright-core';
import type { ChangePrompt, ConfirmChange } from '../settings/change-prompt.js';

/** Text as HTML text: main's prompt carries values from outside (a profile, a setting). */
function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function confirmPageHtml(prompt: ChangePrompt): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(prompt.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:46rem}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:1rem}button{font-size:15px;margin-right:1rem;padding:.5rem 1rem}</style>
</head><body><h1>${html(prompt.title)}</h1><p data-testid="confirm-change-message">${html(prompt.message)}</p>
<pre data-testid="confirm-change-detail">${html(prompt.detail)}</pre>
<button type="button" id="no" data-testid="confirm-change-no">Cancel</button><button type="button" id="yes" data-testid="confirm-change-yes">Confirm</button></body></html>`;
}

/**
 * The Chromium fallback's confirmation: a page main opens itself, in a browser context of its own
 * (no bridge, no storage or window shared with the app's page, so the renderer can neither script
 * nor answer it), showing main's text with two buttons. Closing it is a "no".
 */
export function confirmInOwnPage(browser: Browser): ConfirmChange {
  return async (prompt) => {
    const context = await browser.newContext({ viewport: { width: 820, height: 640 } });
    try {
      const page = await context.newPage();
      await page.setContent(confirmPageHtml(prompt));
      const closed = new Promise<boolean>((resolve) => page.once('close', () => resolve(false)));
      // The page's CSP allows no script of its own; main listens through the debugger protocol.
      // A script as text (as the bridge's): resolved by the first button clicked.
      const answered = page
        .evaluate<boolean>(
          `new Promise((resolve) => {
            document.getElementById('yes').addEventListener('click', () => resolve(true), { once: true });
            document.getElementById('no').addEventListener('click', () => resolve(false), { once: true });
          })`,
        )
        .catch(() => false);
      return await Promise.race([answered, closed]);
    } finally {
      await context.close().catch(() => undefined);
    }
  };
}
