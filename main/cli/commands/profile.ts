import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { resolve } from 'node:path';
import { CompactSign, type JWK, calculateJwkThumbprint } from 'jose';
import { PLATFORM_KEYS, parsePinnedKeys } from '../../jws/pinned-keys.js';
import { JwsRejected } from '../../jws/verify-jws.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { PROFILE_TYP } from '../../profile/profile-format.js';
import { verifyProfile } from '../../profile/verify-profile.js';
import { parseStrictJson } from '../../jws/strict-json.js';
import { readInputFile } from '../input-file.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { type Command, type CommandContext, str } from './types.js';

/** The platform's private signing key: Ed25519 (EdDSA) or P-256 (ES256), as a private JWK. */
function privateKeyOf(text: string, file: string): { key: KeyObject; alg: 'EdDSA' | 'ES256'; publicJwk: Record<string, string> } {
  let jwk: Record<string, unknown>;
  try {
    jwk = parseStrictJson(text.trim()) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(`${file} is not a JWK (${(error as Error).message}).`);
  }
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') throw new CliUsageError(`${file} is not a private JWK (it has no "d").`);
  const alg = jwk.kty === 'OKP' && jwk.crv === 'Ed25519' ? 'EdDSA' : jwk.kty === 'EC' && jwk.crv === 'P-256' ? 'ES256' : undefined;
  if (!alg) throw new CliUsageError(`${file} is a ${String(jwk.kty)}/${String(jwk.crv)} key; profiles are signed with Ed25519 (EdDSA) or P-256 (ES256).`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk as JWK & { kty: string }, format: 'jwk' });
  } catch (error) {
    throw new CliUsageError(`${file} is not a usable private key (${(error as Error).message}).`);
  }
  const pub = createPublicKey(key).export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: Record<string, string> = alg === 'EdDSA' ? { kty: 'OKP', crv: 'Ed25519', x: pub.x! } : { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! };
  return { key, alg, publicJwk };
}

async function sign(ctx: CommandContext): Promise<number> {
  const keyFile = str(ctx, 'key');
  const inFile = str(ctx, 'in');
  const out = str(ctx, 'out');
  if (!keyFile || !inFile || !out) throw new CliUsageError('Use: profile sign --key PRIVATE_JWK --in PAYLOAD.json --out FILE.');
  const { key, alg, publicJwk } = privateKeyOf(readInputFile(keyFile, 'private key', 64 * 1024), keyFile);
  let payload: unknown;
  try {
    payload = parseStrictJson(readInputFile(inFile, 'profile payload', 2 * 1024 * 1024).trim());
  } catch (error) {
    throw new CliUsageError(`${inFile} is not JSON (${(error as Error).message}).`);
  }
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  // The signer's public key rides along so a first import can show its fingerprint; it is never trusted for being there.
  const header = { alg, typ: PROFILE_TYP, kid, ...(ctx.values['bare'] === true ? {} : { jwk: publicJwk }) };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(key);
  // Refuse to write a profile the app would refuse: verify it as an import would (issuer from the payload itself).
  const pinned = await parsePinnedKeys(JSON.stringify(publicJwk), 'the signing key', PLATFORM_KEYS);
  const issuer = typeof (payload as { iss?: unknown }).iss === 'string' ? (payload as { iss: string }).iss : '';
  try {
    await verifyProfile(jws, pinned, { nowSec: Math.floor(ctx.now() / 1000), issuer });
  } catch (error) {
    if (error instanceof JwsRejected) throw new CliUsageError(`Not written: the app would refuse this profile (${error.reason}): ${error.message}`);
    throw error;
  }
  const file = resolve(out);
  writeFileAtomic(file, `${jws}\n`, 0o644);
  if (ctx.json) printJson(ctx.io, { path: file, kid, alg });
  else ctx.io.out(`✓ wrote ${file}\n  signed ${alg}, key fingerprint ${kid}\n`);
  return EXIT.ok;
}

/** `profile sign`: the platform side. Needs no data folder, keychain or settings. */
export const profileCommand: Command = {
  name: 'profile',
  usage: 'profile sign --key PRIVATE_JWK --in PAYLOAD.json --out FILE [--bare] [--json]',
  summary: "The platform's side: sign an engineer's profile (the format is in the README); checked as an import would check it.",
  needsServices: () => false,
  options: { key: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' }, bare: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (sub !== 'sign' || extra !== undefined) throw new CliUsageError('Use "profile sign --key PRIVATE_JWK --in PAYLOAD.json --out FILE".');
    return sign(ctx);
  },
};
