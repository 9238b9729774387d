/**
 * The test vectors of docs/platform-api.md: a device key, a platform key, a bundle signed by the
 * device and the platform's receipt for it, made with the app's own signer and checked with its
 * own verifiers before they are written. Keys come from fixed, published seeds (test keys only),
 * Ed25519 signatures are deterministic and every time is fixed, so the output never changes unless
 * the formats do; test/integration/platform-api-doc.test.ts fails when the document drifts.
 *
 *   npx tsx scripts/platform-api-vectors.ts          check docs/platform-api.md (exit 1 if it drifted)
 *   npx tsx scripts/platform-api-vectors.ts --write  rewrite its generated section
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GENESIS_HASH, canonicalJson, rowHash } from '../main/audit/canonical.js';
import { BUNDLE_TYP, type BundlePayload } from '../main/bundles/bundle-format.js';
import { issuerFor } from '../main/bundles/device-key.js';
import { verifyBundle } from '../main/bundles/verify-bundle.js';
import { bundleSha256, verifyReceipt } from '../main/delivery/verify-receipt.js';
import { RECEIPT_TYP, type ReceiptPayload } from '../main/delivery/receipt-format.js';
import { DEVICE_KEYS, PLATFORM_KEYS, parsePinnedKeys } from '../main/jws/pinned-keys.js';
import { signCompactJws } from '../main/jws/sign-jws.js';
import { RECORD_SCHEMAS } from '../main/providers/stored-records.js';

export const DOC = join(import.meta.dirname, '..', 'docs', 'platform-api.md');
export const BEGIN = '<!-- BEGIN GENERATED TEST VECTORS: npx tsx scripts/platform-api-vectors.ts --write -->';
export const END = '<!-- END GENERATED TEST VECTORS -->';

const PLATFORM = 'https://alpha-swarm.ai/platform';
/** 2026-09-21T14:13:20Z; the vectors verify at any time from IAT to EXP. */
const IAT = 1_790_000_000;
const EXP = IAT + 24 * 3600;

function ed25519FromSeed(label: string): { privateKey: KeyObject; privateJwk: Record<string, string>; publicJwk: Record<string, string> } {
  const seed = createHash('sha256').update(`alphaswarm platform-api v1 test vector: ${label}`).digest();
  // PKCS#8 for Ed25519 is a fixed 16-byte prefix and the 32-byte seed (RFC 8410).
  const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const { x, d } = privateKey.export({ format: 'jwk' }) as { x: string; d: string };
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x };
  return { privateKey, privateJwk: { ...publicJwk, d }, publicJwk };
}

function thumbprint(jwk: Record<string, string>): string {
  return createHash('sha256').update(`{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}"}`).digest('base64url');
}

export interface Vectors {
  readonly nowSec: number;
  readonly devicePrivateJwk: Record<string, string>;
  readonly devicePublicJwk: Record<string, string>;
  readonly platformPrivateJwk: Record<string, string>;
  readonly platformPublicJwk: Record<string, string>;
  readonly bundle: string;
  readonly bundleHeader: Record<string, string>;
  readonly bundlePayload: BundlePayload;
  readonly bundleSha256: string;
  readonly receipt: string;
  readonly receiptHeader: Record<string, string>;
  readonly receiptPayload: ReceiptPayload;
}

