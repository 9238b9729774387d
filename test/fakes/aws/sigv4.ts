import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The parts of an `Authorization: AWS4-HMAC-SHA256 …` header. */
export interface SigV4Header {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

export function parseAuthorization(value: string | undefined): SigV4Header | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(value ?? '');
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Recompute a Signature Version 4 signature as AWS documents it (canonical request → string to
 * sign → derived key) and compare. The `host` header includes the port.
 */
export function verifySigV4(req: IncomingMessage, body: Buffer, auth: SigV4Header, secretAccessKey: string): boolean {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = auth.signedHeaders.map((name) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  const payloadHash = (req.headers['x-amz-content-sha256'] as string | undefined) ?? sha256(body);
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return false;
  const canonicalPath = url.pathname.split('/').map((seg) => encodeRfc3986(decodeURIComponent(seg))).join('/') || '/';
  const canonicalRequest = [req.method, canonicalPath, query, headers.join(''), auth.signedHeaders.join(';'), payloadHash].join('\n');
  const amzDate = req.headers['x-amz-date'] as string | undefined;
  if (!amzDate || !amzDate.startsWith(auth.date)) return false;
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, auth.date), auth.region), auth.service), 'aws4_request');
  return hmac(key, stringToSign).toString('hex') === auth.signature;
}
