import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import type { PinnedAlg } from './pinned-keys.js';

/**
 * A compact JWS as the strict verifier reads it: the header holds only alg, typ and kid (and, for a
 * profile, its signer's public JWK). JSON.stringify's output is one valid I-JSON spelling; the
 * verifier accepts any other too, since the signature covers the bytes as sent.
 */
export async function signCompactJws(header: { alg: PinnedAlg; typ: string; kid: string; jwk?: Readonly<Record<string, string>> }, payload: unknown, privateKey: KeyObject): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: header.alg, typ: header.typ, kid: header.kid, ...(header.jwk ? { jwk: header.jwk } : {}) })
    .sign(privateKey);
}
