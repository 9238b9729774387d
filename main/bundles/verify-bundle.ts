import { verify as verifySignature } from 'node:crypto';
import { canonicalJson, rowHash } from '../audit/canonical.js';
import { decodeBase64urlStrict } from './base64url.js';
import { BUNDLE_TYP, type BundlePayload, CLOCK_SKEW_SEC, bundlePayloadSchema } from './bundle-format.js';
import { issuerFor } from './device-key.js';
import { StrictJsonError, parseStrictJson } from './strict-json.js';
import type { TrustedKey } from './trusted-keys.js';

export const REJECTIONS = [
  'malformed',
  'alg_none',
  'alg_hmac',
  'alg_not_pinned',
  'crit',
  'wrong_type',
  'unknown_kid',
  'bad_signature',
  'duplicate_key',
  'bad_payload',
  'wrong_issuer',
  'wrong_audience',
  'expired',
  'not_yet_valid',
  'audit_mismatch',
] as const;
export type Rejection = (typeof REJECTIONS)[number];

/** Why a bundle is refused: one reason, what it means, and what to do. */
export class BundleRejected extends Error {
  constructor(
    readonly reason: Rejection,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'BundleRejected';
  }
}

export interface VerifiedBundle {
  readonly header: { alg: string; typ: string; kid: string };
  readonly payload: BundlePayload;
}

export interface VerifyOptions {
  readonly audience: string;
  readonly nowSec: number;
}

const REEXPORT = 'Ask the field engineer to export the bundle again and send the file unchanged.';

function decodeJson(part: string, what: string): unknown {
  const bytes = decodeBase64urlStrict(part);
  if (!bytes) throw new BundleRejected('malformed', `The ${what} is not canonical base64url, so the file was changed.`, REEXPORT);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleRejected('malformed', `The ${what} is not UTF-8 text.`, REEXPORT);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BundleRejected('malformed', `The ${what} is not JSON (${(error as Error).message}).`, REEXPORT);
  }
  // The app writes exactly JSON.stringify's output. Anything else — above all a key named twice,
  // which JSON.parse silently collapses — fails this comparison; the strict parser then says why.
  if (JSON.stringify(value) === text) return value;
  try {
    parseStrictJson(text);
  } catch (error) {
    if (error instanceof StrictJsonError && error.kind === 'duplicate_key') {
      throw new BundleRejected('duplicate_key', `The ${what} names the key "${error.key}" twice. Parsers disagree on which one counts, so the bundle is ambiguous and refused.`, REEXPORT);
    }
  }
  throw new BundleRejected('malformed', `The ${what} is not in the exact form the app writes (extra whitespace, escapes or number formats), so it was not made by "bundle export".`, REEXPORT);
}

const fmt = (sec: number) => new Date(sec * 1000).toISOString();

/**
 * The check the platform runs on a connection bundle. Strict by construction: the algorithm comes
 * from the trusted key, never from the header; every part must be canonical; JSON with a repeated
 * key is refused; and the claims are checked only after the signature holds.
 */
