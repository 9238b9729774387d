import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedConnection } from '../support/seed.js';
import { signInAccount } from '../../main/platform-client/platform-auth.js';
import { normalizeDataDir } from '../../main/settings.js';
import { PlatformFake } from '../fakes/platform/platform-fake.js';
import { type CliRun, cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { createHarness } from '../support/harness.js';
import { type PlatformTestKey, platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { vaultFor } from '../support/vaults.js';
import { ipc } from '../support/contracts.js';

/**
 * Delivery to the platform, end to end through the CLI against the fake platform (which speaks
 * docs/platform-api.md): sign-in in every device-flow outcome, enrolment, send, receipts, the
 * outbox across restarts, and the platform's refusals. Every wait moves the test clock.
 */

const ORG = 'acme-corp';
const ACCOUNT = '444455556666';

interface World {
  fake: PlatformFake;
  key: PlatformTestKey;
  clock: TestClock;
  env: Record<string, string>;
  runs: CliRun[];
  code: () => Promise<string>;
  run(argv: string[], env?: Record<string, string>, signal?: AbortSignal): Promise<CliRun>;
}

let w: World;

async function world(): Promise<World> {
  const clock = new TestClock(Date.UTC(2026, 11, 3, 12, 0, 0));
  const key = platformKey('EdDSA');
  const fake = new PlatformFake({ alg: 'EdDSA', kid: key.kid, privateKey: key.privateKey });
  fake.now = () => clock.now();
  await fake.start();
  const env = {
    ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'platform-delivery-')),
    ALPHASWARM_ADMIN_PLATFORM_URL: fake.url,
    ALPHASWARM_ADMIN_TEST_MODE: '1',
    // The platform's receipt (and profile) key, pinned as an administrator would.
    ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify(key.publicJwk),
  };
  const runs: CliRun[] = [];
  const mfa = await enrolMfaWithCli(env, clock);
  // A saved AWS connection, as step 5 leaves it.
  const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, env, clock });
  try {
    // Jane's platform profile, imported with her code: delivery goes to the engineer it names, and
    // the platform serves the same profile to her sign-in (which is how the app knows it is hers).
    const profile = signProfile(key, profilePayload(Math.floor(clock.now() / 1000) - 3600, { settings: {}, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));
    await h.ok(ipc.settings.importProfile, { text: profile, code: await mfa.code() });
    fake.profile = profile;
    h.services.orgs.ensure(ORG);
    const at = new Date(clock.now()).toISOString();
    h.services.integrations.save(
      storedConnection({
        cloud: 'aws',
        orgId: ORG,
        record: { role_arn: `arn:aws:iam::${ACCOUNT}:role/alphaswarm-broker-${ORG}`, external_id: 'a'.repeat(64), region: 'us-east-1', account_id: ACCOUNT },
        connectedAt: at,
      }),
    );
  } finally {
    h.close();
  }
  return {
    fake,
    key,
    clock,
    env,
    runs,
    code: mfa.code,
    async run(argv, extraEnv = {}, signal) {
      const r = await cli(argv, { ...env, ...extraEnv }, clock, '', signal);
      runs.push(r);
      return r;
    },
  };
}

async function login(): Promise<void> {
  w.fake.deviceFlow = { pendingPolls: 1, outcome: 'approve', slowDownAt: [] };
  const r = await w.run(['platform', 'login', '--json']);
  expect(r.code, r.stderr).toBe(0);
}

const push = async () => w.run(['bundle', 'push', '--org', ORG, '--otp', await w.code(), '--json']);
const listed = async () => (await w.run(['list', '--json'])).json<{ connections: { delivery: { state: string; receiptJti: string | null; deliveredAt: string | null; reason: string | null } }[] }>().connections[0]!.delivery;
const storedSignIn = () => vaultFor(w.env.ALPHASWARM_ADMIN_DATA_DIR!).get(signInAccount(normalizeDataDir(w.env.ALPHASWARM_ADMIN_DATA_DIR!)));
const tokenPolls = () => w.fake.requests.filter((r) => r.path === '/oauth/token').length;

beforeEach(async () => {
  w = await world();
});
afterEach(async () => {
  await w.fake.stop();
});

