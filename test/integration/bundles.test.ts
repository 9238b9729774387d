import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type CloudflareWorld, daysFromNow, resetCloudflare, startCloudflareWorld } from '../support/cloudflare-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { ipc } from '../support/contracts.js';

const ORGS = ['acme-corp', 'globex'];
const roleArn = (org: string) => `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-${org}`;
const externalId = (org: string) => createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${org}`).digest('hex');
const payloadOf = (bundle: string) => JSON.parse(Buffer.from(bundle.trim().split('.')[1]!, 'base64url').toString('utf8'));

describe('signed connection bundles, end to end through the CLI', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let cf: CloudflareWorld;
  let env: Record<string, string>;
  let clock: TestClock;
  let seed: string;
  let otp: () => Promise<string>;
  let dir: string;
  let tokenValue: string;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    cf = await startCloudflareWorld();
  });
  afterAll(async () => Promise.all([aws.stop(), cf.fake.stop()]));
  beforeEach(async () => {
    aws.roles.clear();
    resetCloudflare(cf);
    clock = new TestClock();
    dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    env = { ...awsEnv(aws, session), ...cf.env(), ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'data'), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000' };
    ({ seed, code: otp } = await enrolMfaWithCli(env, clock));
    for (const org of ORGS) {
      aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: `alphaswarm-broker-${org}`, trustedAccountId: PARTNER_ACCOUNT, externalIds: [externalId(org)] });
      expect((await cli(['connect', 'aws', '--org', org, '--role-arn', roleArn(org), '--otp', await otp()], env, clock)).code).toBe(0);
    }
    const token = cf.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(80) });
    tokenValue = token.value;
    const connected = await cli(['connect', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin', '--otp', await otp()], env, clock, `${token.value}\n`);
    expect(connected.code).toBe(0);
  });

  async function deviceKeyFile(): Promise<{ path: string; fingerprint: string }> {
    const path = join(dir, 'device.jwk.json');
    const r = await cli(['device', 'key', '--out', path, '--json'], env, clock);
    expect(r.code).toBe(0);
    return { path, fingerprint: r.json<{ fingerprint: string }>().fingerprint };
  }

  it('round trip: export, verify anywhere, and the contents equal what list --json shows', async () => {
    const key = await deviceKeyFile();
    const file = join(dir, 'all.jws');
    const exported = await cli(['bundle', 'export', '--out', file, '--otp', await otp(), '--json'], env, clock);
    expect(exported.code).toBe(0);
    expect(exported.json()).toMatchObject({ connections: 3, kid: key.fingerprint, secretsIncluded: 0, path: file });
    expect(exported.json<{ notes: string[] }>().notes).toEqual([
      expect.stringMatching(/Cloudflare token for acme-corp \(\S+\) was left out: ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY .* never travel in the clear/),
      // No platform profile on this laptop: the bundle says its exporter is not verified.
      expect.stringMatching(/without a platform profile: "exportedBy" names the OS user/),
    ]);

    // The verifier needs no data folder, no keychain and no settings: only the file and the key.
    const verified = await cli(['bundle', 'verify', file, '--trust', key.path, '--json'], { ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'elsewhere') }, clock);
    expect(verified.code).toBe(0);
    const listed = (await cli(['list', '--json'], env, clock)).json<{ connections: unknown[] }>();
    const v = verified.json<{ valid: boolean; iss: string; bundle: { connections: unknown[]; audit: { rows: { orgId: string; step: string; outcome: string }[]; checkpoint: { rowCount: number } } } }>();
    expect(v.valid).toBe(true);
    expect(v.iss).toBe(`urn:alphaswarm:device:${key.fingerprint}`);
    // As list --json shows them, less the delivery state (only the platform's receipt decides it);
    // the bundle format keeps sentToPlatform, false: signing a file delivers nothing.
    expect(v.bundle.connections).toEqual((listed.connections as Record<string, unknown>[]).map(({ delivery: _delivery, ...c }) => ({ ...c, sentToPlatform: false })));
    expect(v.bundle.audit.rows.filter((r) => r.step === 'connect' && r.outcome === 'succeeded').map((r) => r.orgId).sort()).toEqual(['acme-corp', 'acme-corp', 'globex']);
    expect(v.bundle.audit.checkpoint.rowCount).toBeGreaterThanOrEqual(v.bundle.audit.rows.length);

    const text = await cli(['bundle', 'verify', file, '--trust', key.path], {}, clock);
    expect(text.stdout).toContain(`✓ signature valid: EdDSA, device key ${key.fingerprint}`);
    expect(text.stdout).toMatch(/globex \(1\)\n\s+AWS\s+444455556666\s+connected\s+primary/);
    expect(text.stdout).toContain('Connections (3, 2 orgs):');
    expect(text.stdout).toMatch(/exported by cli:\S+ \(not verified\)/);
  });

  it('--org narrows the bundle to those orgs, and their audit rows only', async () => {
    const key = await deviceKeyFile();
    const file = join(dir, 'globex.jws');
    expect((await cli(['bundle', 'export', '--org', 'globex', '--out', file, '--otp', await otp()], env, clock)).code).toBe(0);
    const v = (await cli(['bundle', 'verify', file, '--trust', key.path, '--json'], {}, clock)).json<{ bundle: { orgIds: string[]; connections: { orgId: string }[]; audit: { rows: { orgId: string }[] } } }>();
    expect(v.bundle.orgIds).toEqual(['globex']);
    expect(v.bundle.connections.map((c) => c.orgId)).toEqual(['globex']);
    expect(new Set(v.bundle.audit.rows.map((r) => r.orgId))).toEqual(new Set(['globex']));
    const unknown = await cli(['bundle', 'export', '--org', 'initech', '--out', join(dir, 'x.jws'), '--otp', await otp()], env, clock);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No saved connections for initech');
    expect(readdirSync(dir)).not.toContain('x.jws');
  });

  it('a Cloudflare token travels only as JWE to the platform key, which alone can open it', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const platformJwk = join(dir, 'platform.jwk.json');
    writeFileSync(platformJwk, JSON.stringify({ ...publicKey.export({ format: 'jwk' }), use: 'enc', kid: 'platform-2026' }));
    const withKey = { ...env, ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY: platformJwk };
    const file = join(dir, 'sealed.jws');
    const r = await cli(['bundle', 'export', '--out', file, '--otp', await otp(), '--json'], withKey, clock);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ secretsIncluded: 1, notes: [expect.stringMatching(/without a platform profile/)] });
    const bundle = readFileSync(file, 'utf8');
    const payload = payloadOf(bundle);
    const [secret] = payload.bundle.secrets;
    expect(secret).toMatchObject({ cloud: 'cloudflare', orgId: 'acme-corp', credentialKey: 'CredentialKey("cloud_cloudflare", "org:acme-corp")' });
    expect(decodeProtectedHeader(secret.jwe)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'platform-2026', credential_key: secret.credentialKey, bundle_jti: payload.jti });
    const opened = await compactDecrypt(secret.jwe, privateKey);
    expect(new TextDecoder().decode(opened.plaintext)).toBe(tokenValue);

    // A private key in the setting is refused before anything is written.
    const leaky = { ...env, ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY: JSON.stringify(privateKey.export({ format: 'jwk' })) };
    const refused = await cli(['bundle', 'export', '--out', join(dir, 'leaky.jws'), '--otp', await otp()], leaky, clock);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('holds a private key');
    expect(readdirSync(dir)).not.toContain('leaky.jws');
  });

  it('canary: no secret is in a bundle, the audit log or anything printed', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const withKey = { ...env, ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY: JSON.stringify(publicKey.export({ format: 'jwk' })) };
    const outputs: string[] = [];
    const run = async (argv: string[], e: Record<string, string> = withKey) => {
      const r = await cli(argv, e, clock);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    await run(['device', 'key', '--json']);
    await run(['bundle', 'export', '--out', join(dir, 'a.jws'), '--otp', await otp(), '--json']);
    await run(['bundle', 'export', '--out', join(dir, 'b.jws'), '--otp', await otp()], env);
    await run(['audit', 'export', '--out', join(dir, 'audit.jsonl')]);
    // The app's path too, with the real log file, which the canary also searches.
    const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, keychainService: env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE, clock, env: withKey, fileLog: true });
    await h.ok(ipc.mfa.verify, { orgId: '__platform__', code: await otp() });
    const saved = await h.ok(ipc.bundles.export, { orgId: '__platform__' });
    const deviceSecret = JSON.parse(h.services.secrets.require('device/signing-key', 'device key')).d as string;
    h.close();
    const canaries = [tokenValue, EXTERNAL_ID_SECRET, seed, deviceSecret, session.secretAccessKey];
    const haystacks = [
      ...outputs,
      ...['a.jws', 'b.jws'].flatMap((f) => {
        const text = readFileSync(join(dir, f), 'utf8');
        return [text, JSON.stringify(payloadOf(text))];
      }),
      readFileSync(join(dir, 'audit.jsonl'), 'utf8'),
      readFileSync(saved.path, 'utf8'),
      readFileSync(join(env.ALPHASWARM_ADMIN_DATA_DIR!, 'logs', 'main.log'), 'utf8'),
      readFileSync(join(env.ALPHASWARM_ADMIN_DATA_DIR!, 'alphaswarm.db')).toString('latin1'),
    ];
    for (const canary of canaries) for (const h of haystacks) expect(h.includes(canary), `a secret (${canary.slice(0, 4)}…) leaked`).toBe(false);
  });

  it('export needs step-up and is audited; a rejected verify exits 3 with its reason', async () => {
    const noOtp = await cli(['bundle', 'export', '--out', join(dir, 'n.jws')], env, clock);
    expect(noOtp.code).toBe(2);
    expect(noOtp.stderr).toMatch(/--otp/);
    const key = await deviceKeyFile();
    const file = join(dir, 'ok.jws');
    await cli(['bundle', 'export', '--out', file, '--otp', await otp()], env, clock);
    const audit = (await cli(['audit', 'list', '--step', 'bundle_export', '--json'], env, clock)).json<{ rows: { outcome: string; orgId: string; detail: Record<string, unknown> }[] }>();
    expect(audit.rows[0]).toMatchObject({ outcome: 'succeeded', orgId: '__platform__', detail: { connections: 3, kid: key.fingerprint, secretsIncluded: 0 } });
    const created = (await cli(['audit', 'list', '--step', 'device_key', '--json'], env, clock)).json<{ rows: { detail: Record<string, unknown> }[] }>();
    expect(created.rows).toEqual([expect.objectContaining({ detail: { action: 'created', fingerprint: key.fingerprint, algorithm: 'Ed25519' } })]);

    clock.advance(8 * 24 * 3600_000); // past the default week
    const late = await cli(['bundle', 'verify', file, '--trust', key.path], {}, clock);
    expect(late.code).toBe(3);
    expect(late.stderr).toMatch(/✗ rejected \(expired\): The bundle expired at/);
    const wrongAud = await cli(['bundle', 'verify', file, '--trust', key.path, '--aud', 'https://other.example', '--json'], {}, clock);
    expect(wrongAud.json()).toMatchObject({ valid: false, reason: expect.stringMatching(/expired|wrong_audience/) });
    const missingTrust = await cli(['bundle', 'verify', file], {}, clock);
    expect(missingTrust.code).toBe(2);
    expect(missingTrust.stderr).toContain('never trusted by the key it names itself');
  });

  it('the device key is created once and stays the same', async () => {
    const a = (await cli(['device', 'key', '--json'], env, clock)).json<{ fingerprint: string; jwk: Record<string, string> }>();
    const b = (await cli(['device', 'key', '--json'], env, clock)).json<{ fingerprint: string }>();
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(Object.keys(a.jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });
});
