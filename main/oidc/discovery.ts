import type { JWK } from 'jose';
import type { LoadedSigningKey } from './signing-key.js';

/** What a self-hosted issuer must publish at `<issuer>.well-known/openid-configuration`. */
export function discoveryDocument(issuer: string, key: LoadedSigningKey) {
  const base = issuer.endsWith('/') ? issuer : `${issuer}/`;
  return {
    issuer,
    jwks_uri: `${base}jwks.json`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [key.alg],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'nbf', 'exp', 'jti'],
  };
}

export function jwks(key: LoadedSigningKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}