describe('platform login: the device flow in every outcome', () => {
  it('waits through authorization_pending and slow_down (adding 5 s for good), then keeps the refresh token in the keychain only', async () => {
    w.fake.deviceFlow = { pendingPolls: 2, outcome: 'approve', slowDownAt: [2] };
    const start = w.clock.now();
    const r = await w.run(['platform', 'login', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/enter the code:\s+[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}/);
    expect(r.json()).toMatchObject({ signedIn: true, platformUrl: w.fake.url, scope: 'bundles:write profile:read' });
    // Polls 1 (pending) and 2 (slow_down) 5 s apart, poll 3 10 s later: never too soon for the platform.
    expect(tokenPolls()).toBe(3);
    expect(w.clock.now() - start).toBeGreaterThanOrEqual(20_000);
    expect(JSON.parse(storedSignIn()!)).toMatchObject({ issuer: w.fake.url });
    const status = await w.run(['platform', 'status', '--json']);
    expect(status.json()).toMatchObject({ configured: true, signIn: { signedIn: true }, device: { enrolled: false } });
  });

  it('a refusal at the sign-in page stops with exit 1 and stores nothing', async () => {
    w.fake.deviceFlow = { pendingPolls: 1, outcome: 'deny', slowDownAt: [] };
    const r = await w.run(['platform', 'login']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The sign-in was refused');
    expect(storedSignIn()).toBeUndefined();
  });

  it('an expired code stops with exit 1 and says to start again', async () => {
    w.fake.deviceFlow = { pendingPolls: 2, outcome: 'expire', slowDownAt: [] };
    const r = await w.run(['platform', 'login']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('The sign-in code expired before it was approved.');
    expect(storedSignIn()).toBeUndefined();
  });

  it('Ctrl-C while waiting exits 130 and stores nothing', async () => {
    w.fake.deviceFlow = { pendingPolls: 1000, outcome: 'approve', slowDownAt: [] };
    const ctrlC = new AbortController();
    // The third wait is interrupted, as a person pressing Ctrl-C would.
    let waits = 0;
    const sleep = w.clock.sleep;
    w.clock.sleep = ((ms: number, signal: AbortSignal) => (++waits === 3 ? (ctrlC.abort(), Promise.reject(new Error('aborted'))) : sleep(ms, signal)));
    const r = await w.run(['platform', 'login'], {}, ctrlC.signal);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('The sign-in was cancelled');
    expect(storedSignIn()).toBeUndefined();
  });

  it('logout revokes the refresh token at the platform (RFC 7009) and forgets it', async () => {
    await login();
    const refresh = (JSON.parse(storedSignIn()!) as { refreshToken: string }).refreshToken;
    const r = await w.run(['platform', 'logout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the platform revoked the sign-in');
    expect(w.fake.revoked).toContain(refresh);
    expect(storedSignIn()).toBeUndefined();
    expect((await w.run(['platform', 'status', '--json'])).json()).toMatchObject({ signIn: { signedIn: false } });
  });
});

describe('bundle push: enrol, send, a verified receipt', () => {
  it('enrols the device key, sends, and marks the connection delivered from the verified receipt', async () => {
    await login();
    expect(await listed()).toEqual({ state: 'not_sent', receiptJti: null, deliveredAt: null, reason: null });
    const r = await push();
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<{ jti: string; state: string; receiptJti: string; connections: { state: string }[] }>();
    expect(out).toMatchObject({ state: 'delivered', receiptRejected: false, connections: [{ state: 'delivered' }] });
    expect(w.fake.devices.size).toBe(1);
    expect(w.fake.intakes.get(out.jti)).toBe(1);
    expect(await listed()).toMatchObject({ state: 'delivered', receiptJti: out.receiptJti, reason: null });
    const status = (await w.run(['platform', 'status', '--json'])).json<{ device: { enrolled: boolean } }>();
    expect(status.device.enrolled).toBe(true);
    // Audited: a pending row before the send, then its outcome, tied by one correlation id.
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const rows = h.services.audit.list({ limit: 10, step: 'bundle_send' }).rows;
      expect(rows.map((x) => x.outcome).sort()).toEqual(['pending', 'succeeded']);
      expect(new Set(rows.map((x) => x.correlationId)).size).toBe(1);
    } finally {
      h.close();
    }
  });

  it('a push of 65 orgs is sent and audited, the row listing 63 of them and “…and 2 more” (thirteenth review M-B)', async () => {
    const orgs = [ORG, ...Array.from({ length: 64 }, (_, i) => `org-${String(i).padStart(2, '0')}`)];
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      for (const [i, orgId] of orgs.slice(1).entries()) {
        h.services.orgs.ensure(orgId);
        const account = `5555666677${String(i).padStart(2, '0')}`;
        h.services.integrations.save(storedConnection({ cloud: 'aws', orgId, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'a'.repeat(64), region: 'us-east-1', account_id: account }, connectedAt: new Date(w.clock.now()).toISOString() }));
      }
    } finally {
      h.close();
    }
    await login();
    const r = await w.run(['bundle', 'push', ...orgs.flatMap((o) => ['--org', o]), '--otp', await w.code(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ state: string; connections: unknown[] }>()).toMatchObject({ state: 'delivered' });
    const after = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const rows = after.services.audit.list({ limit: 500, step: 'bundle_send' }).rows;
      expect(rows.map((x) => x.outcome).sort()).toEqual(['pending', 'succeeded']);
      for (const row of rows) expect(row.detail.orgs).toEqual([...[...orgs].sort().slice(0, 63), '…and 2 more']);
      expect(after.services.audit.verify().ok).toBe(true);
    } finally {
      after.close();
    }
  }, 60_000);

  it('a connection the receipt rejects is Refused with the platform’s reason (exit 1, the JSON names it)', async () => {
    await login();
    w.fake.refuse.set(`CredentialKey("cloud_aws", "org:${ORG}")`, { reason: 'account_not_assigned', message: `The account ${ACCOUNT} is not registered for ${ORG}. Ask the platform team to add it.` });
    const r = await push();
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ state: 'delivered', connections: [{ state: 'refused', reason: expect.stringContaining('account_not_assigned') }] });
    expect(await listed()).toMatchObject({ state: 'refused', reason: expect.stringContaining('is not registered for acme-corp') });
  });

  it('a receipt signed by an unpinned key is refused with exit 3, and nothing is delivered', async () => {
    await login();
    const other = platformKey('EdDSA');
    w.fake.receiptKey = { alg: 'EdDSA', kid: other.kid, privateKey: other.privateKey };
    const r = await push();
    expect(r.code).toBe(3);
    expect(r.json()).toMatchObject({ state: 'queued', receiptRejected: true });
    expect(r.json<{ reason: string; hint: string }>()).toMatchObject({ reason: expect.stringContaining('unknown_kid'), hint: expect.stringContaining('does not trust as the platform') });
    expect(await listed()).toMatchObject({ state: 'queued' });
  });

  it('a receipt naming another bundle is refused with exit 3', async () => {
    await login();
    w.fake.tamperReceipt = (p) => ({ ...p, bundle_jti: randomUUID() });
    const r = await push();
    expect(r.code).toBe(3);
    expect(r.json<{ reason: string }>().reason).toContain('wrong_bundle');
    expect(await listed()).toMatchObject({ state: 'queued' });
  });

  it('device_not_enrolled: enrols and retries once', async () => {
    await login();
    expect((await push()).code).toBe(0);
    // The platform forgot the device (a reset); this laptop still believes it is enrolled.
    w.fake.devices.clear();
    const r = await push();
    expect(r.code, r.stderr).toBe(0);
    const sends = w.fake.requests.filter((x) => x.method === 'POST' && x.path === '/v1/bundles').map((x) => x.status);
    expect(sends).toEqual([200, 403, 200]);
    expect(w.fake.devices.size).toBe(1);
  });

  it('400 and 409 stop retrying and show the platform’s reason', async () => {
    await login();
    w.fake.inject.push({ status: 400, body: { error: 'invalid_bundle', message: 'The external id for acme-corp does not match the platform’s.' } });
    const bad = await push();
    expect(bad.code).toBe(1);
    expect(bad.json()).toMatchObject({ state: 'refused', reason: 'invalid_bundle: The external id for acme-corp does not match the platform’s.' });
    expect(await listed()).toMatchObject({ state: 'refused', reason: expect.stringContaining('does not match') });

    w.fake.inject.push({ status: 409, body: { error: 'replay', message: 'This bundle id arrived before with other content.' } });
    const replay = await w.run(['bundle', 'push', '--org', ORG, '--otp', await w.code()]);
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain('replay: This bundle id arrived before with other content.');
    // Refused sends are never retried.
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.json()).toEqual({ results: [] });
    expect((await w.run(['outbox', 'list', '--json'])).json<{ items: { state: string }[] }>().items.map((i) => i.state)).toEqual(['refused', 'refused']);
  });

  it('503 with Retry-After is queued (exit 4), not retried before it, then delivered', async () => {
    await login();
    w.fake.inject.push({ status: 503, retryAfter: '120' });
    const r = await push();
    expect(r.code).toBe(4);
    const jti = r.json<{ jti: string }>().jti;
    expect(Date.parse(r.json<{ nextAttemptAt: string }>().nextAttemptAt)).toBeGreaterThanOrEqual(w.clock.now() + 120_000);
    expect(await listed()).toMatchObject({ state: 'queued' });
    expect((await w.run(['outbox', 'flush', '--json'])).json()).toEqual({ results: [] });
    w.clock.advance(121_000);
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.code, flush.stderr).toBe(0);
    expect(flush.json()).toMatchObject({ results: [{ jti, state: 'delivered', attempts: 2 }] });
    expect(w.fake.intakes.get(jti)).toBe(1);
  });
});

