// Found by the fifth attacker review of issue 24 (probes E1–E11), each with the behaviour that now holds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fernet } from '../../main/credentials/fernet.js';
import { redactCredentials } from '../../shared/domain/secret-shapes.js';
import { withoutTriggers } from '../support/audit-tamper.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { normalizeDataDir } from '../../main/settings.js';
import { runTogether } from '../support/children.js';
import { ipc } from '../support/contracts.js';
import { FileKeyVault } from '../support/file-key-vault.js';
import { createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { vaultFor } from '../support/vaults.js';

const CHILD = 'test/security/support/concurrent-child.ts';

describe('E5 first keys made by several processes at once (the app beside CLIs)', () => {
  it('four processes storing their first secrets share one data key: every secret reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-data-key-'));
    const vaultDir = mkdtempSync(join(tmpdir(), 'shared-keychain-'));
    const runs = await runTogether(CHILD, 4, (i) => ['first-secret', String(i)], { ALPHASWARM_ADMIN_DATA_DIR: dir, CHILD_VAULT_DIR: vaultDir });
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const h = await createHarness({ dataDir: dir, keyVault: new FileKeyVault(vaultDir) });
    for (let i = 0; i < 4; i++) expect(h.services.secrets.read(`child-${i}`)).toEqual({ status: 'ok', value: `value-of-child-${i}` });
    h.close();
  }, 120_000);

  it('three processes signing their first checkpoint use one device key: the log verifies and checkpoints go on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'first-device-key-'));
    const dataKey = Fernet.generateKey();
    const keychain = testKeychainService();
    const runs = await runTogether(CHILD, 3, (i) => ['first-device-key', String(i)], { ALPHASWARM_ADMIN_DATA_DIR: dir, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: keychain, CHILD_DATA_KEY: dataKey });
    for (const r of runs) expect(r, r.stderr.slice(-3000)).toMatchObject({ code: 0 });
    expect(new Set(runs.map((r) => (JSON.parse(r.stdout.trim()) as { fingerprint: string }).fingerprint)).size).toBe(1);
    vaultFor(dir).set(dataKeyAccount(normalizeDataDir(dir)), dataKey);
    const h = await createHarness({ dataDir: dir, keychainService: keychain });
    expect(await h.ok(ipc.audit.verify, {})).toMatchObject({ ok: true });
    const created = (await h.ok(ipc.audit.list, { limit: 100 })).rows.filter((r) => r.step === 'device_key');
    expect(created).toHaveLength(1);
    await expect(h.services.anchor.checkpoint()).resolves.toBeDefined();
    h.close();
  }, 120_000);
});

describe('E1 a secret given to the wrong command never reaches the audit log', () => {
  it('settings:set with a secret setting, or a misspelt name, is refused before any row is written', async () => {
    const h = await createHarness();
    const key = 'hmac-key-typed-into-the-wrong-command-7f3a9c';
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', value: key })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/is a secret/) });
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXTERNAL_ID_SECRET', value: key })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/no setting called/) });
    const rows = JSON.stringify([...h.services.audit.all()]);
    expect(rows).not.toContain(key);
    expect(rows).not.toContain('settings_change');
    h.close();
  });
});

describe('E3/E8 a code is never spent on a change that would do nothing or cannot be written', () => {
  const NAME = 'ALPHASWARM_ADMIN_EXPORT_DIR';

  it('removing what is not set, or setting what is already set, is refused before the code; the code still works', async () => {
    const h = await createHarness();
    await h.enrollMfa();
    const code = await h.nextCode();
    expect(await h.fails(ipc.settings.unset, { name: NAME, code })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('nothing to remove') });
    expect(h.prompts).toHaveLength(0);
    await h.ok(ipc.settings.set, { name: NAME, value: '/srv/exports', code });
    expect(await h.fails(ipc.settings.set, { name: NAME, value: '/srv/exports', code: await h.nextCode() })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('already has that value') });
    expect(h.prompts).toHaveLength(1);
    h.close();
  });

  it.each([
    ['written by a newer version', JSON.stringify({ __internal__: { migrations: { version: '999.0.0' } }, settings: {}, orgs: {}, preferences: {} })],
    ['not JSON', '{"settings": {'],
  ])('a settings file %s: refused before main shows anything; the code is not spent', async (_why, text) => {
    const h = await createHarness();
    await h.enrollMfa();
    writeFileSync(join(h.dataDir, 'settings.json'), text);
    const code = await h.nextCode();
    expect(await h.fails(ipc.settings.set, { name: NAME, value: '/srv/exports', code })).toMatchObject({ code: 'precondition_failed' });
    expect(h.prompts).toHaveLength(0);
    // The same code still answers a step-up: it was never spent.
    await h.ok(ipc.mfa.verify, { orgId: '__platform__', code });
    h.close();
  });
});

