import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Rejection, JwsRejected } from '../../main/jws/verify-jws.js';
import { PLATFORM_KEYS, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { type SentBundle, verifyReceipt } from '../../main/delivery/verify-receipt.js';
import { makeVectors } from '../../scripts/platform-api-vectors.js';
import { thumbprint } from '../support/profile.js';

const v = await makeVectors();
const platformKey = createPrivateKey({ key: v.platformPrivateJwk, format: 'jwk' });
const pinned = await parsePinnedKeys(JSON.stringify(v.platformPublicJwk), 'platform', PLATFORM_KEYS);
const sent: SentBundle = { body: v.bundle, jti: v.bundlePayload.jti, deviceKid: v.bundleHeader.kid!, credentialKeys: v.bundlePayload.bundle.connections.map((c) => c.credentialKey) };
const check = { issuer: v.receiptPayload.iss, nowSec: v.nowSec };
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A receipt from exact header and payload objects, signed by `key` (the platform's unless said). */
function receipt(payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}, key = platformKey): string {
  const input = `${b64(JSON.stringify({ ...v.receiptHeader, ...header }))}.${b64(JSON.stringify({ ...v.receiptPayload, ...payload }))}`;
  return `${input}.${b64(sign(null, Buffer.from(input), key))}`;
}

async function refusal(text: string, to: SentBundle = sent): Promise<JwsRejected> {
  try {
    await verifyReceipt(text, pinned, to, check);
  } catch (error) {
    if (error instanceof JwsRejected) return error;
    throw error;
  }
  throw new Error('the receipt was accepted');
}

describe('receipts: verified as strictly as a bundle, and only for what was sent', () => {
  it('the documented receipt verifies, in any JSON spelling the platform writes', async () => {
    expect((await verifyReceipt(v.receipt, pinned, sent, check)).payload.accepted).toEqual(['CredentialKey("cloud_aws", "org:acme-corp")']);
    const input = `${b64(JSON.stringify(v.receiptHeader, null, 1))}.${b64(JSON.stringify(v.receiptPayload, null, 2))}`;
    await expect(verifyReceipt(`${input}.${b64(sign(null, Buffer.from(input), platformKey))}`, pinned, sent, check)).resolves.toMatchObject({ kid: v.receiptHeader.kid });
  });

  const stranger = generateKeyPairSync('ed25519').privateKey;
  const strangerKid = thumbprint({ kty: 'OKP', crv: 'Ed25519', x: (stranger.export({ format: 'jwk' }) as { x: string }).x });
  const other = 'eyJhbGciOiJFZERTQSJ9.e30.' + 'A'.repeat(86);
  const table: [string, () => string, SentBundle, Rejection, RegExp][] = [
    ['signed by an unpinned key', () => receipt({}, { kid: strangerKid }, stranger), sent, 'unknown_kid', /not among the trusted keys/],
    ['signed by an unpinned key under the pinned kid', () => receipt({}, {}, stranger), sent, 'bad_signature', /signature does not match/],
    ['a bundle or profile instead of a receipt', () => receipt({}, { typ: 'alphaswarm-bundle+jwt' }), sent, 'wrong_type', /not "alphaswarm-receipt\+jwt"/],
    ['for another bundle (jti)', () => receipt({ bundle_jti: '00000000-0000-4000-8000-000000000000' }), sent, 'wrong_bundle', /not the receipt for what was sent/],
    ['for other bytes with the same jti', () => v.receipt, { ...sent, body: other }, 'wrong_bundle', /SHA-256/],
    ['for another device', () => receipt({ device_kid: strangerKid }), sent, 'wrong_bundle', /device key/],
    ['naming a connection the bundle did not carry', () => receipt({ accepted: [...v.receiptPayload.accepted, 'CredentialKey("cloud_azure", "org:acme-corp")'] }), sent, 'inconsistent', /did not carry/],
    ['naming a connection twice', () => receipt({ accepted: [...v.receiptPayload.accepted, v.receiptPayload.rejected[0]!.credential_key] }), sent, 'inconsistent', /twice/],
    ['leaving a connection out', () => receipt({ rejected: [] }), sent, 'inconsistent', /does not say what became of CredentialKey\("cloud_gcp"/],
    ['from another issuer', () => receipt({ iss: 'https://evil.example/platform' }), sent, 'wrong_issuer', /issued by/],
    ['issued in the future', () => receipt({ iat: v.nowSec + 3600 }), sent, 'not_yet_valid', /future/],
    ['with terminal escapes in a reason message', () => receipt({ rejected: [{ ...v.receiptPayload.rejected[0]!, message: 'ok\u001b]8;;https://evil.example\u0007click' }] }), sent, 'bad_payload', /plain text/],
    ['with a bidi override in a reason message', () => receipt({ rejected: [{ ...v.receiptPayload.rejected[0]!, message: 'refused \u202egnp.exe' }] }), sent, 'bad_payload', /plain text/],
    ['with an unknown member', () => receipt({ delivered: true }), sent, 'bad_payload', /delivered/],
  ];
  for (const [name, make, to, reason, message] of table) {
    it(`refuses a receipt ${name} (${reason})`, async () => {
      const e = await refusal(make(), to);
      expect(e.reason).toBe(reason);
      expect(e.message).toMatch(message);
      expect(e.hint).toMatch(/Nothing is marked delivered|ALPHASWARM_ADMIN_PLATFORM|clock|receipt/);
    });
  }
});
