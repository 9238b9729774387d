import type { Protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/csp.js';
import { readStaticFile } from '../security/static-files.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/** Must run before `app.ready`: app:// is standard and secure (so clipboard and fetch behave). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false },
} as const;

/** Serve the built renderer from app://renderer/, with the CSP as a header too. */
export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDir, url.pathname);
    return new Response(new Uint8Array(file.body), { status: file.status, headers: { 'Content-Type': file.contentType, ...SECURITY_HEADERS } });
  });
}
