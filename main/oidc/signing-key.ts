import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { AppError } from '../../shared/domain/errors.js';
import type { Clock } from '../platform/clock.js';
import { SUBJECT_TOKEN_LIFETIME_SEC, type SubjectTokenRequest, type SubjectTokenSource } from './subject-token-source.js';

export type SigningAlg = 'RS256' | 'ES256';

export interface LoadedSigningKey {
  readonly privateKey: KeyObject;
  readonly alg: SigningAlg;
  readonly kid: string;
  readonly publicJwk: JWK;
}

/** Load a PKCS#8 PEM private key (RSA ≥ 2048 bits → RS256, EC P-256 → ES256); kid = its RFC 7638 thumbprint. */
export async function loadSigningKey(path: string): Promise<LoadedSigningKey> {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('config_invalid', `The OIDC signing key file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Check ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE, or create one with "oidc keygen --out <file>".');
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new AppError('config_invalid', `${path} is not a PEM private key.`, 'Use a PKCS#8 PEM key (RSA 2048+ or EC P-256), for example from "oidc keygen --out <file>".');
  }
  const details = privateKey.asymmetricKeyDetails;
  let alg: SigningAlg;
  if (privateKey.asymmetricKeyType === 'rsa' && (details?.modulusLength ?? 0) >= 2048) alg = 'RS256';
  else if (privateKey.asymmetricKeyType === 'ec' && details?.namedCurve === 'prime256v1') alg = 'ES256';
  else {
    throw new AppError('config_invalid', `${path} holds a ${privateKey.asymmetricKeyType} key that cannot sign OIDC tokens here.`, 'Use an RSA key of at least 2048 bits (RS256) or an EC P-256 key (ES256).');
  }
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { privateKey, alg, kid, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** Signs subject tokens locally: for self-hosted issuers, and for tests. */
export class SigningKeyTokenSource implements SubjectTokenSource {
  readonly kind = 'signing-key' as const;
  private key: Promise<LoadedSigningKey> | undefined;

  constructor(
    readonly issuer: string,
    private readonly keyFile: string,
    private readonly clock: Clock,
  ) {}

  loadKey(): Promise<LoadedSigningKey> {
    this.key ??= loadSigningKey(this.keyFile).catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  async getToken(request: SubjectTokenRequest): Promise<string> {
    const key = await this.loadKey();
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: key.alg, typ: 'JWT', kid: key.kid })
      .setIssuer(this.issuer)
      .setSubject(request.subject)
      .setAudience(request.audience)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + SUBJECT_TOKEN_LIFETIME_SEC)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }
}