describe('the outbox: offline, restart, exactly once', () => {
  it('offline: queued (exit 4); after a restart a flush delivers it exactly once', async () => {
    await login();
    // The connection drops before any answer: the laptop went offline mid-send. (Pointing the URL
    // elsewhere is no longer a way to fake this: tokens go only to the platform that issued them.)
    w.fake.inject.push({ status: 0, hangUp: true });
    const r = await w.run(['bundle', 'push', '--org', ORG, '--otp', await w.code(), '--json']);
    expect(r.code, r.stderr).toBe(4);
    const { jti, reason } = r.json<{ jti: string; reason: string }>();
    expect(reason).toMatch(/could not be reached/);
    const items = (await w.run(['outbox', 'list', '--json'])).json<{ items: { jti: string; state: string; attempts: number; lastError: string }[] }>().items;
    expect(items).toMatchObject([{ jti, state: 'queued', attempts: 1 }]);
    // Every CLI run is a fresh process: this one is the restart.
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.code, flush.stderr).toBe(0);
    expect(flush.json()).toMatchObject({ results: [{ jti, state: 'delivered' }] });
    expect((await w.run(['outbox', 'flush', '--json'])).json()).toEqual({ results: [] });
    expect(w.fake.intakes.get(jti)).toBe(1);
    expect(await listed()).toMatchObject({ state: 'delivered' });
  });

  it('a send the platform took whose answer was lost is sent again with the same bytes and the same receipt', async () => {
    await login();
    expect((await push()).code).toBe(0);
    const [item] = (await w.run(['outbox', 'list', '--json'])).json<{ items: { jti: string; receiptJti: string }[] }>().items;
    // As if the receipt never arrived (a crash after the platform answered): the row is queued again.
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      h.services.db.prepare("UPDATE platform_outbox SET state = 'queued', receipt_jti = NULL, delivered_at = NULL WHERE jti = ?").run(item!.jti);
    } finally {
      h.close();
    }
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.json()).toMatchObject({ results: [{ jti: item!.jti, state: 'delivered', receiptJti: item!.receiptJti }] });
    expect(w.fake.intakes.get(item!.jti)).toBe(1);
  });

  it('refresh-token expiry signs the engineer out with a clear message; the send waits in the outbox', async () => {
    await login();
    w.fake.expireAccessTokens();
    w.fake.expireRefreshTokens();
    const r = await push();
    expect(r.code).toBe(4);
    expect(r.json<{ reason: string }>().reason).toContain('Your platform sign-in has ended');
    expect(r.json<{ hint: string }>().hint).toContain('platform login');
    expect(storedSignIn()).toBeUndefined();
    await login();
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.code, flush.stderr).toBe(0);
    expect(await listed()).toMatchObject({ state: 'delivered' });
  });

  it('while the app runs, a queued send is retried when its backoff (with jitter) is due, not before', async () => {
    await login();
    w.fake.inject.push({ status: 502 });
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const first = await h.services.delivery.push([ORG], new AbortController().signal);
      expect(first).toMatchObject({ state: 'queued', attempts: 1, reason: 'The platform answered 502.' });
      // The first backoff is 30–60 s (30 s, ×1–2 jitter): nothing is due yet.
      const wait = Date.parse(first.nextAttemptAt!) - w.clock.now();
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(60_000);
      expect(await h.services.delivery.flush(new AbortController().signal, true)).toEqual([]);
      w.clock.advance(wait);
      const due = await h.services.delivery.flush(new AbortController().signal, true);
      expect(due).toMatchObject([{ jti: first.jti, state: 'delivered', attempts: 2 }]);
      expect(w.fake.intakes.get(first.jti)).toBe(1);
    } finally {
      h.close();
    }
  });

  it('a push before any sign-in is queued, not lost', async () => {
    const r = await push();
    expect(r.code).toBe(4);
    expect(r.json<{ reason: string }>().reason).toContain('not signed in');
    await login();
    expect((await w.run(['outbox', 'flush'])).code).toBe(0);
    expect(await listed()).toMatchObject({ state: 'delivered' });
  });
});

