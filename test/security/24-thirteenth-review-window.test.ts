// Found by the thirteenth attacker review of issue 24: M-D1 (presenting), M-F1 (updates) and the quoting it noticed, each with the behaviour
// that now holds. The estate, ARM paging and audit findings are in 24-thirteenth-review.test.ts.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';
import { V020_FILE, fixture, nodeUpdater, startUpdateFeed, type UpdateFeed } from '../support/update-feed.js';

describe('M-D1 presenting mode: laptop-wide changes wait until the customer is not watching', () => {
  it('settings, secrets, the vault and step-up enrolment are refused while presenting, before any code or dialog; the CLI is unaffected', async () => {
    const h = await createHarness();
    try {
      await h.ok(ipc.orgs.add, { orgId: 'globex', displayName: 'Globex Inc' });
      await h.enrollMfa();
      const exports = join(homedir(), 'AlphaSwarm exports');
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: exports, code: await h.nextCode() });
      const win = { ...h.caller, window: true };
      expect((await h.services.router.call(ipc.presenting.enter, { orgId: 'globex' }, win)).ok).toBe(true);
      const prompts = h.prompts.length;
      const rows = h.services.audit.list({ limit: 1 }).total;
      const code = await h.nextCode();
      const calls = [
        h.services.router.call(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: '/srv/exports', code }, win),
        h.services.router.call(ipc.settings.unset, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', code }, win),
        h.services.router.call(ipc.settings.resetVault, { confirm: 'RESET' }, win),
        h.services.router.call(ipc.mfa.beginEnrollment, {}, win),
      ];
      for (const r of await Promise.all(calls)) {
        expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', message: expect.stringContaining('apply to every organisation on this laptop'), hint: expect.stringContaining('Leave presenting mode') } });
      }
      // No confirmation was shown over the shared window, no code was spent, nothing changed.
      expect(h.prompts.length).toBe(prompts);
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_EXPORT_DIR').value).toBe(exports);
      expect((await h.services.router.call(ipc.mfa.verify, { orgId: 'globex', code }, win)).ok).toBe(true);
      expect(h.services.audit.list({ limit: 1 }).total).toBeGreaterThan(rows);
      // The CLI has no presenting mode.
      expect((await h.call(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: '/srv/exports', code: await h.nextCode() })).ok).toBe(true);
    } finally {
      h.close();
    }
  });
});

describe('M-F1 a downloaded update is withdrawn when updates are turned off or moved', () => {
  let feed: UpdateFeed;
  let other: UpdateFeed;
  beforeAll(async () => {
    const files = { 'latest.yml': fixture('latest-0.2.0.yml'), 'beta.yml': fixture('latest-0.2.0.yml'), [V020_FILE]: fixture(V020_FILE) };
    [feed, other] = await Promise.all([startUpdateFeed(files), startUpdateFeed(files)]);
  });
  afterAll(async () => Promise.all([feed.close(), other.close()]));

  it.each([
    ['turned off', 'ALPHASWARM_ADMIN_AUTO_UPDATE', () => 'false', /updates are now off/],
    ['moved to another feed', 'ALPHASWARM_ADMIN_UPDATE_URL', () => other.url, /it came from .* and updates now come from/],
  ])('%s after the download: restart installs nothing and says why', async (_name, setting, value, why) => {
    const h = await createHarness();
    try {
      const u = nodeUpdater(h.services.updates.currentVersion);
      h.services.updates.useUpdater(() => Promise.resolve(u.updater));
      await h.enrollMfa();
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_UPDATE_URL', value: feed.url, code: await h.nextCode() });
      expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', version: '0.2.0' });
      await h.ok(ipc.settings.set, { name: setting, value: value(), code: await h.nextCode() });
      expect((await h.ok(ipc.update.status, {})).state).not.toBe('ready');
      const r = await h.fails(ipc.update.restart, { version: '0.2.0' });
      expect(r).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(why), hint: expect.stringContaining('Nothing was installed') });
      await new Promise((res) => setImmediate(res));
      expect(u.quits).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('left as it was, the download still installs', async () => {
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_UPDATE_URL: feed.url } });
    try {
      const u = nodeUpdater(h.services.updates.currentVersion);
      h.services.updates.useUpdater(() => Promise.resolve(u.updater));
      expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', version: '0.2.0' });
      expect(await h.ok(ipc.update.restart, { version: '0.2.0' })).toEqual({ restarting: true, version: '0.2.0' });
      await new Promise((res) => setImmediate(res));
      expect(u.quits.length).toBe(1);
    } finally {
      h.close();
    }
  });
});

describe('M-noticed: a management group id is quoted in every command the app prints', () => {
  it('the bootstrap note names the group in a form bash and PowerShell take as one word', async () => {
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: '0f1e2d3c-4b5a-4697-8877-665544332211', ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' } });
    try {
      const b = await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: 'acme-corp', tenantId: '11111111-2222-4333-8444-555555555555', managementGroupId: 'corp(prod)' });
      const text = b.notes.map((n) => n.text).join('\n');
      expect(text).toContain('--management-group "corp(prod)" --discover');
      expect(text).not.toContain('--management-group corp(prod)');
    } finally {
      h.close();
    }
  });
});

