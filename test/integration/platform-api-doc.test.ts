import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/bundles/verify-bundle.js';
import { bundleSha256, verifyReceipt } from '../../main/delivery/verify-receipt.js';
import { DEVICE_KEYS, PLATFORM_KEYS, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { RECORD_SCHEMAS } from '../../main/providers/stored-records.js';
import { BEGIN, DOC, END, renderVectors } from '../../scripts/platform-api-vectors.js';

/** docs/platform-api.md is what the platform team builds from: its vectors must be the code's truth. */
const doc = readFileSync(DOC, 'utf8');
const vectors = new Map([...doc.matchAll(/```\w+ vector=([a-z0-9-]+)\n([\s\S]*?)\n```/g)].map((m) => [m[1]!, m[2]!]));
const vector = (name: string) => {
  const v = vectors.get(name);
  if (v === undefined) throw new Error(`docs/platform-api.md has no vector ${name}`);
  return v;
};

describe('docs/platform-api.md: the test vectors', () => {
  it('are exactly what scripts/platform-api-vectors.ts makes from the code today (no drift)', async () => {
    const section = doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length);
    expect(section).toBe(await renderVectors());
  });

  it("verify with the app's own verifiers: the bundle by the device key, the receipt by the pinned platform key", async () => {
    const bundle = vector('bundle');
    const payload = JSON.parse(vector('bundle-payload')) as { jti: string; iat: number; aud: string; bundle: { connections: { credentialKey: string }[] } };
    const device = await parsePinnedKeys(vector('device-public-jwk'), 'device', DEVICE_KEYS);
    const platform = await parsePinnedKeys(vector('platform-public-jwk'), 'platform', PLATFORM_KEYS);
    const nowSec = payload.iat + 60;
    const verified = await verifyBundle(bundle, device, { audience: payload.aud, nowSec });
    expect(verified.payload).toEqual(payload);
    expect(verified.header).toEqual(JSON.parse(vector('bundle-header')));
    expect(doc).toContain(`\`${bundleSha256(bundle)}\``);

    const sent = { body: bundle, jti: payload.jti, deviceKid: verified.header.kid, credentialKeys: payload.bundle.connections.map((c) => c.credentialKey) };
    const receipt = await verifyReceipt(vector('receipt'), platform, sent, { issuer: payload.aud, nowSec });
    expect(receipt.payload).toEqual(JSON.parse(vector('receipt-payload')));
    expect(receipt.kid).toBe((JSON.parse(vector('receipt-header')) as { kid: string }).kid);
  });

  const python = spawnSync('python3', ['-c', 'import joserfc, cryptography'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!python)('verify with Python joserfc and cryptography, an independent implementation', () => {
    const out = execFileSync('python3', [join(import.meta.dirname, '../fixtures/platform-api/check_vectors.py'), DOC], { encoding: 'utf8' });
    const result = JSON.parse(out) as { ok: boolean; passed: string[] };
    expect(result.ok).toBe(true);
    expect(result.passed).toEqual(
      expect.arrayContaining(['bundle signature verifies with the device key', 'receipt signature verifies with the platform key', 'bundle_sha256 is the SHA-256 of the bundle text', 're-signing the bundle gives the same signature']),
    );
  });
});

describe("docs/platform-api.md: each connection's record", () => {
  /** The record table's rows, by cloud: a row with an empty cloud cell continues the one above. */
  const documented = new Map<string, Set<string>>();
  let cloud = '';
  const table = doc.slice(doc.indexOf("### What each connection's `record` holds"), doc.indexOf('### Answers'));
  for (const m of table.matchAll(/^\| (`[a-z]+`)? ?\| ([^|]+) \|/gm)) {
    if (m[1]) cloud = m[1].slice(1, -1);
    for (const f of m[2]!.matchAll(/`([a-z_]+)`/g)) (documented.get(cloud) ?? documented.set(cloud, new Set()).get(cloud)!).add(f[1]!);
  }

  it.each(Object.keys(RECORD_SCHEMAS))('names every field the app saves for %s, and none it does not', (kind) => {
    const saved = Object.keys(RECORD_SCHEMAS[kind as keyof typeof RECORD_SCHEMAS].shape).sort();
    expect([...(documented.get(kind) ?? [])].sort()).toEqual(saved);
  });
});