describe('E7 a profile changing an org\'s AWS role name is an identity decision, even from the pinned key', () => {
  it('needs a code; main lists the org with the old and the new name', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    const now = Math.floor(h.clock.now() / 1000);
    const orgs = (role: string) => [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp'), aws_role_name: role }];
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(now, { orgs: orgs('AlphaSwarmReadOnly') })), code: await h.freshCode() });
    h.clock.advance(60_000);
    const admin = signProfile(key, profilePayload(now + 60, { orgs: orgs('OrganizationAccountAccessRole') }));
    expect(await h.fails(ipc.settings.importProfile, { text: admin })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('the AWS role name of acme-corp') });
    h.confirmAnswer = false;
    expect(await h.fails(ipc.settings.importProfile, { text: admin, code: await h.nextCode() })).toMatchObject({ code: 'cancelled' });
    const prompt = h.prompts.at(-1)!;
    expect(prompt.detail).toContain('- acme-corp: OrganizationAccountAccessRole (was AlphaSwarmReadOnly)');
    expect(h.services.settings.orgOverrides('acme-corp')).toEqual({});
    h.close();
  });
});

describe('E2 replacing the step-up MFA seed is confirmed by main before the current code is spent', () => {
  it('declined: nothing changes and the code still works; a transport without its own confirmation cannot do it', async () => {
    const h = await createHarness();
    await h.enrollMfa();
    const code = await h.nextCode();
    const bare = await h.services.router.call(ipc.mfa.beginEnrollment, { currentCode: code }, { actor: 'app:test', trusted: true });
    expect(bare).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: expect.stringContaining('mfa enroll --otp CODE') } });
    h.confirmAnswer = false;
    expect(await h.fails(ipc.mfa.beginEnrollment, { currentCode: code })).toMatchObject({ code: 'cancelled' });
    expect(h.prompts.at(-1)).toMatchObject({ title: 'Replace step-up MFA', detail: expect.stringContaining('whoever scans the new QR code approves') });
    expect((await h.ok(ipc.mfa.status, {})).pendingEnrollment).toBe(false);
    // Never spent: the same code still steps up.
    await h.ok(ipc.mfa.verify, { orgId: 'acme-corp', code });
    h.close();
  });
});

describe('E9 an argument a command does not take is never repeated, whatever its shape', () => {
  it('an HMAC key given to import-secret as an argument, or an extra word anywhere, is named by position only', async () => {
    const key = 'k3y-with-no-token-shape-but-secret-9d41e0';
    const env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'extra-argument-')) };
    const clock = new TestClock();
    const importing = await cli(['settings', 'import-secret', 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', key], env, clock);
    expect(importing.code).toBe(2);
    expect(importing.stderr).toContain('reads the key from standard input');
    for (const argv of [['mfa', 'status', key], ['audit', 'list', key], ['settings', 'reset-vault', key], ['bundle', 'export', key]]) {
      const r = await cli(argv, env, clock);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Unexpected argument \(word \d after the command name\)/);
      expect(r.stdout + r.stderr).not.toContain(key);
    }
    expect(importing.stdout + importing.stderr).not.toContain(key);
  });

  it('redaction sees through a zero-width space, and takes a short Authorization value too', () => {
    const token = `cfut_${'Ab1'.repeat(10)}`;
    const split = `${token.slice(0, 12)}\u200b${token.slice(12)}`;
    expect(redactCredentials(`stderr: ${split}`)).toBe('stderr: [redacted]');
    expect(redactCredentials('Authorization: Bearer s3cr3t')).toBe('Authorization: [redacted]');
  });
});

