import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';
import { resolve } from 'node:path';
import type { JWK } from 'jose';
import { PLATFORM_KEYS, type PinnedKey, TrustKeyError, parsePinnedKeys } from '../../jws/pinned-keys.js';
import { signCompactJws } from '../../jws/sign-jws.js';
import { JwsRejected } from '../../jws/verify-jws.js';
import { writeFileAtomic } from '../../platform/atomic-write.js';
import { PROFILE_TYP } from '../../profile/profile-format.js';
import { verifyProfile } from '../../profile/verify-profile.js';
import { parseStrictJson } from '../../jws/strict-json.js';
import { readInputFile } from '../input-file.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { type Command, type CommandContext, str } from './types.js';
import { safe } from '../terminal.js';

/** The platform's private signing key, as a private JWK (its type is checked with its public half). */
function privateKeyOf(text: string, file: string): KeyObject {
  let jwk: Record<string, unknown>;
  try {
    jwk = parseStrictJson(text.trim()) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(`${file} is not a JWK (${(error as Error).message}).`);
  }
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.d !== 'string') throw new CliUsageError(`${file} is not a private JWK (it has no "d").`);
  try {
    return createPrivateKey({ key: jwk as JWK & { kty: string }, format: 'jwk' });
  } catch (error) {
    throw new CliUsageError(`${file} is not a usable private key (${(error as Error).message}).`);
  }
}

/** The key's public half, pinned as an import pins it: Ed25519 or P-256 only, with its algorithm and fingerprint. */
async function signerOf(key: KeyObject, file: string): Promise<PinnedKey> {
  try {
    const [signer] = await parsePinnedKeys(JSON.stringify(createPublicKey(key).export({ format: 'jwk' })), file, PLATFORM_KEYS);
    return signer!;
  } catch (error) {
    if (error instanceof TrustKeyError) throw new CliUsageError(error.message);
    throw error;
  }
}

async function sign(ctx: CommandContext): Promise<number> {
  const keyFile = str(ctx, 'key');
  const inFile = str(ctx, 'in');
  const out = str(ctx, 'out');
  if (!keyFile || !inFile || !out) throw new CliUsageError('Use: profile sign --key PRIVATE_JWK --in PAYLOAD.json --out FILE.');
  const key = privateKeyOf(readInputFile(keyFile, 'private key', 64 * 1024), keyFile);
  const signer = await signerOf(key, keyFile);
  const { kid, alg } = signer;
  let payload: unknown;
  try {
    payload = parseStrictJson(readInputFile(inFile, 'profile payload', 2 * 1024 * 1024).trim());
  } catch (error) {
    throw new CliUsageError(`${inFile} is not JSON (${(error as Error).message}).`);
  }
  // The signer's public key rides along so a first import can show its fingerprint; it is never trusted for being there.
  const publicJwk = Object.fromEntries(Object.entries(signer.jwk).filter(([name]) => name !== 'kid' && name !== 'alg'));
  const jws = await signCompactJws({ alg, typ: PROFILE_TYP, kid, ...(ctx.values['bare'] === true ? {} : { jwk: publicJwk }) }, payload, key);
  // Refuse to write a profile the app would refuse: verify it as an import would (issuer from the payload itself).
  const issuer = typeof (payload as { iss?: unknown }).iss === 'string' ? (payload as { iss: string }).iss : '';
  try {
    await verifyProfile(jws, [signer], { nowSec: Math.floor(ctx.now() / 1000), issuer });
  } catch (error) {
    if (error instanceof JwsRejected) throw new CliUsageError(`Not written: the app would refuse this profile (${error.reason}): ${error.message}`);
    throw error;
  }
  const file = resolve(out);
  writeFileAtomic(file, `${jws}\n`, 0o644);
  if (ctx.json) printJson(ctx.io, { path: file, kid, alg });
  else ctx.io.out(safe`✓ wrote ${file}\n  signed ${alg}, key fingerprint ${kid}\n`);
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