describe('fourteenth review N-P1, N-P2: presenting shows no other org in free text or the outbox', () => {
  it('another org named in a message reads as "another organisation"; outbox items of other orgs are not listed, and the outbox is not flushed while presenting', async () => {
    const { default: Database } = await import('better-sqlite3');
    const h = await createHarness();
    try {
      await h.ok(ipc.orgs.add, { orgId: 'acme-corp', displayName: 'Acme Corp' });
      await h.ok(ipc.orgs.add, { orgId: 'globex-secret', displayName: 'Globex Secret Labs' });
      const db = new Database(join(h.dataDir, 'alphaswarm.db'));
      const now = new Date(h.clock.now()).toISOString();
      const insert = db.prepare(`INSERT INTO platform_outbox (jti, body, sha256, device_kid, org_ids, connections, state, attempts, last_error, next_attempt_at, created_at, updated_at, reason) VALUES (?, 'x', ?, 'kid', ?, '[]', 'refused', 1, ?, 0, ?, ?, ?)`);
      insert.run('11111111-1111-4111-8111-111111111111', 'a'.repeat(64), JSON.stringify(['globex-secret']), 'refused for globex-secret', now, now, 'org globex-secret (Globex Secret Labs) is not assigned to you');
      insert.run('22222222-2222-4222-8222-222222222222', 'b'.repeat(64), JSON.stringify(['acme-corp', 'globex-secret']), 'refused', now, now, 'org globex-secret is not assigned to you');
      insert.run('33333333-3333-4333-8333-333333333333', 'c'.repeat(64), JSON.stringify(['acme-corp']), 'refused', now, now, 'acme-corp: the account is not registered; globex-secret is fine');
      db.close();
      const win = { ...h.caller, window: true };
      expect((await h.services.router.call(ipc.presenting.enter, { orgId: 'acme-corp' }, win)).ok).toBe(true);
      const list = await h.services.router.call(ipc.outbox.list, {}, win);
      const shown = JSON.stringify(list);
      expect(shown).not.toMatch(/globex|Globex/);
      expect(shown).not.toContain('11111111-1111-4111-8111-111111111111');
      // A send that carried the presented org with another is listed as the presented org's alone.
      expect(list.ok && list.value.items.map((i) => [i.jti.slice(0, 8), i.orgIds])).toEqual([['22222222', ['acme-corp']], ['33333333', ['acme-corp']]]);
      // The presented org's own item is there, with the other org in its text read as "another organisation".
      expect(shown).toContain('acme-corp: the account is not registered; another organisation is fine');
      const flush = await h.services.router.call(ipc.outbox.flush, {}, win);
      expect(flush).toMatchObject({ ok: false, error: { code: 'precondition_failed', details: { presenting: 'acme-corp' } } });
      // The CLI (no window) sees everything.
      expect(JSON.stringify(await h.ok(ipc.outbox.list, {}))).toContain('globex-secret');
    } finally {
      h.close();
    }
  });
});

describe('fourteenth review N-U1: a withdrawn update stays withdrawn', () => {
  let feed: UpdateFeed;
  beforeAll(async () => {
    feed = await startUpdateFeed({ 'latest.yml': fixture('latest-0.2.0.yml'), 'beta.yml': fixture('latest-0.2.0.yml'), [V020_FILE]: fixture(V020_FILE) });
  });
  afterAll(async () => feed.close());

  it('turned off and on again, here or in another process, the download is not installed until the feed is asked again', async () => {
    const h = await createHarness();
    const other = await createHarness({ dataDir: h.dataDir, clock: h.clock });
    try {
      const u = nodeUpdater(h.services.updates.currentVersion);
      h.services.updates.useUpdater(() => Promise.resolve(u.updater));
      await h.enrollMfa();
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_UPDATE_URL', value: feed.url, code: await h.nextCode() });
      expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', version: '0.2.0' });
      // Another process (the CLI) turns updates off and on again, with no status read here in between.
      await other.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_AUTO_UPDATE', value: 'false', code: await h.nextCode() });
      await other.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_AUTO_UPDATE', value: 'true', code: await h.nextCode() });
      const r = await h.fails(ipc.update.restart, { version: '0.2.0' });
      expect(r).toMatchObject({ code: 'precondition_failed', message: expect.stringContaining('the update settings changed after it was downloaded') });
      // Withdrawn for good: a second try and the status say so until the feed is asked again.
      expect((await h.ok(ipc.update.status, {})).state).toBe('idle');
      expect((await h.fails(ipc.update.restart, { version: '0.2.0' })).message).toContain('the update settings changed after it was downloaded');
      await new Promise((res) => setImmediate(res));
      expect(u.quits).toEqual([]);
      expect(await h.ok(ipc.update.check, {})).toMatchObject({ state: 'ready', version: '0.2.0' });
    } finally {
      other.close();
      h.close();
    }
  });
});