describe('E11 a rebuild never removes the build a running CLI started on a moment ago', () => {
  it('an old build that just stopped being current survives two rebuilds in a row', () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-builds-'));
    const build = (salt: string) => {
      execFileSync(process.execPath, ['scripts/build-cli.mjs', '--out-root', out], { env: { ...process.env, ALPHASWARM_CLI_BUILD_SALT: salt }, stdio: 'pipe' });
      return (JSON.parse(readFileSync(join(out, 'cli.json'), 'utf8')) as { dir: string }).dir;
    };
    const first = build('first');
    // Built two hours ago, and current until now: a CLI started on it a moment ago.
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(out, first), twoHoursAgo, twoHoursAgo);
    build('second');
    build('third');
    expect(existsSync(join(out, first, 'main.mjs'))).toBe(true);
  }, 120_000);
});

describe('F12 (sixth review) a profile for another engineer is not taken from the window alone', () => {
  it('needs a code; main names both engineers', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    const now = Math.floor(h.clock.now() / 1000);
    const orgs = [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') }];
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(now, { orgs, settings: {} })), code: await h.freshCode() });
    h.clock.advance(60_000);
    const bob = { name: 'Bob Builder', email: 'bob@alpha-swarm.ai' };
    const theirs = signProfile(key, profilePayload(now + 60, { orgs, settings: {}, engineer: bob, sub: bob.email }));
    expect(await h.fails(ipc.settings.importProfile, { text: theirs })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('the engineer it is for') });
    await h.ok(ipc.settings.importProfile, { text: theirs, code: await h.freshCode() });
    expect(h.prompts.at(-1)!.detail).toMatch(/Profile for: Bob Builder <bob@alpha-swarm\.ai>\n {2}\(was .+<.+>: every later audit row names the new engineer; protected\)/);
    h.close();
  });
});

describe('F5 (sixth review) the audit anchor survives a vault reset, a moved folder, and two processes', () => {
  const rows = (h: { services: { audit: { append: (e: never) => unknown } } }, n: number, tag: string) => {
    for (let i = 0; i < n; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { [tag]: i } } as never);
  };

  it('"Reset local vault" after a cut does not launder it: what the last signed checkpoint covered is still checked', async () => {
    const h0 = await createHarness();
    rows(h0, 30, 'n');
    await h0.services.anchor.checkpoint();
    rows(h0, 5, 'after');
    const db = h0.services.db;
    withoutTriggers(db, () => {
      db.prepare('DELETE FROM audit_log WHERE seq > 10').run();
      db.prepare("UPDATE sqlite_sequence SET seq = 10 WHERE name = 'audit_log'").run();
    });
    // The device key's ciphertext spoilt: the reset then has something to drop, and retires its checkpoints.
    db.prepare("UPDATE secrets SET key_id = 'a-key-that-is-gone' WHERE name = 'device/signing-key'").run();
    const h = await h0.reopen();
    await h.ok(ipc.settings.resetVault, { confirm: 'RESET' });
    const after = await h.ok(ipc.audit.verify, {});
    expect(after.ok).toBe(false);
    expect(after.anchor.findings.join(' ')).toMatch(/Rows \d+–\d+ are gone/);
    await expect(h.services.anchor.checkpoint()).rejects.toThrow(/are gone/);
    h.close();
  });

  it('an intact log stays clean through a vault reset: the retired checkpoint still matches it', async () => {
    const h0 = await createHarness();
    rows(h0, 30, 'n');
    await h0.services.anchor.checkpoint();
    h0.services.db.prepare("UPDATE secrets SET key_id = 'a-key-that-is-gone' WHERE name = 'device/signing-key'").run();
    const h = await h0.reopen();
    await h.ok(ipc.settings.resetVault, { confirm: 'RESET' });
    expect(await h.ok(ipc.audit.verify, {})).toMatchObject({ ok: true });
    await h.services.anchor.checkpoint();
    expect(await h.ok(ipc.audit.verify, {})).toMatchObject({ ok: true });
    h.close();
  });

  it('a data folder moved behind a symlink keeps its keychain record: a cut log there is still found', async () => {
    const base = mkdtempSync(join(tmpdir(), 'moved-folder-'));
    const dataDir = join(base, 'AlphaSwarm');
    const keyVault = new FileKeyVault(join(base, 'keychain'));
    const h = await createHarness({ dataDir, keyVault });
    rows(h, 30, 'n');
    await h.services.anchor.checkpoint();
    const db = h.services.db;
    withoutTriggers(db, () => {
      db.prepare('DELETE FROM audit_checkpoints').run();
      db.prepare('DELETE FROM audit_log WHERE seq > 10').run();
      db.prepare("UPDATE sqlite_sequence SET seq = 10 WHERE name = 'audit_log'").run();
    });
    h.close();
    renameSync(dataDir, join(base, 'AlphaSwarm.moved'));
    symlinkSync(join(base, 'AlphaSwarm.moved'), dataDir);
    const moved = await createHarness({ dataDir, keyVault });
    const v = await moved.services.anchor.verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/remembers checkpoint 1/);
    moved.close();
  });
});

