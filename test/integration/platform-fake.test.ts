import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleSha256, verifyReceipt } from '../../main/delivery/verify-receipt.js';
import { JwsRejected } from '../../main/jws/verify-jws.js';
import { PLATFORM_KEYS, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { signCompactJws } from '../../main/jws/sign-jws.js';
import { makeVectors } from '../../scripts/platform-api-vectors.js';
import { CLIENT_ID, PlatformFake, thumbprint } from '../fakes/platform/platform-fake.js';
import { TestClock } from '../support/clock.js';

/**
 * The fake platform, driven over plain HTTP exactly as docs/platform-api.md describes, so the app's
 * client (a later piece) can trust what it answers. Bundles and keys are the document's vectors.
 */
const v = await makeVectors();
const platformKey = createPrivateKey({ key: v.platformPrivateJwk, format: 'jwk' });
const pinned = await parsePinnedKeys(JSON.stringify(v.platformPublicJwk), 'platform', PLATFORM_KEYS);
const deviceKid = v.bundleHeader.kid!;
const sent = { body: v.bundle, jti: v.bundlePayload.jti, deviceKid, credentialKeys: v.bundlePayload.bundle.connections.map((c) => c.credentialKey) };

let fake: PlatformFake;
let clock: TestClock;
beforeEach(async () => {
  clock = new TestClock(v.nowSec * 1000);
  fake = new PlatformFake({ alg: 'EdDSA', kid: v.receiptHeader.kid!, privateKey: platformKey });
  fake.now = () => clock.now();
  await fake.start();
});
afterEach(() => fake.stop());

const post = (url: string, params: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
const metadata = async () => (await (await fetch(`${fake.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;

async function startDeviceFlow(): Promise<{ device_code: string; user_code: string; interval: number; token: (advanceSec?: number) => Promise<{ status: number; body: Record<string, string> }> }> {
  const m = await metadata();
  const r = await post(m.device_authorization_endpoint!, { client_id: CLIENT_ID, scope: 'bundles:write profile:read' });
  expect(r.status).toBe(200);
  const d = (await r.json()) as { device_code: string; user_code: string; interval: number };
  return {
    ...d,
    token: async (advanceSec = d.interval) => {
      clock.advance(advanceSec * 1000);
      const t = await post(m.token_endpoint!, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: d.device_code, client_id: CLIENT_ID });
      return { status: t.status, body: (await t.json()) as Record<string, string> };
    },
  };
}

async function signIn(): Promise<{ access: string; refresh: string }> {
  fake.deviceFlow = { pendingPolls: 0, outcome: 'approve', slowDownAt: [] };
  const flow = await startDeviceFlow();
  const t = await flow.token();
  expect(t.status).toBe(200);
  return { access: t.body.access_token!, refresh: t.body.refresh_token! };
}

const enrol = (access: string, jwk: Record<string, string> = v.devicePublicJwk, kid = deviceKid) =>
  fetch(`${fake.url}/v1/devices/${kid}`, { method: 'PUT', headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' }, body: JSON.stringify(jwk) });
const send = (access: string, body = v.bundle, jti = v.bundlePayload.jti) =>
  fetch(`${fake.url}/v1/bundles`, { method: 'POST', headers: { authorization: `Bearer ${access}`, 'content-type': 'application/jose', 'idempotency-key': jti }, body });

describe('fake platform: sign-in (RFC 8414 metadata, RFC 8628 device grant)', () => {
  it('publishes metadata whose issuer is its base URL, with a revocation endpoint only when it has one', async () => {
    expect(await metadata()).toMatchObject({ issuer: fake.url, token_endpoint: `${fake.url}/oauth/token`, revocation_endpoint: `${fake.url}/oauth/revoke`, grant_types_supported: expect.arrayContaining(['urn:ietf:params:oauth:grant-type:device_code']) });
    fake.revocation = false;
    expect(await metadata()).not.toHaveProperty('revocation_endpoint');
  });

  it('answers authorization_pending until the engineer approves, with RFC 8628 user codes', async () => {
    fake.deviceFlow = { pendingPolls: 99, outcome: 'approve', slowDownAt: [] };
    const flow = await startDeviceFlow();
    expect(flow.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(await flow.token()).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
    fake.approve(flow.user_code);
    const t = await flow.token();
    expect(t).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'bundles:write profile:read' } });
    // A device code works once.
    expect(await flow.token()).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('slow_down when polled faster than the interval (which then grows by 5 s for good), or when scripted', async () => {
    fake.deviceFlow = { pendingPolls: 5, outcome: 'approve', slowDownAt: [3] };
    const flow = await startDeviceFlow();
    expect((await flow.token()).body.error).toBe('authorization_pending');
    expect((await flow.token(1)).body.error).toBe('slow_down'); // too soon: the interval becomes 10 s
    expect((await flow.token(10)).body.error).toBe('slow_down'); // poll 3 is scripted: 15 s
    expect((await flow.token(10)).body.error).toBe('slow_down'); // 10 s is too soon now: 20 s
    expect((await flow.token(20)).body.error).toBe('authorization_pending');
  });

  it('access_denied when the engineer refuses, expired_token when the code runs out', async () => {
    fake.deviceFlow = { pendingPolls: 1, outcome: 'deny', slowDownAt: [] };
    const denied = await startDeviceFlow();
    expect((await denied.token()).body.error).toBe('authorization_pending');
    expect((await denied.token()).body.error).toBe('access_denied');

    fake.deviceFlow = { pendingPolls: 99, outcome: 'approve', slowDownAt: [] };
    const late = await startDeviceFlow();
    expect((await late.token(901)).body.error).toBe('expired_token');
    fake.deviceFlow = { pendingPolls: 0, outcome: 'expire', slowDownAt: [] };
    expect((await (await startDeviceFlow()).token()).body.error).toBe('expired_token');
  });

  it('refuses another client id or scope', async () => {
    const m = await metadata();
    expect(await (await post(m.device_authorization_endpoint!, { client_id: 'someone-else' })).json()).toMatchObject({ error: 'invalid_client' });
    expect(await (await post(m.device_authorization_endpoint!, { client_id: CLIENT_ID, scope: 'admin' })).json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('refresh tokens rotate; an expired or revoked sign-in answers invalid_grant, and bearer calls 401', async () => {
    const { access, refresh } = await signIn();
    const m = await metadata();
    const refreshed = await post(m.token_endpoint!, { grant_type: 'refresh_token', refresh_token: refresh, client_id: CLIENT_ID });
    const next = (await refreshed.json()) as Record<string, string>;
    expect(next.refresh_token).not.toBe(refresh);
    expect(await (await post(m.token_endpoint!, { grant_type: 'refresh_token', refresh_token: refresh, client_id: CLIENT_ID })).json()).toMatchObject({ error: 'invalid_grant' });

    fake.expireAccessTokens();
    const r = await enrol(access);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');

    expect((await post(m.revocation_endpoint!, { token: next.refresh_token!, token_type_hint: 'refresh_token', client_id: CLIENT_ID })).status).toBe(200);
    expect(await (await post(m.token_endpoint!, { grant_type: 'refresh_token', refresh_token: next.refresh_token!, client_id: CLIENT_ID })).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await enrol(next.access_token!)).status).toBe(401);
    // RFC 7009: an unknown token is answered 200 too.
    expect((await post(m.revocation_endpoint!, { token: 'unknown', client_id: CLIENT_ID })).status).toBe(200);
  });
});

describe('fake platform: enrolment, intake, receipts', () => {
  it('enrolment is idempotent and refuses what is not the public Ed25519 key of its path', async () => {
    const { access } = await signIn();
    expect((await enrol(access)).status).toBe(201);
    expect((await enrol(access)).status).toBe(200);
    expect(await (await enrol(access, v.devicePrivateJwk)).json()).toMatchObject({ error: 'invalid_key' });
    const other = (generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x;
    expect(await (await enrol(access, { kty: 'OKP', crv: 'Ed25519', x: other })).json()).toMatchObject({ error: 'invalid_key', message: expect.stringMatching(/thumbprint/) });
    expect((await enrol(access, { kty: 'OKP', crv: 'Ed25519', x: other }, thumbprint(other))).status).toBe(201);
    fake.revokeDevice(deviceKid);
    expect(await (await enrol(access)).json()).toMatchObject({ error: 'device_revoked' });
  });

  it('device_not_enrolled, then a receipt the app verifies; the same bytes again give the same receipt, counted once', async () => {
    const { access } = await signIn();
    expect(await (await send(access)).json()).toEqual({ error: 'device_not_enrolled', message: expect.any(String) });
    await enrol(access);
    fake.refuse.set('CredentialKey("cloud_gcp", "org:acme-corp")', { reason: 'project_not_assigned', message: 'Ask the platform team to add the project.' });
    const r = await send(access);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/jose');
    const receipt = await r.text();
    const verified = await verifyReceipt(receipt, pinned, sent, { issuer: fake.audience, nowSec: v.nowSec });
    expect(verified.payload).toMatchObject({ bundle_sha256: bundleSha256(v.bundle), accepted: ['CredentialKey("cloud_aws", "org:acme-corp")'], rejected: [{ reason: 'project_not_assigned' }] });
    expect(await (await send(access)).text()).toBe(receipt);
    expect(fake.intakes.get(v.bundlePayload.jti)).toBe(1);
  });

  it('409 replay for the same jti with other bytes; 400 invalid_bundle for a changed byte or a wrong Idempotency-Key', async () => {
    const { access } = await signIn();
    await enrol(access);
    await send(access);
    const device = createPrivateKey({ key: v.devicePrivateJwk, format: 'jwk' });
    const again = await signCompactJws({ alg: 'EdDSA', typ: 'alphaswarm-bundle+jwt', kid: deviceKid }, { ...v.bundlePayload, exp: v.bundlePayload.exp - 1 }, device);
    expect(await (await send(access, again)).json()).toMatchObject({ error: 'replay' });
    const fresh = await signCompactJws({ alg: 'EdDSA', typ: 'alphaswarm-bundle+jwt', kid: deviceKid }, { ...v.bundlePayload, jti: '11111111-2222-4333-8444-555555555555' }, device);
    expect(await (await send(access, fresh)).json()).toMatchObject({ error: 'invalid_bundle', message: expect.stringMatching(/Idempotency-Key/) });
    const [h, p, s] = fresh.split('.');
    const changed = `${h}.${p!.slice(0, 40)}${p![40] === 'A' ? 'B' : 'A'}${p!.slice(41)}.${s}`;
    expect(await (await send(access, changed, '11111111-2222-4333-8444-555555555555')).json()).toMatchObject({ error: 'invalid_bundle', message: expect.stringMatching(/signature|JSON/) });
    // A key named twice is refused by the platform's own scan, even with a good signature.
    const twice = JSON.stringify({ ...v.bundlePayload, jti: '33333333-2222-4333-8444-555555555555' }).replace('"aud":', '"aud":"https://evil.example","aud":');
    const input = `${Buffer.from(JSON.stringify(v.bundleHeader)).toString('base64url')}.${Buffer.from(twice).toString('base64url')}`;
    const duplicate = `${input}.${sign(null, Buffer.from(input), device).toString('base64url')}`;
    expect(await (await send(access, duplicate, '33333333-2222-4333-8444-555555555555')).json()).toMatchObject({ error: 'invalid_bundle', message: expect.stringMatching(/names a key twice/) });
    expect(fake.intakes.size).toBe(1);
  });

  it('injected 503 and 429 carry Retry-After; a hang-up answers nothing; 413 above the size limit', async () => {
    const { access } = await signIn();
    await enrol(access);
    fake.inject.push({ status: 503, retryAfter: '2' }, { status: 429, retryAfter: '7', body: { error: 'rate_limited' } }, { status: 0, hangUp: true });
    const unavailable = await send(access);
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '2']);
    const limited = await send(access);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    await expect(send(access)).rejects.toThrow();
    expect((await send(access)).status).toBe(200);
    expect(fake.intakes.get(v.bundlePayload.jti)).toBe(1);
    fake.maxBundleBytes = 100;
    const device = createPrivateKey({ key: v.devicePrivateJwk, format: 'jwk' });
    const big = await signCompactJws({ alg: 'EdDSA', typ: 'alphaswarm-bundle+jwt', kid: deviceKid }, { ...v.bundlePayload, jti: '11111111-2222-4333-8444-555555555555' }, device);
    expect((await send(access, big, '11111111-2222-4333-8444-555555555555')).status).toBe(413);
  });

  it('receipts a test controls: signed by another key, or naming another bundle, which the app refuses', async () => {
    const { access } = await signIn();
    await enrol(access);
    fake.tamperReceipt = (p) => ({ ...p, bundle_jti: '00000000-0000-4000-8000-000000000000' });
    const forged = await (await send(access)).text();
    await expect(verifyReceipt(forged, pinned, sent, { issuer: fake.audience, nowSec: v.nowSec })).rejects.toMatchObject({ reason: 'wrong_bundle' });

    const stranger = generateKeyPairSync('ed25519').privateKey;
    fake.receiptKey = { alg: 'EdDSA', kid: thumbprint((stranger.export({ format: 'jwk' }) as { x: string }).x), privateKey: stranger };
    fake.tamperReceipt = undefined;
    const device = createPrivateKey({ key: v.devicePrivateJwk, format: 'jwk' });
    const jti = '22222222-2222-4333-8444-555555555555';
    const other = await signCompactJws({ alg: 'EdDSA', typ: 'alphaswarm-bundle+jwt', kid: deviceKid }, { ...v.bundlePayload, jti }, device);
    const unpinned = await (await send(access, other, jti)).text();
    const e = await verifyReceipt(unpinned, pinned, { ...sent, body: other, jti }, { issuer: fake.audience, nowSec: v.nowSec }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JwsRejected);
    expect((e as JwsRejected).reason).toBe('unknown_kid');
  });

  it('GET /v1/profile needs profile:read, and answers the current profile or 404 no_profile', async () => {
    const { access } = await signIn();
    const get = () => fetch(`${fake.url}/v1/profile`, { headers: { authorization: `Bearer ${access}`, accept: 'application/jose' } });
    expect(await (await get()).json()).toMatchObject({ error: 'no_profile' });
    fake.profile = 'a.b.c';
    const r = await get();
    expect([r.status, r.headers.get('content-type'), await r.text()]).toEqual([200, 'application/jose', 'a.b.c']);
    expect((await fetch(`${fake.url}/v1/profile`)).status).toBe(401);
  });
});
