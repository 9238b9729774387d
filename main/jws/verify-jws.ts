import { describeValue } from '../../shared/domain/describe.js';
import { compactVerify, errors as joseErrors } from 'jose';
import { decodeBase64urlStrict } from './base64url.js';
import type { PinnedKey } from './pinned-keys.js';
import { StrictJsonError, parseStrictJson } from './strict-json.js';

/** Every reason a signed file (a bundle, a profile) is refused; each has its own message. */
export const REJECTIONS = [
  'too_large',
  'malformed',
  'alg_none',
  'alg_hmac',
  'alg_not_pinned',
  'crit',
  'bad_header',
  'wrong_type',
  'unknown_kid',
  'bad_signature',
  'duplicate_key',
  'bad_payload',
  'inconsistent',
  'wrong_issuer',
  'wrong_audience',
  'expired',
  'not_yet_valid',
  'lifetime_too_long',
  'downgrade',
  'audit_mismatch',
  'wrong_bundle',
] as const;
export type Rejection = (typeof REJECTIONS)[number];

/** Why a signed file is refused: one reason, what it means, and what to do. */
export class JwsRejected extends Error {
  constructor(
    readonly reason: Rejection,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'JwsRejected';
  }
}

export interface StrictJwsOptions {
  /** The explicit type (RFC 8725 §3.11) this kind of file carries. */
  readonly typ: string;
  /** "bundle", "profile": how messages name the file. */
  readonly what: string;
  readonly maxBytes: number;
  /** What to do about a file that was changed or is not what it claims. */
  readonly redoHint: string;
  /** How to trust the right key when the signer is unknown. */
  readonly unknownKeyHint: string;
  /**
   * Profiles may carry their signer's public key as the "jwk" header, so a first import can show
   * its fingerprint; it is never trusted for being there, and it must match the "kid".
   */
  readonly allowEmbeddedJwk?: boolean;
}

export interface JwsHeader {
  readonly alg: string;
  readonly typ: string;
  readonly kid: string;
  readonly jwk?: unknown;
}

export interface VerifiedJws {
  readonly header: { readonly alg: string; readonly typ: string; readonly kid: string };
  readonly key: PinnedKey;
  readonly payload: unknown;
}

/** The only header members a file may carry; anything else (b64, jku, x5u, jwk, x5c, …) is refused. */
const HEADER_MEMBERS: ReadonlySet<string> = new Set(['alg', 'typ', 'kid']);
const HEADER_MEMBERS_WITH_JWK: ReadonlySet<string> = new Set(['alg', 'typ', 'kid', 'jwk']);

function decodeJson(part: string, what: string, options: StrictJwsOptions): unknown {
  const bytes = decodeBase64urlStrict(part);
  if (!bytes) throw new JwsRejected('malformed', `The ${what} is not canonical base64url, so the file was changed.`, options.redoHint);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new JwsRejected('malformed', `The ${what} is not UTF-8 text.`, options.redoHint);
  }
  // Strict I-JSON (RFC 7493), not one library's spelling: the signature covers the bytes exactly as
  // received, so any whitespace, member order or escapes another signer writes are fine. What is
  // refused is what could read two ways: a key named twice (JSON.parse keeps the last, another
  // parser the first), a lone surrogate, a number beyond what every language reads alike.
  try {
    return parseStrictJson(text, { ijson: true });
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    if (error.kind === 'duplicate_key') {
      throw new JwsRejected('duplicate_key', `The ${what} names the key "${error.key}" twice. Parsers disagree on which one counts, so the ${options.what} is ambiguous and refused.`, options.redoHint);
    }
    throw new JwsRejected('malformed', `The ${what} is not I-JSON (RFC 7493): ${error.message}.`, options.redoHint);
  }
}

/**
 * Everything about a compact JWS that can be checked before its signature: size, shape, canonical
 * encoding, strict JSON, and a header that is exactly what this kind of file carries.
 */
