import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUNDLE_TYP } from '../../main/bundles/bundle-format.js';
import { BundleRejected, type Rejection, verifyBundle } from '../../main/bundles/verify-bundle.js';
import { DEVICE_KEYS, TrustKeyError, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { AUDIENCE, NOW_SEC, auditRow, ed25519Key, headerFor, hmacRaw, payloadFor, signRaw, unsignedRaw } from '../support/bundle-forge.js';

const device = ed25519Key();
const stranger = ed25519Key();
const parseTrustedKeys = (text: string, source: string) => parsePinnedKeys(text, source, DEVICE_KEYS);
const trusted = await parseTrustedKeys(JSON.stringify(device.publicJwk), 'device.jwk.json');
const options = { audience: AUDIENCE, nowSec: NOW_SEC };
const good = () => signRaw(headerFor(device.kid), JSON.stringify(payloadFor(device.kid)), device.privateKey);
const signed = (header: string, body: string) => signRaw(header, body, device.privateKey);

async function rejection(bundle: string, opts = options): Promise<BundleRejected> {
  try {
    await verifyBundle(bundle, trusted, opts);
  } catch (error) {
    if (error instanceof BundleRejected) return error;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

describe('bundle verify accepts what a device signed', () => {
  it('a well-formed bundle verifies, with or without one trailing newline', async () => {
    expect((await verifyBundle(good(), trusted, options)).payload.bundle.connections).toHaveLength(1);
    expect((await verifyBundle(`${good()}\n`, trusted, options)).header).toEqual({ alg: 'EdDSA', typ: BUNDLE_TYP, kid: device.kid });
  });
  it('any valid JSON spelling verifies: the signature covers the bytes as sent, not one serializer', async () => {
    const spaced = signed(JSON.stringify(JSON.parse(headerFor(device.kid)), null, 2), JSON.stringify(payloadFor(device.kid), null, 1));
    expect((await verifyBundle(spaced, trusted, options)).payload.bundle.connections).toHaveLength(1);
  });
  it('a JWK Set of several devices is a valid trust list', async () => {
    const set = await parseTrustedKeys(JSON.stringify({ keys: [stranger.publicJwk, device.publicJwk] }), 'keys.json');
    expect((await verifyBundle(good(), set, options)).header.kid).toBe(device.kid);
  });
});

describe('bundle verify: the forgery table', () => {
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
  const es256 = () => {
    const input = `${Buffer.from(headerFor(device.kid, { alg: 'ES256' })).toString('base64url')}.${Buffer.from(JSON.stringify(payloadFor(device.kid))).toString('base64url')}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: ecKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  };
  const payload = (o: Record<string, unknown>) => JSON.stringify(payloadFor(device.kid, o));
  const row = auditRow(1, '0'.repeat(64));

  const table: [string, () => string, Rejection, RegExp][] = [
    ['alg "none" (unsigned)', () => unsignedRaw(headerFor(device.kid, { alg: 'none' }), payload({})), 'alg_none', /unsigned/],
    ['alg "None" in another case', () => unsignedRaw(headerFor(device.kid, { alg: 'None' }), payload({})), 'alg_none', /unsigned/],
    ['HS256 keyed with the public JWK', () => hmacRaw(headerFor(device.kid, { alg: 'HS256' }), payload({}), JSON.stringify(device.publicJwk)), 'alg_hmac', /HMAC.*public key/],
    ['HS256 keyed with the raw public key', () => hmacRaw(headerFor(device.kid, { alg: 'HS256' }), payload({}), Buffer.from(device.publicJwk.x, 'base64url')), 'alg_hmac', /HMAC/],
    ['ES256, an algorithm the key does not pin', es256, 'alg_not_pinned', /claims ES256, but the trusted key pins EdDSA/],
    ['RS256 in the header', () => signed(headerFor(device.kid, { alg: 'RS256' }), payload({})), 'alg_not_pinned', /pins EdDSA/],
    ['signed by an unknown key, with its own kid', () => signRaw(headerFor(stranger.kid), JSON.stringify(payloadFor(stranger.kid)), stranger.privateKey), 'unknown_kid', /not among the trusted keys/],
    ['no kid at all', () => signed(JSON.stringify({ alg: 'EdDSA', typ: BUNDLE_TYP }), payload({})), 'unknown_kid', /\(no kid\)/],
    ["the trusted kid, but another key's signature", () => signRaw(headerFor(device.kid), payload({}), stranger.privateKey), 'bad_signature', /signature does not match/],
    ['a critical extension', () => signed(headerFor(device.kid, { crit: ['b64'], b64: false }), payload({})), 'crit', /critical/],
    ['typ "JWT"', () => signed(headerFor(device.kid, { typ: 'JWT' }), payload({})), 'wrong_type', /"JWT", not "alphaswarm-bundle\+jwt"/],
    ['no typ', () => signed(JSON.stringify({ alg: 'EdDSA', kid: device.kid }), payload({})), 'wrong_type', /type is missing/],
    ['expired', () => signed(headerFor(device.kid), payload({ exp: NOW_SEC - 61 })), 'expired', /expired at/],
    ['not valid yet (nbf ahead)', () => signed(headerFor(device.kid), payload({ nbf: NOW_SEC + 3600 })), 'not_yet_valid', /not valid before/],
    ['issued in the future', () => signed(headerFor(device.kid), payload({ iat: NOW_SEC + 3600 })), 'not_yet_valid', /not valid before/],
    ['for another audience', () => signed(headerFor(device.kid), payload({ aud: 'https://evil.example' })), 'wrong_audience', /"https:\/\/evil\.example", not "https:\/\/alpha-swarm\.ai\/platform"/],
    ['from another device than signed it', () => signed(headerFor(device.kid), payload({ iss: `urn:alphaswarm:device:${stranger.kid}` })), 'wrong_issuer', /says it is from/],
    ['a duplicate key in the header', () => signed(`{"alg":"EdDSA","typ":"${BUNDLE_TYP}","kid":"${device.kid}","kid":"other"}`, payload({})), 'duplicate_key', /"kid" twice/],
    ['a duplicate key in the signed payload', () => signed(headerFor(device.kid), payload({}).replace('"aud":', '"aud":"https://evil.example","aud":')), 'duplicate_key', /"aud" twice/],
    ['a duplicate key spelt with an escape', () => signed(headerFor(device.kid), payload({}).replace('"aud":', '"a\\u0075d":"https://evil.example","aud":')), 'duplicate_key', /"aud" twice/],
    ['a lone surrogate in the signed payload', () => signed(headerFor(device.kid), payload({}).replace('"aud":', '"note":"\\ud800","aud":')), 'malformed', /not I-JSON.*lone surrogate/],
    ['a number beyond 2^53 in the signed payload', () => signed(headerFor(device.kid), payload({}).replace(/"exp":\d+/, '"exp":9007199254740993')), 'malformed', /not I-JSON.*9007199254740993 .*not a whole number/],
    ['a byte-order mark before the header', () => signed(`\ufeff${headerFor(device.kid)}`, payload({})), 'malformed', /not I-JSON/],
    ['a signed payload without exp', () => signed(headerFor(device.kid), JSON.stringify({ ...payloadFor(device.kid), exp: undefined })), 'bad_payload', /exp/],
    ['a signed audit row whose hash is not its content', () => signed(headerFor(device.kid), payload({ bundle: { ...(payloadFor(device.kid).bundle as object), audit: { rows: [{ ...row, outcome: 'failed' }], checkpoint: { n: 1, rowCount: 1, head: row.hash, verifiedThrough: 1 } } } })), 'audit_mismatch', /row 1's hash/],
    ['an encrypted JWE instead', () => 'eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a.b.c.d', 'malformed', /encrypted JWE/],
    ['two trailing newlines', () => `${good()}\n\n`, 'malformed', /not a compact JWS/],
    ['a JSON serialisation instead of compact', () => JSON.stringify({ payload: 'x', signatures: [] }), 'malformed', /not a compact JWS/],
  ];

  for (const [name, make, reason, message] of table) {
    it(`rejects ${name} (${reason})`, async () => {
      const r = await rejection(make());
      expect(r.reason).toBe(reason);
      expect(r.message).toMatch(message);
      expect(r.hint.length).toBeGreaterThan(10);
    });
  }

  it('every rejection reason has its own message', async () => {
    const messages = new Map<string, string>();
    for (const [, make, reason] of table) messages.set(reason, (await rejection(make())).message.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, 'T'));
    expect(new Set(messages.values()).size).toBe(messages.size);
  });

  it('rejects any changed byte, anywhere in the file', async () => {
    const bundle = good();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    let accepted = 0;
    for (let i = 0; i < bundle.length; i++) {
      for (const replacement of [alphabet[(alphabet.indexOf(bundle[i]!) + 1) % alphabet.length]!, '=']) {
        const changed = bundle.slice(0, i) + replacement + bundle.slice(i + 1);
        try {
          await verifyBundle(changed, trusted, options);
          accepted++;
        } catch (error) {
          expect(error).toBeInstanceOf(BundleRejected);
        }
      }
    }
    expect(accepted).toBe(0);
  });

  it('rejects the second spelling of the last signature character (unused base64url bits)', async () => {
    const bundle = good();
    const last = bundle.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 64 bytes leave 4 unused bits in the last character: these 15 spellings decode identically.
    const base = alphabet.indexOf(last) & ~0b1111;
    const twins = [...Array(16).keys()].map((k) => alphabet[base + k]!).filter((c) => c !== last);
    for (const twin of twins) {
      const forged = bundle.slice(0, -1) + twin;
      expect(Buffer.from(forged.split('.')[2]!, 'base64url')).toEqual(Buffer.from(bundle.split('.')[2]!, 'base64url'));
      expect((await rejection(forged)).reason).toBe('bad_signature');
    }
  });

  it('honours the clock skew of a minute, no more', async () => {
    await expect(verifyBundle(signed(headerFor(device.kid), payload({ iat: NOW_SEC - 3600, nbf: NOW_SEC - 3600, exp: NOW_SEC - 30 })), trusted, options)).resolves.toBeDefined();
    await expect(verifyBundle(signed(headerFor(device.kid), payload({ iat: NOW_SEC + 30, nbf: NOW_SEC + 30 })), trusted, options)).resolves.toBeDefined();
  });
});

describe('trusted keys', () => {
  const refuse = async (jwk: unknown) => {
    try {
      await parseTrustedKeys(JSON.stringify(jwk), 'trust.json');
    } catch (error) {
      expect(error).toBeInstanceOf(TrustKeyError);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };
  it('refuses a private key, another key type, a mislabelled kid and a non-signing alg', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(await refuse(privateKey.export({ format: 'jwk' }))).toMatch(/private key/);
    expect(await refuse(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }))).toMatch(/EC\/P-256 key; AlphaSwarm devices sign with Ed25519/);
    expect(await refuse({ ...device.publicJwk, kid: stranger.kid })).toMatch(/thumbprint/);
    expect(await refuse({ ...device.publicJwk, alg: 'HS256' })).toMatch(/cannot use/);
    expect(await refuse({ keys: [] })).toMatch(/without keys/);
    await expect(parseTrustedKeys('{"kty":"OKP","kty":"OKP"}', 'dup.json')).rejects.toThrow(/not JSON .*twice/);
  });
});
