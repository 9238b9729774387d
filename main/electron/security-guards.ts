import type { Session, WebContents } from 'electron';
import { externalLinkProblem } from '../../shared/ipc/links.js';
import { isAppUrl } from './app-origin.js';

export type OpenExternal = (url: string) => Promise<void>;

/**
 * Window hardening in one place: no new windows (https links to known cloud consoles go to the
 * system browser instead), no navigation away from the app, no webviews, no permissions except
 * writing to the clipboard for the copy buttons.
 */
export function guardWebContents(contents: WebContents, openExternal: OpenExternal): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (!externalLinkProblem(url)) void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  // Sub-frames too (the CSP already forbids frames; this holds even if it were loosened).
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(contents.getURL()));
  });
  session.setPermissionCheckHandler((contents, permission) => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(contents?.getURL()));
}

/** Only https links to known cloud consoles ever reach the system browser. */
export function safeOpenExternal(shellOpenExternal: (url: string) => Promise<void>): OpenExternal {
  return async (url) => {
    const problem = externalLinkProblem(url);
    if (problem) throw new Error(problem);
    await shellOpenExternal(url);
  };
}