describe('settings refresh-profile', () => {
  it('imports the platform’s newer profile, verified as an import, and refuses a downgrade', async () => {
    await login();
    const nowSec = Math.floor(w.clock.now() / 1000);
    w.fake.profile = signProfile(w.key, profilePayload(nowSec));
    // It sets the partner account and an org's role name: as from a file, that needs the code, and
    // main shows it first (a sign-in the window steered cannot change them on its own).
    const unconfirmed = await w.run(['settings', 'refresh-profile', '--json']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stdout + unconfirmed.stderr).toContain('needs your step-up code');
    const first = await w.run(['settings', 'refresh-profile', '--otp', await w.code(), '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({ changed: true });
    expect((await w.run(['platform', 'status', '--json'])).json()).toMatchObject({ engineer: { name: 'Jane Field', email: 'jane@alpha-swarm.ai' } });
    w.fake.profile = signProfile(w.key, profilePayload(nowSec - 3600));
    const older = await w.run(['settings', 'refresh-profile', '--json']);
    expect(older.code).toBe(2);
    expect(older.stdout).toContain('an older profile never replaces a newer one');
    const forged = platformKey('EdDSA');
    w.fake.profile = signProfile(forged, profilePayload(nowSec + 60));
    const untrusted = await w.run(['settings', 'refresh-profile']);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stderr).toContain('does not trust');
  });
});

describe('no token reaches output, logs, audit rows or the database', () => {
  it('canary: every token the platform issued is absent from CLI output, the log, the audit log and the database file', async () => {
    await login();
    expect((await push()).code).toBe(0);
    w.fake.expireAccessTokens();
    expect((await push()).code).toBe(0); // a refresh, with rotation
    await w.run(['platform', 'status', '--json']);
    await w.run(['outbox', 'list', '--json']);
    await w.run(['list', '--json']);
    // The app too, logging to its file at info: a push, the outbox and the status through the router.
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: { ...w.env, ALPHASWARM_ADMIN_LOG_LEVEL: 'debug' }, clock: w.clock, fileLog: true });
    try {
      await h.stepUp('__platform__').catch(() => undefined);
      w.fake.expireAccessTokens();
      await h.services.delivery.push([ORG], new AbortController().signal);
      for (const r of [await h.call(ipc.platform.status, {}), await h.call(ipc.outbox.list, {}), await h.call(ipc.outbox.flush, {})]) w.runs.push({ code: 0, stdout: JSON.stringify(r), stderr: '', json: () => r as never });
    } finally {
      h.close();
    }
    await w.run(['platform', 'logout', '--json']);
    expect(w.fake.issued.length).toBeGreaterThanOrEqual(6);
    const dir = w.env.ALPHASWARM_ADMIN_DATA_DIR!;
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    const haystacks = [...w.runs.flatMap((r) => [r.stdout, r.stderr]), ...files.filter(existsSync).map((f) => readFileSync(f).toString('latin1'))];
    for (const token of w.fake.issued) for (const text of haystacks) expect(text.includes(token)).toBe(false);
  });
});

