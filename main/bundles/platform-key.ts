import { readFileSync } from 'node:fs';
import { CompactEncrypt, type JWK, calculateJwkThumbprint, importJWK } from 'jose';
import { AppError } from '../../shared/domain/errors.js';
import { parseStrictJson } from '../jws/strict-json.js';

/** Key-management algorithms a platform key may ask for; content is always A256GCM. */
const KEY_ALGS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['RSA-OAEP-256'],
  EC: ['ECDH-ES+A256KW'],
  OKP: ['ECDH-ES+A256KW'],
};
const CURVES: Readonly<Record<string, readonly string[]>> = { EC: ['P-256', 'P-384', 'P-521'], OKP: ['X25519'] };
export const CONTENT_ENCRYPTION = 'A256GCM';

export interface PlatformKey {
  readonly jwk: JWK;
  readonly alg: string;
  readonly kid: string;
}

const SETTING = 'ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY';

function invalid(message: string): AppError {
  return new AppError(
    'config_invalid',
    `${SETTING} ${message}`,
    `Set ${SETTING} to the platform's public encryption key as a JWK (RSA ≥ 2048 bits, EC P-256/384/521 or X25519), inline or as the path of a file holding it.`,
  );
}

/** The setting holds the JWK itself, or the path of a file that does. */
function parsePlatformKeyJwk(value: string): { jwk: JWK; alg: string } {
  let text = value.trim();
  if (!text.startsWith('{')) {
    try {
      text = readFileSync(text, 'utf8');
    } catch (error) {
      throw invalid(`names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  let jwk: JWK;
  try {
    jwk = parseStrictJson(text) as JWK;
  } catch (error) {
    throw invalid(`is not a JSON Web Key (${(error as Error).message}).`);
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw invalid('is not a JSON Web Key object.');
  if ('d' in jwk || 'p' in jwk) throw invalid('holds a private key. Give the public half only; the private half stays with the platform.');
  const allowed = KEY_ALGS[jwk.kty ?? ''];
  if (!allowed) throw invalid(`has key type "${String(jwk.kty)}"; use RSA, EC or OKP (X25519).`);
  if (CURVES[jwk.kty!] && !CURVES[jwk.kty!]!.includes(jwk.crv ?? '')) throw invalid(`uses curve "${String(jwk.crv)}"; use ${CURVES[jwk.kty!]!.join(', ')}.`);
  if (jwk.kty === 'RSA' && Buffer.from(jwk.n ?? '', 'base64url').length < 256) throw invalid('is an RSA key shorter than 2048 bits.');
  if (jwk.use !== undefined && jwk.use !== 'enc') throw invalid(`is marked for "${jwk.use}", not encryption.`);
  const alg = jwk.alg ?? allowed[0]!;
  if (!allowed.includes(alg)) throw invalid(`asks for algorithm "${alg}"; for a ${jwk.kty} key use ${allowed.join(' or ')}.`);
  return { jwk, alg };
}

export async function loadPlatformKey(value: string): Promise<PlatformKey> {
  const { jwk, alg } = parsePlatformKeyJwk(value);
  try {
    await importJWK(jwk, alg);
  } catch (error) {
    throw invalid(`cannot be used as a ${alg} key (${(error as Error).message}).`);
  }
  return { jwk, alg, kid: jwk.kid ?? (await calculateJwkThumbprint(jwk, 'sha256')) };
}

/** Encrypt one secret to the platform; the header binds it to the connection and the bundle. */
export async function encryptToPlatform(key: PlatformKey, plaintext: string, binding: Record<string, string>): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: key.alg, enc: CONTENT_ENCRYPTION, kid: key.kid, cty: 'alphaswarm-secret', ...binding })
    .encrypt(await importJWK(key.jwk, key.alg));
}
