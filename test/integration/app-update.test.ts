import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { type NodeUpdater, type UpdateFeed, V020_FILE, fixture, nodeUpdater, startUpdateFeed } from '../support/update-feed.js';
import { ipc } from '../support/contracts.js';

// The whole update path except Electron's own restart: a local HTTPS feed publishing v0.2.0 in
// electron-builder's format, a real electron-updater AppImageUpdater, the app's UpdateService and
// its IPC channels. The app under test is 0.1.0 (package.json).

const feedFiles = () => ({ 'latest.yml': fixture('latest-0.2.0.yml'), 'beta.yml': fixture('latest-0.2.0.yml'), [V020_FILE]: fixture(V020_FILE) });
const downloaded = (u: NodeUpdater) => (existsSync(u.cacheDir) ? readdirSync(u.cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.AppImage')) : []);

describe('updates from a generic HTTPS feed', () => {
  let feed: UpdateFeed;
  let h: Harness | undefined;
  let u: NodeUpdater;

  const open = async (env: Record<string, string> = {}) => {
    h = await createHarness({ env: { ALPHASWARM_ADMIN_UPDATE_URL: feed.url, ...env } });
    u = nodeUpdater(h.services.updates.currentVersion);
    h.services.updates.useUpdater(() => Promise.resolve(u.updater));
    return h;
  };
  // Oldest first.
  const updateRows = () => h!.services.audit.list({ step: 'app_update', limit: 50 }).rows.reverse();

  beforeAll(async () => {
    feed = await startUpdateFeed(feedFiles());
  });
  afterEach(() => {
    h?.close();
    h = undefined;
    for (const [k, v] of Object.entries(feedFiles())) feed.set(k, v);
  });
  afterAll(async () => feed.close());

  it('offers v0.2.0, downloads it, verifies its sha512, audits it, and waits to be asked before restarting', async () => {
    const h = await open();
    expect(h.services.updates.currentVersion).toBe('0.1.0');
    const checked = await h.ok(ipc.update.check, {});
    expect(checked).toMatchObject({ state: 'ready', version: '0.2.0', currentVersion: '0.1.0', channel: 'stable', feed: feed.url, busy: [] });
    expect(feed.requests).toEqual(expect.arrayContaining([expect.stringMatching(/^\/onboarding\/latest(-linux|-mac)?\.yml$/), `/onboarding/${V020_FILE}`]));
    // The verified file is in electron-updater's pending folder, byte for byte the published one.
    const [file] = downloaded(u);
    expect(readFileSync(join(u.cacheDir, file!))).toEqual(fixture(V020_FILE));
    expect(updateRows().map((r) => [r.outcome, r.detail])).toEqual([['succeeded', expect.objectContaining({ action: 'downloaded', version: '0.2.0', from: '0.1.0', channel: 'stable' })]]);
    // Nothing restarts by itself, and nothing installs on quit.
    expect(u.quits).toEqual([]);
    expect(u.updater.autoInstallOnAppQuit).toBe(false);
    expect(await h.ok(ipc.update.restart, { version: '0.2.0' })).toEqual({ restarting: true, version: '0.2.0' });
    await new Promise((r) => setImmediate(r));
    expect(u.quits).toEqual(['quitAndInstall(false, true)']);
    expect(updateRows().at(-1)).toMatchObject({ outcome: 'succeeded', detail: { action: 'install', version: '0.2.0', from: '0.1.0' } });
  });

  it('refuses a binary that does not match latest.yml: nothing downloaded is kept, the refusal is audited', async () => {
    const tampered = Buffer.from(fixture(V020_FILE));
    tampered[100] = (tampered[100] ?? 0) ^ 0xff;
    feed.set(V020_FILE, tampered);
    const h = await open();
    const s = await h.ok(ipc.update.check, {});
    expect(s).toMatchObject({ state: 'refused', version: '0.2.0' });
    expect(s.message).toContain("the downloaded file's sha512 does not match the one the feed published. Nothing was installed.");
    expect(downloaded(u)).toEqual([]);
    expect(updateRows().map((r) => [r.outcome, r.detail.action, r.detail.reason])).toEqual([['failed', 'download', 'sha512 mismatch']]);
    expect((await h.fails(ipc.update.restart, { version: '0.2.0' })).message).toBe('There is no downloaded update to install.');
    expect(u.quits).toEqual([]);
  });

  it('refuses a latest.yml whose sha512 was edited, and one that is not YAML at all', async () => {
    const yml = fixture('latest-0.2.0.yml').toString('utf8').replace(/sha512: (\S{10})/g, 'sha512: AAAAAAAAAA');
    feed.set('latest.yml', yml);
    const h = await open();
    expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'refused', version: '0.2.0' });
    expect(downloaded(u)).toEqual([]);
    h.close();
    feed.set('latest.yml', '{ version: [unterminated');
    const h2 = await open();
    const s = await h2.ok(ipc.update.check, {});
    expect(s.state).toBe('failed');
    expect(s.message).toMatch(/^Could not read the update feed: /);
    expect(downloaded(u)).toEqual([]);
  });

  it('never offers an older version, on either channel (electron-updater allows downgrades once a channel is set)', async () => {
    feed.set('latest.yml', fixture('latest-0.0.9.yml'));
    feed.set('beta.yml', fixture('latest-0.0.9.yml'));
    for (const channel of ['stable', 'beta']) {
      const h = await open({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: channel });
      const s = await h.ok(ipc.update.check, {});
      expect(s).toMatchObject({ state: 'idle', version: null, channel });
      expect(s.message).toBe(`Up to date (0.1.0, ${channel}).`);
      expect(u.updater.allowDowngrade).toBe(false);
      expect(downloaded(u)).toEqual([]);
      h.close();
    }
  });

  it('the beta channel reads beta.yml', async () => {
    const h = await open({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta' });
    feed.requests.length = 0;
    expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', channel: 'beta', version: '0.2.0' });
    expect(feed.requests[0]).toMatch(/^\/onboarding\/beta(-linux|-mac)?\.yml$/);
  });

  it('autoUpdate false turns it off: no request reaches the feed', async () => {
    const h = await open({ ALPHASWARM_ADMIN_AUTO_UPDATE: 'false' });
    feed.requests.length = 0;
    const s = await h.ok(ipc.update.check, {});
    expect(s).toMatchObject({ state: 'off', message: 'Updates are turned off in the environment (ALPHASWARM_ADMIN_AUTO_UPDATE=false).' });
    expect(feed.requests).toEqual([]);
  });

  it('the feed must be https; a bad channel or switch is refused in Settings with nothing written', async () => {
    const h = await open({ ALPHASWARM_ADMIN_UPDATE_URL: 'http://127.0.0.1:1/onboarding/' });
    expect(await h.ok(ipc.update.status, {})).toMatchObject({ state: 'off', message: 'Updates are off: ALPHASWARM_ADMIN_UPDATE_URL must be an https URL.' });
    for (const [name, value, says] of [
      ['ALPHASWARM_ADMIN_UPDATE_CHANNEL', 'nightly', 'must be stable or beta'],
      ['ALPHASWARM_ADMIN_AUTO_UPDATE', 'yes', 'must be true or false'],
    ] as const) {
      const e = await h.fails(ipc.settings.set, { name, value });
      expect(e).toMatchObject({ code: 'config_invalid', message: `${name} ${says}.` });
    }
    expect(h.services.settings.file.read().settings).toEqual({});
  });

  describe('never restarts in the middle of a wizard (against the AWS fake)', () => {
    let aws: AwsFake;
    let session: FakePrincipal;
    beforeAll(async () => {
      ({ fake: aws, session } = await startAwsFake());
    });
    afterAll(async () => aws.stop());

    it('waits while a wizard has proved an identity and not saved; restarts once it is saved', async () => {
      const h = await open(awsEnv(aws, session));
      const ORG = 'acme-corp';
      const ROLE = 'alphaswarm-broker-acme-corp';
      aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex')] });
      await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
      const target = { cloud: 'aws' as const, orgId: ORG, roleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE}` };
      await h.stepUp(ORG);
      await h.ok(ipc.cloud.validateIdentity, target);
      const s = await h.ok(ipc.update.check, {});
      expect(s).toMatchObject({ state: 'ready', busy: ['1 wizard part-way through'] });
      const refused = await h.fails(ipc.update.restart, { version: '0.2.0' });
      expect(refused).toMatchObject({ code: 'precondition_failed', message: 'Not restarting now: the app is in the middle of 1 wizard part-way through.' });
      expect(refused.hint).toContain('The update stays downloaded');
      expect(u.quits).toEqual([]);
      await h.ok(ipc.cloud.validatePermissions, target);
      await h.ok(ipc.cloud.connect, target);
      expect((await h.ok(ipc.update.status, {})).busy).toEqual([]);
      await h.ok(ipc.update.restart, { version: '0.2.0' });
      await new Promise((r) => setImmediate(r));
      expect(u.quits).toEqual(['quitAndInstall(false, true)']);
    });
  });

  it('a copy without an updater (the CLI, the browser fallback) says it cannot update itself', async () => {
    const plain = await createHarness({ env: { ALPHASWARM_ADMIN_UPDATE_URL: feed.url } });
    try {
      expect(await plain.ok(ipc.update.check, {})).toMatchObject({ state: 'unavailable', message: expect.stringContaining('cannot update itself') });
    } finally {
      plain.close();
    }
  });
});
