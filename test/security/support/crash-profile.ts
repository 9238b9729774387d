import { createPrivateKey, createPublicKey } from 'node:crypto';
import { type PlatformTestKey, platformExternalId, profilePayload, signProfile, thumbprint } from '../../support/profile.js';

/** The platform key from its private JWK (passed to a child process in its environment). */
export function keyFromJwk(privateJwk: Record<string, string>): PlatformTestKey {
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk = { kty: pub.kty!, crv: pub.crv!, x: pub.x! };
  return { alg: 'EdDSA', privateKey, publicJwk, privateJwk, kid: thumbprint(publicJwk) };
}

/**
 * Profile number i, the same bytes wherever it is made (Ed25519 signs deterministically), each
 * issued a second after the one before, so every import is newer than the one in use. It sets no
 * protected setting and no org's role name: a routine import, with no step-up code.
 */
export function crashProfile(privateJwk: Record<string, string>, baseSec: number, i: number): string {
  return signProfile(keyFromJwk(privateJwk), profilePayload(baseSec, { settings: {}, orgs: [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') }], jti: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, iat: baseSec - 100_000 + i, exp: baseSec + 300 * 86400 }));
}
