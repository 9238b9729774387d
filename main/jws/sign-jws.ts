import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import type { PinnedAlg } from './pinned-keys.js';

/**
 * A compact JWS in the exact form the strict verifier expects: the header holds only alg, typ and
 * kid (and, for a profile, its signer's public JWK), and both parts are JSON.stringify's output
 * (no whitespace, no duplicate keys).
 */
export async function signCompactJws(header: { alg: PinnedAlg; typ: string; kid: string; jwk?: Readonly<Record<string, string>> }, payload: unknown, privateKey: KeyObject): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: header.alg, typ: header.typ, kid: header.kid, ...(header.jwk ? { jwk: header.jwk } : {}) })
    .sign(privateKey);
}
