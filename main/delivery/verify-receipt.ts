import { createHash } from 'node:crypto';
import type { PinnedKey } from '../jws/pinned-keys.js';
import { JwsRejected, verifyStrictJws } from '../jws/verify-jws.js';
import { MAX_RECEIPT_BYTES, RECEIPT_TYP, type ReceiptPayload, receiptPayloadSchema } from './receipt-format.js';

/** Clock difference tolerated between the platform and the laptop. */
const CLOCK_SKEW_SEC = 60;

const RESEND = 'Nothing is marked delivered. Send the bundle again; if this repeats, report it to the platform team with the bundle id.';

/** What was sent: a receipt must be about exactly this. */
export interface SentBundle {
  /** The compact JWS exactly as sent (the request body). */
  readonly body: string;
  readonly jti: string;
  /** The `kid` of the bundle's header: the device key's thumbprint. */
  readonly deviceKid: string;
  /** Every connection the bundle carried. */
  readonly credentialKeys: readonly string[];
}

export interface ReceiptCheck {
  /** The platform's identity (ALPHASWARM_ADMIN_PLATFORM_AUDIENCE): the only acceptable `iss`. */
  readonly issuer: string;
  readonly nowSec: number;
}

export interface VerifiedReceipt {
  readonly kid: string;
  readonly payload: ReceiptPayload;
}

/** The lowercase hex SHA-256 of the bytes sent: what `bundle_sha256` must be. */
export function bundleSha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * A receipt, verified as strictly as a bundle (pinned platform key, algorithm from the key, typ,
 * I-JSON), then checked against what was sent: the same bundle (jti, SHA-256 of the exact bytes,
 * device), and every connection it carried named exactly once, accepted or rejected.
 */
export async function verifyReceipt(text: string, platformKeys: readonly PinnedKey[], sent: SentBundle, check: ReceiptCheck): Promise<VerifiedReceipt> {
  const verified = await verifyStrictJws(text, platformKeys, {
    typ: RECEIPT_TYP,
    what: 'receipt',
    maxBytes: MAX_RECEIPT_BYTES,
    redoHint: RESEND,
    unknownKeyHint:
      'The receipt is signed by a key this laptop does not trust as the platform. If the platform rotated its key, set ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS to its new public key; otherwise this answer did not come from your platform.',
  });
  const parsed = receiptPayloadSchema.safeParse(verified.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JwsRejected('bad_payload', `The receipt's content is not valid: ${issue.path.join('.') || 'payload'}: ${issue.message}.`, RESEND);
  }
  const p = parsed.data;
  if (p.iss !== check.issuer) throw new JwsRejected('wrong_issuer', `The receipt was issued by "${p.iss}", not by "${check.issuer}".`, 'Check ALPHASWARM_ADMIN_PLATFORM_AUDIENCE and ALPHASWARM_ADMIN_PLATFORM_URL.');
  if (p.iat > check.nowSec + CLOCK_SKEW_SEC) throw new JwsRejected('not_yet_valid', `The receipt was issued in the future (${new Date(p.iat * 1000).toISOString()}); check this laptop's clock.`, 'Set the clock automatically, then send again.');
  const wrong = (what: string, got: string, want: string) => new JwsRejected('wrong_bundle', `The receipt is for ${what} ${got}, but this bundle's is ${want}: it is not the receipt for what was sent.`, RESEND);
  if (p.bundle_jti !== sent.jti) throw wrong('bundle', p.bundle_jti, sent.jti);
  const sha = bundleSha256(sent.body);
  if (p.bundle_sha256 !== sha) throw wrong('the bytes with SHA-256', p.bundle_sha256, sha);
  if (p.device_kid !== sent.deviceKid) throw wrong('device key', p.device_kid, sent.deviceKid);
  const carried = new Set(sent.credentialKeys);
  const named = new Set<string>();
  for (const key of [...p.accepted, ...p.rejected.map((r) => r.credential_key)]) {
    if (!carried.has(key)) throw new JwsRejected('inconsistent', `The receipt names the connection ${JSON.stringify(key)}, which the bundle did not carry.`, RESEND);
    if (named.has(key)) throw new JwsRejected('inconsistent', `The receipt names the connection ${key} twice.`, RESEND);
    named.add(key);
  }
  const missing = sent.credentialKeys.filter((k) => !named.has(k));
  if (missing.length) throw new JwsRejected('inconsistent', `The receipt does not say what became of ${missing.join(', ')}.`, RESEND);
  return { kid: verified.key.kid, payload: p };
}