/** Make the vectors, and prove them with the app's own verifiers before anyone reads them. */
export async function makeVectors(): Promise<Vectors> {
  const device = ed25519FromSeed('device');
  const platform = ed25519FromSeed('platform');
  const deviceKid = thumbprint(device.publicJwk);
  const platformKid = thumbprint(platform.publicJwk);
  const at = (sec: number) => new Date(sec * 1000).toISOString();
  const row = { seq: 1, ts: at(IAT - 600), actor: 'app:jane@alpha-swarm.ai', orgId: 'acme-corp', cloud: 'aws' as const, step: 'connect' as const, outcome: 'succeeded' as const, correlationId: null, detail: { role_arn: 'arn:aws:iam::444455556666:role/alphaswarm-broker-acme-corp' } };
  const hash = rowHash(GENESIS_HASH, [row.seq, row.ts, row.actor, row.orgId, row.cloud, row.step, row.outcome, row.correlationId, canonicalJson(row.detail)]);
  // Each record is what the app saves for its cloud: the document describes the real shape.
  const connection = (cloud: 'aws' | 'gcp', identifier: string, label: string, record: Record<string, string>) => ({
    cloud,
    orgId: 'acme-corp',
    credentialKey: `CredentialKey("cloud_${cloud}", "org:acme-corp")`,
    primary: true,
    identifier,
    label,
    status: 'connected' as const,
    statusReason: null,
    record: RECORD_SCHEMAS[cloud].strict().parse(record) as Record<string, string>,
    connectedAt: at(IAT - 600),
    updatedAt: at(IAT - 600),
    lastValidatedAt: at(IAT - 600),
    expiresOn: null,
    hasSecret: false,
    rotation: cloud === 'aws' ? 'Rotate the external-id key.' : 'Nothing to rotate: federated.',
    exportedAt: null,
    exportJti: null,
    sentToPlatform: false,
  });
  const bundleJti = '3d5c8f0e-8a4b-4c1e-9f2a-6b7d0e1f2a3b';
  const bundlePayload: BundlePayload = {
    iss: issuerFor(deviceKid),
    aud: PLATFORM,
    iat: IAT,
    nbf: IAT,
    exp: EXP,
    jti: bundleJti,
    bundle: {
      version: 2,
      exportedBy: { actor: 'app:jane@alpha-swarm.ai', verified: true, engineer: { name: 'Jane Field', email: 'jane@alpha-swarm.ai' }, profileJti: '0b5a7a55-7c2e-4d7e-8f4e-1d2c3b4a5f60' },
      orgIds: ['acme-corp'],
      connections: [
        connection('aws', '444455556666', 'alphaswarm-broker-acme-corp', { role_arn: 'arn:aws:iam::444455556666:role/alphaswarm-broker-acme-corp', external_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90', region: 'us-east-1', account_id: '444455556666' }),
        // A project found under the customer's organisation: it signs in through the pool of another project.
        connection('gcp', 'acme-prod-1234', 'project 123456789012 · alphaswarm-broker@acme-identity.iam.gserviceaccount.com', {
          project_id: 'acme-prod-1234',
          project_number: '123456789012',
          pool_id: 'alphaswarm-broker-acme-corp',
          provider_id: 'alphaswarm-oidc',
          service_account_email: 'alphaswarm-broker@acme-identity.iam.gserviceaccount.com',
          subject: 'alphaswarm:org:acme-corp',
          pool_project_id: 'acme-identity',
          pool_project_number: '210987654321',
        }),
      ],
      secrets: [],
      notes: [],
      audit: { rows: [{ ...row, prevHash: GENESIS_HASH, hash }], checkpoint: { n: 1, rowCount: 1, head: hash, verifiedThrough: 1 } },
    },
  };
  const bundle = await signCompactJws({ alg: 'EdDSA', typ: BUNDLE_TYP, kid: deviceKid }, bundlePayload, device.privateKey);
  const sha = bundleSha256(bundle);
  const receiptPayload: ReceiptPayload = {
    iss: PLATFORM,
    iat: IAT + 5,
    jti: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    bundle_jti: bundleJti,
    bundle_sha256: sha,
    device_kid: deviceKid,
    accepted: ['CredentialKey("cloud_aws", "org:acme-corp")'],
    rejected: [
      {
        credential_key: 'CredentialKey("cloud_gcp", "org:acme-corp")',
        reason: 'project_not_assigned',
        message: 'The project acme-prod-1234 is not registered for acme-corp on the platform. Ask the platform team to add it, then send again.',
      },
    ],
  };
  const receipt = await signCompactJws({ alg: 'EdDSA', typ: RECEIPT_TYP, kid: platformKid }, receiptPayload, platform.privateKey);

  // Proven with the app's own verifiers, at the vectors' time, before they are written down.
  const deviceKeys = await parsePinnedKeys(JSON.stringify(device.publicJwk), 'the device vector key', DEVICE_KEYS);
  const platformKeys = await parsePinnedKeys(JSON.stringify(platform.publicJwk), 'the platform vector key', PLATFORM_KEYS);
  await verifyBundle(bundle, deviceKeys, { audience: PLATFORM, nowSec: IAT + 60 });
  await verifyReceipt(receipt, platformKeys, { body: bundle, jti: bundleJti, deviceKid, credentialKeys: bundlePayload.bundle.connections.map((c) => c.credentialKey) }, { issuer: PLATFORM, nowSec: IAT + 60 });
  if (createPublicKey(device.privateKey).export({ format: 'jwk' }).x !== device.publicJwk.x) throw new Error('the device vector key does not round-trip');

  return {
    nowSec: IAT + 60,
    devicePrivateJwk: device.privateJwk,
    devicePublicJwk: device.publicJwk,
    platformPrivateJwk: platform.privateJwk,
    platformPublicJwk: platform.publicJwk,
    bundle,
    bundleHeader: { alg: 'EdDSA', typ: BUNDLE_TYP, kid: deviceKid },
    bundlePayload,
    bundleSha256: sha,
    receipt,
    receiptHeader: { alg: 'EdDSA', typ: RECEIPT_TYP, kid: platformKid },
    receiptPayload,
  };
}

const block = (name: string, lang: string, body: string) => `\`\`\`${lang} vector=${name}\n${body}\n\`\`\``;

/** The generated section of the document, between BEGIN and END. */
export async function renderVectors(): Promise<string> {
  const v = await makeVectors();
  const json = (x: unknown) => JSON.stringify(x, null, 2);
  return [
    BEGIN,
    '',
    `Check them at any time between ${new Date(v.bundlePayload.iat * 1000).toISOString()} and ${new Date(v.bundlePayload.exp * 1000).toISOString()} (for example at Unix time ${v.nowSec}); the bundle's \`aud\` and the receipt's \`iss\` are \`${PLATFORM}\`.`,
    '',
    '**Device key** (Ed25519). Its RFC 7638 thumbprint is the bundle header\'s `kid`, the enrolment path\'s `{kid}` and the receipt\'s `device_kid`. The private half is here only so an implementation can reproduce the signature: these keys sign nothing real.',
    '',
    block('device-public-jwk', 'json', json(v.devicePublicJwk)),
    '',
    block('device-private-jwk', 'json', json(v.devicePrivateJwk)),
    '',
    `Thumbprint (kid): \`${v.bundleHeader.kid}\``,
    '',
    '**Platform receipt key** (Ed25519), as the laptop pins it:',
    '',
    block('platform-public-jwk', 'json', json(v.platformPublicJwk)),
    '',
    block('platform-private-jwk', 'json', json(v.platformPrivateJwk)),
    '',
    `Thumbprint (kid): \`${v.receiptHeader.kid}\``,
    '',
    '**The bundle**, the exact body of `POST /v1/bundles` (no trailing newline):',
    '',
    block('bundle', 'text', v.bundle),
    '',
    'Its protected header and payload, decoded (shown indented; the signed bytes are the base64url parts above):',
    '',
    block('bundle-header', 'json', json(v.bundleHeader)),
    '',
    block('bundle-payload', 'json', json(v.bundlePayload)),
    '',
    `SHA-256 of the body, lowercase hex (the receipt's \`bundle_sha256\`): \`${v.bundleSha256}\``,
    '',
    '**The receipt**, the exact body of the 200 answer:',
    '',
    block('receipt', 'text', v.receipt),
    '',
    block('receipt-header', 'json', json(v.receiptHeader)),
    '',
    block('receipt-payload', 'json', json(v.receiptPayload)),
    '',
    END,
  ].join('\n');
}

/** The document with its generated section replaced. */
export async function withVectors(doc: string): Promise<string> {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no generated section (${BEGIN} … ${END})`);
  return doc.slice(0, start) + (await renderVectors()) + doc.slice(end + END.length);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const doc = readFileSync(DOC, 'utf8');
  const next = await withVectors(doc);
  if (process.argv.includes('--write')) {
    writeFileSync(DOC, next);
    process.stdout.write(`wrote the test vectors into ${DOC}\n`);
  } else if (next !== doc) {
    process.stderr.write(`${DOC}: the test vectors are out of date. Run: npx tsx scripts/platform-api-vectors.ts --write\n`);
    process.exit(1);
  } else {
    process.stdout.write('the test vectors are current\n');
  }
}
