import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { loadSigningKey } from '../../main/oidc/signing-key.js';

export const ISSUER = 'https://alpha-swarm.ai/oidc/';

/** A local issuer key, as `oidc keygen` would make one, and the JWKS the issuer would publish. */
export async function issuerKey(type: 'rsa' | 'ec' = 'rsa'): Promise<{ keyFile: string; jwks: JSONWebKeySet }> {
  const { privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyFile = join(mkdtempSync(join(tmpdir(), 'oidc-key-')), 'issuer.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const key = await loadSigningKey(keyFile);
  return { keyFile, jwks: { keys: [key.publicJwk] } };
}