describe('the sign-in and the refreshed profile stay the engineer’s (seventh review G1, G1b, G2)', () => {
  it('a refresh with no way to confirm (the background, a bare window) imports nothing protected, and is audited', async () => {
    await login();
    w.fake.profile = signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000)));
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const before = h.services.profiles.active()?.jti;
      const r = await h.services.router.call(ipc.platform.refreshProfile, {}, { actor: 'app:background', trusted: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
      expect(h.services.profiles.active()?.jti).toBe(before);
      const rows = h.services.audit.list({ limit: 10, step: 'profile_refresh' }).rows.map((x) => x.outcome);
      expect(rows).toEqual(['failed', 'pending']);
    } finally {
      h.close();
    }
  });

  it('an expired profile still names its engineer: a background refresh bringing another engineer’s profile imports nothing (eighth review H1)', async () => {
    const now = Math.floor(w.clock.now() / 1000);
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      await h.ok(ipc.settings.importProfile, { text: signProfile(w.key, profilePayload(now, { exp: now + 3600 })), code: await w.code() });
      await login();
      w.clock.advance(2 * 3600_000);
      const bob = { name: 'Bob Builder', email: 'bob@alpha-swarm.ai' };
      w.fake.profile = signProfile(w.key, profilePayload(now + 7200, { engineer: bob, sub: bob.email }));
      const r = await h.services.router.call(ipc.platform.refreshProfile, {}, { actor: 'app:background', trusted: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'step_up_required', message: expect.stringContaining('the engineer it is for') } });
      expect(h.services.profiles.status().engineer?.email).toBe('jane@alpha-swarm.ai');
    } finally {
      h.close();
    }
  });

  it('a platform URL changed while the token was being renewed: the token is not sent to the new one (eighth review H2)', async () => {
    await login();
    const other = new PlatformFake({ alg: 'EdDSA', kid: w.key.kid, privateKey: w.key.privateKey });
    await other.start();
    // The URL from the settings file this time (the environment would win over it).
    const settingsFile = join(w.env.ALPHASWARM_ADMIN_DATA_DIR!, 'settings.json');
    const { ALPHASWARM_ADMIN_PLATFORM_URL: _fromEnv, ...env } = w.env;
    writeFileSync(settingsFile, JSON.stringify({ ALPHASWARM_ADMIN_PLATFORM_URL: w.fake.url }));
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env, clock: w.clock });
    try {
      // The access token in memory has expired: the next request renews it, held at the platform.
      w.clock.advance(24 * 3600_000);
      w.fake.latencyMs = 1500;
      const call = h.call(ipc.platform.refreshProfile, {});
      await expect.poll(() => w.fake.held, { timeout: 30_000 }).toBe(1);
      // Meanwhile another process changes the platform URL (with its own code).
      writeFileSync(settingsFile, JSON.stringify({ ALPHASWARM_ADMIN_PLATFORM_URL: other.url }));
      const r = await call;
      expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', message: expect.stringContaining(`You are signed in to ${w.fake.url}`) } });
      expect(other.requests.filter((q) => q.path.startsWith('/v1/') || q.path === '/oauth/token')).toEqual([]);
    } finally {
      w.fake.latencyMs = 0;
      h.close();
      await other.stop();
    }
  });

  it('a queued bundle is not delivered under another engineer’s sign-in; it waits for theirs (eighth review H5)', async () => {
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    await h.ok(ipc.settings.importProfile, { text: signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000))), code: await w.code() });
    h.close();
    w.clock.advance(60_000);
    expect((await push()).code).toBe(4);
    // Someone else approves the sign-in code at the platform, then the outbox is flushed.
    w.fake.engineer = 'mallory@evil.example';
    await login();
    const flush = await w.run(['outbox', 'flush', '--json']);
    expect(flush.json<{ results: { state: string; hint: string }[] }>().results).toEqual([expect.objectContaining({ state: 'queued', hint: expect.stringContaining('sign in as the engineer who exported it') })]);
    expect(w.fake.intakes.size).toBe(0);
    expect(await listed()).toMatchObject({ state: 'queued' });
    // The engineer signs in as themselves: delivered.
    expect((await w.run(['platform', 'logout'])).code).toBe(0);
    w.fake.engineer = 'jane@alpha-swarm.ai';
    await login();
    w.clock.advance(24 * 3600_000);
    expect((await w.run(['outbox', 'flush'])).code).toBe(0);
    expect(await listed()).toMatchObject({ state: 'delivered' });
  });

  it('a queued send goes nowhere under a sign-in that is not the profile’s engineer — not even the device key’s enrolment (ninth review I5)', async () => {
    // Queued while the engineer's profile had expired (the bundle then names no verified engineer).
    w.clock.advance(400 * 86400_000);
    expect((await push()).code).toBe(4);
    // Someone else approves the sign-in code; the platform serves that account its own profile.
    const mallory = { name: 'Mallory', email: 'mallory@alpha-swarm.ai' };
    w.fake.engineer = mallory.email;
    w.fake.profile = signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000), { engineer: mallory, sub: mallory.email }));
    await login();
    const flush = await w.run(['outbox', 'flush', '--json']);
    const [result] = flush.json<{ results: { state: string; reason: string; hint: string }[] }>().results;
    expect(result).toMatchObject({ state: 'queued', reason: expect.stringContaining(`signed in to the platform as ${mallory.email}, but this laptop's platform profile is for jane@alpha-swarm.ai`) });
    expect(w.fake.intakes.size).toBe(0);
    expect(w.fake.devices.size).toBe(0);
    // An account the platform names with no profile this laptop trusts is no better.
    expect((await w.run(['platform', 'logout'])).code).toBe(0);
    w.fake.profile = undefined;
    await login();
    const again = await w.run(['outbox', 'flush', '--json']);
    expect(again.json<{ results: { reason: string }[] }>().results[0]!.reason).toContain('an account the platform did not name');
    expect(w.fake.devices.size).toBe(0);
  });

  it('the sign-in cannot change while a send is under way: no swap between the recipient check and the requests (tenth review A)', async () => {
    expect((await push()).code).toBe(4);
    await login();
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      // The flush's first request (who is this sign-in?) is held at the platform.
      w.fake.latencyMs = 1500;
      const flushing = h.call(ipc.outbox.flush, {});
      await expect.poll(() => w.fake.held, { timeout: 30_000 }).toBe(1);
      expect(await h.fails(ipc.platform.signOut, {})).toMatchObject({ code: 'conflict', details: { reason: 'send_under_way' } });
      w.fake.latencyMs = 0;
      const flushed = await flushing;
      expect(flushed.ok && flushed.value.results.map((r) => r.state)).toEqual(['delivered']);
      // Once it has ended, signing out works.
      await h.ok(ipc.platform.signOut, {});
    } finally {
      w.fake.latencyMs = 0;
      h.close();
    }
  });

  it('a token kept in memory is never used for a sign-in another process made meanwhile (eleventh review K-A1)', async () => {
    expect((await push()).code).toBe(4);
    await login();
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      // The app holds Jane's access token in memory (a refresh asked the platform with it).
      await h.ok(ipc.platform.refreshProfile, {});
      // Meanwhile a terminal signs in over it, with a code someone else approved (Jane's tokens stay valid).
      const mallory = { name: 'Mallory', email: 'mallory@alpha-swarm.ai' };
      // The platform serves each engineer their own profile.
      w.fake.profiles.set('jane@alpha-swarm.ai', w.fake.profile!);
      w.fake.profiles.set(mallory.email, signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000), { engineer: mallory, sub: mallory.email })));
      w.fake.engineer = mallory.email;
      await login();
      // The app's next flush asks who the sign-in is with the new sign-in's own token: Mallory's.
      const flushed = await h.ok(ipc.outbox.flush, {});
      expect(flushed.results).toEqual([expect.objectContaining({ state: 'queued', reason: expect.stringContaining(`signed in to the platform as ${mallory.email}`) })]);
      expect(w.fake.devices.size).toBe(0);
      expect(w.fake.intakes.size).toBe(0);
      expect(JSON.parse(storedSignIn()!)).not.toHaveProperty('engineer', 'jane@alpha-swarm.ai');
    } finally {
      h.close();
    }
  });

  it('a request checked for one sign-in never retries with another, even when a 401 sends it for a fresh token (twelfth review L-A1, L-A4)', async () => {
    const vault = vaultFor(w.env.ALPHASWARM_ADMIN_DATA_DIR!);
    const account = signInAccount(normalizeDataDir(w.env.ALPHASWARM_ADMIN_DATA_DIR!));
    const mallory = { name: 'Mallory', email: 'mallory@alpha-swarm.ai' };
    w.fake.profiles.set('jane@alpha-swarm.ai', w.fake.profile!);
    w.fake.profiles.set(mallory.email, signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000), { engineer: mallory, sub: mallory.email })));
    // Mallory's sign-in B, made by another process, is kept aside; Jane's A is current and checked.
    w.fake.engineer = mallory.email;
    await login();
    const b = storedSignIn()!;
    w.fake.engineer = 'jane@alpha-swarm.ai';
    await login();
    // While the enrolment (with A's token) is at the platform, the other process signs A out and B in.
    const fake = w.fake as unknown as { enrol: (...args: unknown[]) => unknown };
    const enrol = fake.enrol.bind(w.fake);
    let swapped = false;
    fake.enrol = (...args: unknown[]) => {
      if (!swapped) {
        swapped = true;
        w.fake.expireAccessTokens();
        vault.set(account, b);
      }
      return enrol(...args);
    };
    const r = await push();
    expect(r.json<{ state: string; reason: string }>()).toMatchObject({ state: 'queued', reason: expect.stringContaining('sign-in changed') });
    expect([...w.fake.devices.values()].map((d) => d.engineer)).not.toContain(mallory.email);
    expect(w.fake.intakes.size).toBe(0);
  });

  it('a sign-in record from before sign-ins had ids is asked who it is, not trusted (twelfth review L-A2)', async () => {
    const mallory = { name: 'Mallory', email: 'mallory@alpha-swarm.ai' };
    w.fake.engineer = mallory.email;
    w.fake.profiles.set(mallory.email, signProfile(w.key, profilePayload(Math.floor(w.clock.now() / 1000), { engineer: mallory, sub: mallory.email })));
    await login();
    // What an older version wrote after being fooled: no id, and Jane's name on Mallory's sign-in.
    const { id: _id, ...legacy } = JSON.parse(storedSignIn()!) as Record<string, unknown>;
    vaultFor(w.env.ALPHASWARM_ADMIN_DATA_DIR!).set(signInAccount(normalizeDataDir(w.env.ALPHASWARM_ADMIN_DATA_DIR!)), JSON.stringify({ ...legacy, engineer: 'jane@alpha-swarm.ai' }));
    const r = await push();
    expect(r.json<{ state: string; reason: string }>()).toMatchObject({ state: 'queued', reason: expect.stringContaining(`signed in to the platform as ${mallory.email}`) });
    expect(w.fake.devices.size).toBe(0);
  });

  it('tokens go only to the platform that issued them: after the URL changes, nothing is sent to the new one', async () => {
    await login();
    const other = new PlatformFake({ alg: 'EdDSA', kid: w.key.kid, privateKey: w.key.privateKey });
    await other.start();
    try {
      const r = await w.run(['bundle', 'push', '--org', ORG, '--otp', await w.code(), '--json'], { ALPHASWARM_ADMIN_PLATFORM_URL: other.url });
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain(`You are signed in to ${w.fake.url}`);
      expect(other.requests.filter((q) => q.path === '/oauth/token' || q.path.startsWith('/v1/'))).toEqual([]);
      const out = await w.run(['platform', 'logout', '--json'], { ALPHASWARM_ADMIN_PLATFORM_URL: other.url });
      expect(out.code, out.stderr).toBe(0);
      expect(other.requests.filter((q) => q.path.includes('revoke'))).toEqual([]);
      expect(storedSignIn()).toBeUndefined();
    } finally {
      await other.stop();
    }
  });
});