describe('F5b (sixth review) two processes checkpointing at once never move the keychain record back', () => {
  it('a slow keychain write in one process lands before the other records its later checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mark-order-'));
    const vaultDir = mkdtempSync(join(tmpdir(), 'mark-keychain-'));
    const env = { ALPHASWARM_ADMIN_DATA_DIR: dir, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), CHILD_VAULT_DIR: vaultDir };
    const vault = new FileKeyVault(vaultDir);
    const h0 = await createHarness({ dataDir: dir, keyVault: vault, keychainService: env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE });
    for (let i = 0; i < 10; i++) h0.services.audit.append({ actor: 'cli:setup', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { i } });
    await h0.services.deviceKey.info();
    h0.close();
    const runs = await runTogether(CHILD, 2, (i) => [i === 0 ? 'slow-mark' : 'quick-mark'], env);
    for (const r of runs) expect(r, r.stderr.slice(-2000)).toMatchObject({ code: 0 });
    const h = await createHarness({ dataDir: dir, keyVault: vault, keychainService: env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE });
    const latest = h.services.db.prepare('SELECT max(n) FROM audit_checkpoints').pluck().get() as number;
    expect(latest).toBe(2);
    // Cutting checkpoint 2 and the rows it signed is found: the record names checkpoint 2.
    const cp1 = h.services.db.prepare('SELECT last_seq FROM audit_checkpoints WHERE n = 1').pluck().get() as number;
    withoutTriggers(h.services.db, () => {
      h.services.db.prepare('DELETE FROM audit_checkpoints WHERE n > 1').run();
      h.services.db.prepare('DELETE FROM audit_log WHERE seq > ?').run(cp1);
      h.services.db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'").run(cp1);
    });
    const v = await h.services.anchor.verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/remembers checkpoint 2/);
    h.close();
  }, 120_000);
});

describe('F9 (sixth review) a key typed where a command or a cloud goes is not repeated', () => {
  it('an unknown command or cloud is named when it reads like one, and not when it could be a secret', async () => {
    const key = 'Zk3yWithNoTokenShape0123456789abc';
    const env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'word-echo-')) };
    const clock = new TestClock();
    for (const argv of [[key], ['connect', key, '--org', 'acme-corp'], ['bootstrap', key, '--org', 'acme-corp']]) {
      const r = await cli(argv, env, clock);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout + r.stderr).not.toContain(key);
      expect(r.stderr).toContain('not repeated here');
    }
    expect((await cli(['bootstarp'], env, clock)).stderr).toContain('unknown command "bootstarp"');
    expect((await cli(['bootstrap', 'oracle', '--org', 'acme-corp'], env, clock)).stderr).toContain('"oracle" is not a cloud');
  });
});

describe('G7 (seventh review) every table counts toward "this database was used", or says why not', () => {
  it('no table is forgotten: a new one must join one list or the other', async () => {
    const { NOT_A_SIGN_OF_USE, USED_IF_ANY_ROW } = await import('../../main/audit/audit-anchor.js');
    const h = await createHarness();
    const tables = h.services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    h.close();
    const listed = new Set<string>([...USED_IF_ANY_ROW, ...Object.keys(NOT_A_SIGN_OF_USE)]);
    expect(tables.filter((t) => !listed.has(t))).toEqual([]);
    expect([...listed].filter((t) => !tables.includes(t))).toEqual([]);
  });
});