export function readStrictHeader(file: string, options: StrictJwsOptions): { compact: string; parts: readonly [string, string, string]; header: JwsHeader } {
  if (Buffer.byteLength(file, 'utf8') > options.maxBytes) {
    throw new JwsRejected('too_large', `The ${options.what} is ${Buffer.byteLength(file, 'utf8')} bytes; the limit is ${options.maxBytes}.`, options.redoHint);
  }
  // The file is the compact JWS and, optionally, one newline. Nothing else.
  const compact = file.endsWith('\n') ? file.slice(0, -1) : file;
  const parts = compact.split('.');
  if (parts.length === 5) throw new JwsRejected('malformed', `This is an encrypted JWE, not a signed ${options.what}.`, options.redoHint);
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1]) {
    throw new JwsRejected('malformed', 'This is not a compact JWS (three base64url parts separated by dots).', options.redoHint);
  }
  const header = decodeJson(parts[0], 'protected header', options);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new JwsRejected('malformed', 'The protected header is not a JSON object.', options.redoHint);
  const fields = header as Record<string, unknown>;
  const { alg, typ, kid, crit } = fields;
  if (typeof alg !== 'string') throw new JwsRejected('malformed', 'The protected header has no "alg".', options.redoHint);
  if (alg.toLowerCase() === 'none') {
    throw new JwsRejected('alg_none', `The ${options.what} is unsigned ("alg": "none"). Anyone could have written it.`, `Refuse it. Only a ${options.what} signed by a trusted key is accepted.`);
  }
  if (/^HS\d+$/i.test(alg)) {
    throw new JwsRejected(
      'alg_hmac',
      `The ${options.what} claims ${alg}, an HMAC algorithm. Keyed with the public key, anyone holding that public key could forge it.`,
      `Refuse it: a ${options.what} is only ever signed with a private key (EdDSA or ES256).`,
    );
  }
  if (crit !== undefined) throw new JwsRejected('crit', `The header marks extensions as critical (${JSON.stringify(crit)}) that this verifier does not implement.`, options.redoHint);
  const allowed = options.allowEmbeddedJwk ? HEADER_MEMBERS_WITH_JWK : HEADER_MEMBERS;
  const extra = Object.keys(fields).filter((k) => !allowed.has(k));
  if (extra.length) {
    throw new JwsRejected(
      'bad_header',
      `The header carries ${extra.map((k) => `"${k}"`).join(', ')}, which a ${options.what} never has (only ${[...allowed].join(', ')}); keys fetched from URLs or unencoded payloads are never honoured.`,
      options.redoHint,
    );
  }
  if (typeof typ !== 'string' || typ.toLowerCase() !== options.typ) {
    throw new JwsRejected('wrong_type', `The token's type is ${typ === undefined ? 'missing' : `"${describeValue(typ)}"`}, not "${options.typ}": it is some other JWT, not a ${options.what}.`, options.redoHint);
  }
  return { compact, parts: [parts[0], parts[1], parts[2]!], header: { alg, typ, kid: typeof kid === 'string' ? kid : '', ...(fields.jwk !== undefined ? { jwk: fields.jwk } : {}) } };
}

/**
 * Verify a compact JWS strictly. Every structural check runs before the signature (jose's
 * `compactVerify`, with the algorithm the pinned key fixes — never the one the header names);
 * claims are the caller's to check, and only after this returns.
 */
export async function verifyStrictJws(file: string, pinned: readonly PinnedKey[], options: StrictJwsOptions): Promise<VerifiedJws> {
  const { compact, parts, header } = readStrictHeader(file, options);
  const key = pinned.find((k) => k.kid === header.kid);
  const pinnedAlg = key?.alg ?? pinned[0]?.alg ?? 'EdDSA';
  if (header.alg !== pinnedAlg) {
    throw new JwsRejected('alg_not_pinned', `The ${options.what} claims ${header.alg}, but the trusted key pins ${pinnedAlg}.`, `Refuse it: the algorithm is taken from the trusted key, never from the ${options.what}.`);
  }
  if (!key) {
    throw new JwsRejected(
      'unknown_kid',
      `The ${options.what} was signed by key ${header.kid ? `"${header.kid}"` : '(no kid)'}, which is not among the trusted keys (${pinned.map((k) => k.kid).join(', ') || 'none'}).`,
      options.unknownKeyHint,
    );
  }
  const signature = decodeBase64urlStrict(parts[2]);
  if (!signature || signature.length !== 64) throw new JwsRejected('bad_signature', `The signature does not match: the ${options.what} was changed after it was signed, or signed by a different key.`, options.redoHint);
  try {
    await compactVerify(compact, key.publicKey, { algorithms: [key.alg] });
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) {
      throw new JwsRejected('bad_signature', `The signature does not match: the ${options.what} was changed after it was signed, or signed by a different key.`, options.redoHint);
    }
    throw error;
  }
  return { header: { alg: header.alg, typ: header.typ, kid: key.kid }, key, payload: decodeJson(parts[1], 'payload', options) };
}
