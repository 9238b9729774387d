import { type KeyObject, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson, GENESIS_HASH, rowHash } from '../../main/audit/canonical.js';
import { BUNDLE_TYP } from '../../main/bundles/bundle-format.js';
import { createHash } from 'node:crypto';
import { issuerFor } from '../../main/bundles/device-key.js';
import type { AuditRow } from '../../shared/domain/audit.js';

export const AUDIENCE = 'https://alpha-swarm.ai/platform';
export const NOW_SEC = 1_790_000_000;

export interface ForgeKey {
  readonly privateKey: KeyObject;
  readonly kid: string;
  readonly publicJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
}

export function ed25519Key(): ForgeKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
  // RFC 7638 by hand, so the forgery kit does not lean on the code it attacks.
  const kid = createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
  return { privateKey, kid, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** A JWS from raw header and payload text, so a test can write exactly the bytes it means. */
export function signRaw(headerJson: string, payloadJson: string, key: KeyObject): string {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  return `${input}.${b64(sign(null, Buffer.from(input), key))}`;
}

export function hmacRaw(headerJson: string, payloadJson: string, secret: string | Buffer): string {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function unsignedRaw(headerJson: string, payloadJson: string): string {
  return `${b64(headerJson)}.${b64(payloadJson)}.`;
}

export function auditRow(seq: number, prevHash: string): AuditRow {
  const row = { seq, ts: '2026-09-21T10:00:00.000Z', actor: 'cli:field@laptop', orgId: 'acme-corp', cloud: 'aws' as const, step: 'connect' as const, outcome: 'succeeded' as const, correlationId: null, detail: { role_arn: 'arn:aws:iam::444455556666:role/x' } };
  const hash = rowHash(prevHash, [row.seq, row.ts, row.actor, row.orgId, row.cloud, row.step, row.outcome, row.correlationId, canonicalJson(row.detail)]);
  return { ...row, prevHash, hash };
}

/** A well-formed payload for `key`, valid at NOW_SEC; override any part. */
export function payloadFor(kid: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const row = auditRow(1, GENESIS_HASH);
  return {
    iss: issuerFor(kid),
    aud: AUDIENCE,
    iat: NOW_SEC - 10,
    nbf: NOW_SEC - 10,
    exp: NOW_SEC + 3600,
    jti: '6f1c1a8e-3f56-4f7a-9b8e-0d7f1f7f2a11',
    bundle: {
      version: 2,
      exportedBy: { actor: 'cli:jane@alpha-swarm.ai', verified: true, engineer: { name: 'Jane Field', email: 'jane@alpha-swarm.ai' }, profileJti: '0b5a7a55-7c2e-4d7e-8f4e-1d2c3b4a5f60' },
      orgIds: ['acme-corp'],
      connections: [
        {
          cloud: 'aws',
          orgId: 'acme-corp',
          credentialKey: 'CredentialKey("cloud_aws", "org:acme-corp")',
          primary: true,
          identifier: '444455556666',
          label: 'alphaswarm-broker-acme-corp',
          status: 'connected',
          statusReason: null,
          record: { role_arn: 'arn:aws:iam::444455556666:role/alphaswarm-broker-acme-corp' },
          connectedAt: '2026-09-21T10:00:00.000Z',
          updatedAt: '2026-09-21T10:00:00.000Z',
          lastValidatedAt: '2026-09-21T10:00:00.000Z',
          expiresOn: null,
          hasSecret: false,
          rotation: 'Rotate the external-id key.',
          exportedAt: '2026-09-21T10:00:10.000Z',
          exportJti: '6f1c1a8e-3f56-4f7a-9b8e-0d7f1f7f2a11',
          sentToPlatform: true,
        },
      ],
      secrets: [],
      notes: [],
      audit: { rows: [row], checkpoint: { n: 1, rowCount: 1, head: row.hash, verifiedThrough: 1 } },
    },
    ...overrides,
  };
}

export function headerFor(kid: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ alg: 'EdDSA', typ: BUNDLE_TYP, kid, ...overrides });
}
