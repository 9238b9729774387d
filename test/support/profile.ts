import { type KeyObject, createHash, createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { PROFILE_TYP } from '../../main/profile/profile-format.js';

/** The platform's profile-signing key in a test: Ed25519 (EdDSA) or P-256 (ES256). */
export interface PlatformTestKey {
  readonly alg: 'EdDSA' | 'ES256';
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, string>;
  readonly privateJwk: Record<string, string>;
  readonly kid: string;
}

/** RFC 7638 by hand, so the tests do not lean on the code under test. */
export function thumbprint(jwk: Record<string, string>): string {
  const members = jwk.kty === 'OKP' ? `{"crv":"${jwk.crv}","kty":"OKP","x":"${jwk.x}"}` : `{"crv":"${jwk.crv}","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`;
  return createHash('sha256').update(members).digest('base64url');
}

export function platformKey(alg: 'EdDSA' | 'ES256' = 'EdDSA'): PlatformTestKey {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pub = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: Record<string, string> = alg === 'EdDSA' ? { kty: 'OKP', crv: 'Ed25519', x: pub.x! } : { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! };
  return { alg, privateKey, publicJwk, privateJwk: privateKey.export({ format: 'jwk' }) as Record<string, string>, kid: thumbprint(publicJwk) };
}

export const PLATFORM = 'https://alpha-swarm.ai/platform';
export const ENGINEER = { name: 'Jane Field', email: 'jane@alpha-swarm.ai' };

/** The external id the platform would derive for an org (what a profile carries). */
export function platformExternalId(orgId: string, key = 'platform-side-hmac-key-0123456789'): string {
  return createHmac('sha256', key).update(`aws:${orgId}`).digest('hex');
}

/** A profile payload valid at `nowSec` for a year; override any part. */
export function profilePayload(nowSec: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: PLATFORM,
    sub: ENGINEER.email,
    iat: nowSec - 60,
    exp: nowSec + 365 * 86400,
    jti: randomUUID(),
    engineer: ENGINEER,
    settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333' },
    orgs: [
      { org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') },
      { org_id: 'globex', aws_external_id: platformExternalId('globex'), aws_role_name: 'AlphaSwarmGlobex' },
    ],
    ...overrides,
  };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A signed profile from exact header and payload text (the forgery table writes the bytes it means). */
export function signProfileRaw(key: PlatformTestKey, headerJson: string, payloadJson: string): string {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  const signature = key.alg === 'EdDSA' ? sign(null, Buffer.from(input), key.privateKey) : sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64(signature)}`;
}

/** A well-formed profile: header {alg, typ, kid, jwk}, the payload as JSON.stringify writes it. */
export function signProfile(key: PlatformTestKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  return signProfileRaw(key, JSON.stringify({ alg: key.alg, typ: PROFILE_TYP, kid: key.kid, jwk: key.publicJwk, ...header }), JSON.stringify(payload));
}