export function verifyBundle(file: string, trusted: readonly TrustedKey[], options: VerifyOptions): VerifiedBundle {
  // The file is the compact JWS and, optionally, one newline. Nothing else.
  const compact = file.endsWith('\n') ? file.slice(0, -1) : file;
  const parts = compact.split('.');
  if (parts.length === 5) throw new BundleRejected('malformed', 'This is an encrypted JWE, not a signed bundle.', 'Verify the .jws file that "bundle export" wrote.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1]) {
    throw new BundleRejected('malformed', 'This is not a compact JWS (three base64url parts separated by dots).', REEXPORT);
  }
  const [h, p, s] = parts as [string, string, string];

  const header = decodeJson(h, 'protected header');
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new BundleRejected('malformed', 'The protected header is not a JSON object.', REEXPORT);
  const { alg, typ, kid, crit } = header as Record<string, unknown>;
  if (typeof alg !== 'string') throw new BundleRejected('malformed', 'The protected header has no "alg".', REEXPORT);
  if (alg.toLowerCase() === 'none') {
    throw new BundleRejected('alg_none', 'The bundle is unsigned ("alg": "none"). Anyone could have written it.', 'Refuse it. Only bundles signed by a trusted device key are accepted.');
  }
  if (/^HS\d+$/i.test(alg)) {
    throw new BundleRejected(
      'alg_hmac',
      `The bundle claims ${alg}, an HMAC algorithm. Keyed with the public device key, anyone holding that public key could forge it.`,
      'Refuse it: device bundles are only ever signed with Ed25519 (EdDSA).',
    );
  }
  const key = trusted.find((k) => k.kid === kid);
  const pinned = key?.alg ?? trusted[0]?.alg ?? 'EdDSA';
  if (alg !== pinned) {
    throw new BundleRejected('alg_not_pinned', `The bundle claims ${alg}, but the trusted key pins ${pinned}.`, 'Refuse it: the algorithm is taken from the trusted key, never from the bundle.');
  }
  if (crit !== undefined) throw new BundleRejected('crit', `The header marks extensions as critical (${JSON.stringify(crit)}) that this verifier does not implement.`, REEXPORT);
  if (typeof typ !== 'string' || typ.toLowerCase() !== BUNDLE_TYP) {
    throw new BundleRejected('wrong_type', `The token's type is ${typ === undefined ? 'missing' : `"${String(typ)}"`}, not "${BUNDLE_TYP}": it is some other JWT, not a connection bundle.`, 'Verify a file made by "bundle export".');
  }
  if (!key) {
    throw new BundleRejected(
      'unknown_kid',
      `The bundle was signed by device key ${typeof kid === 'string' ? `"${kid}"` : '(no kid)'}, which is not among the trusted keys (${trusted.map((k) => k.kid).join(', ')}).`,
      "Compare the fingerprint with the one in the field engineer's Settings → Device signing key; trust that key only if they match.",
    );
  }

  const signature = decodeBase64urlStrict(s);
  if (!signature || signature.length !== 64 || !verifySignature(null, Buffer.from(`${h}.${p}`, 'ascii'), key.publicKey, signature)) {
    throw new BundleRejected('bad_signature', 'The signature does not match: the bundle was changed after it was signed, or signed by a different key.', REEXPORT);
  }

  const parsed = bundlePayloadSchema.safeParse(decodeJson(p, 'payload'));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleRejected('bad_payload', `The signed payload is not a version-1 bundle: ${issue.path.join('.') || 'payload'}: ${issue.message}.`, 'Update the verifier, or export the bundle again with this version of the app.');
  }
  const payload = parsed.data;
  if (payload.iss !== issuerFor(key.kid)) throw new BundleRejected('wrong_issuer', `The bundle says it is from "${payload.iss}", but it was signed by ${issuerFor(key.kid)}.`, REEXPORT);
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : payload.aud;
  if (!audiences.includes(options.audience)) {
    throw new BundleRejected('wrong_audience', `The bundle is for ${audiences.map((a) => `"${a}"`).join(', ')}, not "${options.audience}".`, 'Check --aud, or ask for a bundle exported for this platform (ALPHASWARM_ADMIN_PLATFORM_AUDIENCE).');
  }
  if (payload.exp <= options.nowSec - CLOCK_SKEW_SEC) {
    throw new BundleRejected('expired', `The bundle expired at ${fmt(payload.exp)}.`, 'Ask the field engineer to export a fresh bundle.');
  }
  const notBefore = Math.max(payload.nbf, payload.iat);
  if (notBefore > options.nowSec + CLOCK_SKEW_SEC) {
    throw new BundleRejected('not_yet_valid', `The bundle is not valid before ${fmt(notBefore)}; check this machine's clock and the laptop's.`, 'Fix the clock that is wrong, then verify again (or export again).');
  }
  checkAuditRows(payload);
  return { header: { alg, typ, kid: key.kid }, payload };
}

/** Each audit row must hash to what it claims, and the checkpoint must agree with the last row. */
function checkAuditRows(payload: BundlePayload): void {
  const { rows, checkpoint } = payload.bundle.audit;
  for (const row of rows) {
    const expected = rowHash(row.prevHash, [row.seq, row.ts, row.actor, row.orgId, row.cloud, row.step, row.outcome, row.correlationId, canonicalJson(row.detail)]);
    if (expected !== row.hash) throw new BundleRejected('audit_mismatch', `Audit row ${row.seq}'s hash does not match its content.`, 'The exporting device signed an altered audit row: investigate that laptop before trusting its bundles.');
    if (row.seq > checkpoint.rowCount) throw new BundleRejected('audit_mismatch', `Audit row ${row.seq} lies beyond the checkpoint (${checkpoint.rowCount} rows).`, REEXPORT);
    if (row.seq === checkpoint.rowCount && row.hash !== checkpoint.head) throw new BundleRejected('audit_mismatch', `The checkpoint head does not match audit row ${row.seq}.`, REEXPORT);
  }
}