describe('the profile refreshes itself while signed in, and the window is told (issue 19)', () => {
  const janes = (nowSec: number, days: number) => signProfile(w.key, profilePayload(nowSec, { exp: nowSec + days * 86400, settings: {}, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));

  it('within 7 days of the end, a background round imports the new profile, audited, and platform:status says when and what', async () => {
    await login();
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const now = Math.floor(w.clock.now() / 1000);
      // The profile in use now ends in 3 days (imported with the engineer's code, as a file would be).
      await h.ok(ipc.settings.importProfile, { text: janes(now, 3), code: await w.code() });
      const before = await h.ok(ipc.platform.status, {});
      expect(before.profile).toMatchObject({ refreshDue: true, lastAutomatic: null, expiresAt: new Date((now + 3 * 86400) * 1000).toISOString() });

      w.fake.profile = janes(now + 60, 30);
      await h.services.platformBackgroundTick();
      const after = await h.ok(ipc.platform.status, {});
      expect(after.profile.refreshDue).toBe(false);
      expect(after.profile.lastAutomatic).toEqual({ at: new Date(w.clock.now()).toISOString(), outcome: 'refreshed', message: expect.stringContaining('Imported your new profile, valid until') });
      expect(h.services.audit.list({ limit: 5, step: 'profile_refresh' }).rows.map((r) => r.outcome)).toEqual(['succeeded', 'pending']);

      // Not due any more: the next round fetches nothing.
      const fetches = w.fake.requests.filter((r) => r.path === '/v1/profile').length;
      await h.services.platformBackgroundTick();
      expect(w.fake.requests.filter((r) => r.path === '/v1/profile').length).toBe(fetches);
    } finally {
      h.close();
    }
  });

  it('a refresh that needs the engineer (another engineer’s profile) is not imported, and the window is told why; it is tried again only after 6 hours', async () => {
    await login();
    const h = await createHarness({ dataDir: w.env.ALPHASWARM_ADMIN_DATA_DIR, env: w.env, clock: w.clock });
    try {
      const now = Math.floor(w.clock.now() / 1000);
      await h.ok(ipc.settings.importProfile, { text: janes(now, 3), code: await w.code() });
      const jti = h.services.profiles.active()?.jti;
      const bob = { name: 'Bob Builder', email: 'bob@alpha-swarm.ai' };
      w.fake.profile = signProfile(w.key, profilePayload(now + 60, { engineer: bob, sub: bob.email, settings: {}, orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG) }] }));
      await h.services.platformBackgroundTick();
      expect(h.services.profiles.active()?.jti).toBe(jti);
      const failed = (await h.ok(ipc.platform.status, {})).profile.lastAutomatic;
      expect(failed).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/\S/) });
      const fetches = () => w.fake.requests.filter((r) => r.path === '/v1/profile').length;
      const tried = fetches();
      w.clock.advance(3_600_000);
      await h.services.platformBackgroundTick();
      expect(fetches()).toBe(tried);
      w.clock.advance(5 * 3_600_000 + 1000);
      await h.services.platformBackgroundTick();
      expect(fetches()).toBe(tried + 1);
    } finally {
      h.close();
    }
  });
});
