import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * Resolve a URL path inside the built renderer folder, refusing anything that would leave it.
 * Shared by the app:// protocol and the Chromium fallback's HTTP server.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return notFound();
  }
  if (decoded.includes('\0')) return notFound();
  const rel = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = join(root, rel);
  const within = relative(root, full);
  if (within.startsWith('..') || within.includes(`..${sep}`)) return notFound();
  try {
    const body = await readFile(full);
    return { status: 200, body, contentType: MIME[extname(full)] ?? 'application/octet-stream' };
  } catch {
    return notFound();
  }
}

function notFound(): StaticFile {
  return { status: 404, body: Buffer.from('Not found'), contentType: 'text/plain; charset=utf-8' };
}
