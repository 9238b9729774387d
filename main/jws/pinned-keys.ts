import { describeValue } from '../../shared/domain/describe.js';
import { type KeyObject, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { StrictJsonError, parseStrictJson } from './strict-json.js';

/** A signature algorithm a pinned key may fix. The algorithm always comes from the key, never from a token. */
export type PinnedAlg = 'EdDSA' | 'ES256';

/** A public key someone chose to trust, with the one algorithm it pins and its RFC 7638 thumbprint. */
export interface PinnedKey {
  readonly kid: string;
  readonly alg: PinnedAlg;
  readonly publicKey: KeyObject;
  /** The public JWK exactly as pinned (kty, crv, x[, y], kid, alg). */
  readonly jwk: Readonly<Record<string, string>>;
}

export class TrustKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustKeyError';
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function coordinate(value: unknown, bytes: number): value is string {
  return typeof value === 'string' && B64URL.test(value) && Buffer.from(value, 'base64url').length === bytes;
}

/** Which key types a kind of trust list accepts: device keys are Ed25519; the platform also uses P-256. */
export interface KeyPolicy {
  readonly algs: readonly PinnedAlg[];
  /** Who signs with these keys, for messages ("AlphaSwarm devices", "the platform"). */
  readonly signer: string;
}

export const DEVICE_KEYS: KeyPolicy = { algs: ['EdDSA'], signer: 'AlphaSwarm devices sign with Ed25519 (kty "OKP", crv "Ed25519")' };
export const PLATFORM_KEYS: KeyPolicy = { algs: ['EdDSA', 'ES256'], signer: 'the platform signs profiles with Ed25519 (EdDSA) or P-256 (ES256)' };

async function one(raw: unknown, where: string, policy: KeyPolicy): Promise<PinnedKey> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TrustKeyError(`${where} is not a JWK object.`);
  const jwk = raw as Record<string, unknown>;
  if ('d' in jwk) throw new TrustKeyError(`${where} is a private key. Trust the public JWK only; the private half never leaves its owner.`);
  let alg: PinnedAlg;
  let publicJwk: Record<string, string>;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && policy.algs.includes('EdDSA')) {
    if (!coordinate(jwk.x, 32)) throw new TrustKeyError(`${where} has no valid Ed25519 public key "x".`);
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA' && jwk.alg !== 'Ed25519') throw new TrustKeyError(`${where} says "alg": "${describeValue(jwk.alg)}", which an Ed25519 key cannot use.`);
    alg = 'EdDSA';
    publicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  } else if (jwk.kty === 'EC' && jwk.crv === 'P-256' && policy.algs.includes('ES256')) {
    if (!coordinate(jwk.x, 32) || !coordinate(jwk.y, 32)) throw new TrustKeyError(`${where} has no valid P-256 public key ("x" and "y").`);
    if (jwk.alg !== undefined && jwk.alg !== 'ES256') throw new TrustKeyError(`${where} says "alg": "${describeValue(jwk.alg)}", which a P-256 key cannot use here (ES256 only).`);
    alg = 'ES256';
    publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  } else {
    throw new TrustKeyError(`${where} is a ${describeValue(jwk.kty)}${jwk.crv ? `/${describeValue(jwk.crv)}` : ''} key; ${policy.signer}.`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new TrustKeyError(`${where} is marked for "${describeValue(jwk.use)}", not signatures.`);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: publicJwk, format: 'jwk' });
  } catch {
    throw new TrustKeyError(`${where} is not a point on its curve.`);
  }
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  if (jwk.kid !== undefined && jwk.kid !== kid) throw new TrustKeyError(`${where} has kid "${describeValue(jwk.kid)}", but its thumbprint is "${kid}"; the file was edited or belongs to another key.`);
  return { kid, alg, publicKey, jwk: { ...publicJwk, kid, alg } };
}

/** A JWK, or a JWK Set of several trusted keys, from a file's (or a setting's) text. */
export async function parsePinnedKeys(text: string, source: string, policy: KeyPolicy): Promise<PinnedKey[]> {
  let parsed: unknown;
  try {
    parsed = parseStrictJson(text.trim());
  } catch (error) {
    throw new TrustKeyError(`${source} is not JSON${error instanceof StrictJsonError ? ` (${error.message})` : ''}.`);
  }
  if (typeof parsed === 'object' && parsed !== null && 'keys' in parsed) {
    const keys = (parsed).keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new TrustKeyError(`${source} is a JWK Set without keys.`);
    return Promise.all(keys.map((k, i) => one(k, `${source} key ${i + 1}`, policy)));
  }
  return [await one(parsed, source, policy)];
}

/** RFC 7638 thumbprint of an Ed25519 public key given by its "x". */
export function ed25519Thumbprint(x: string): Promise<string> {
  return calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }, 'sha256');
}
