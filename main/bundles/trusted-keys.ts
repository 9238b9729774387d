import { type KeyObject, createPublicKey } from 'node:crypto';
import { ed25519Thumbprint } from './device-key.js';
import { StrictJsonError, parseStrictJson } from './strict-json.js';

/** A device key the verifier trusts, with the one algorithm it pins. */
export interface TrustedKey {
  readonly kid: string;
  readonly alg: 'EdDSA' | 'Ed25519';
  readonly publicKey: KeyObject;
}

export class TrustKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrustKeyError';
  }
}

function one(raw: unknown, where: string): TrustedKey {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new TrustKeyError(`${where} is not a JWK object.`);
  const jwk = raw as Record<string, unknown>;
  if ('d' in jwk) throw new TrustKeyError(`${where} is a private key. Trust the public JWK only ("device key --out" exports it); the private half never leaves the laptop.`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new TrustKeyError(`${where} is a ${String(jwk.kty)}${jwk.crv ? `/${String(jwk.crv)}` : ''} key; AlphaSwarm devices sign with Ed25519 (kty "OKP", crv "Ed25519").`);
  if (typeof jwk.x !== 'string' || Buffer.from(jwk.x, 'base64url').length !== 32) throw new TrustKeyError(`${where} has no valid Ed25519 public key "x".`);
  const alg = jwk.alg ?? 'EdDSA';
  if (alg !== 'EdDSA' && alg !== 'Ed25519') throw new TrustKeyError(`${where} says "alg": "${String(alg)}", which an Ed25519 key cannot use.`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new TrustKeyError(`${where} is marked for "${String(jwk.use)}", not signatures.`);
  const kid = ed25519Thumbprint(jwk.x);
  if (jwk.kid !== undefined && jwk.kid !== kid) throw new TrustKeyError(`${where} has kid "${String(jwk.kid)}", but its thumbprint is "${kid}"; the file was edited or belongs to another key.`);
  return { kid, alg, publicKey: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }) };
}

/** A JWK, or a JWK Set of several trusted devices, from a file's text. */
export function parseTrustedKeys(text: string, source: string): TrustedKey[] {
  let parsed: unknown;
  try {
    parsed = parseStrictJson(text.trim());
  } catch (error) {
    throw new TrustKeyError(`${source} is not JSON${error instanceof StrictJsonError ? ` (${error.message})` : ''}.`);
  }
  if (typeof parsed === 'object' && parsed !== null && 'keys' in parsed) {
    const keys = (parsed as { keys: unknown }).keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new TrustKeyError(`${source} is a JWK Set without keys.`);
    return keys.map((k, i) => one(k, `${source} key ${i + 1}`));
  }
  return [one(parsed, source)];
}
