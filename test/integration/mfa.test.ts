import { afterEach, describe, expect, it } from 'vitest';
import { codeAt } from '../../main/mfa/totp.js';
import { SECRET_NAMES } from '../../main/credentials/secret-store.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

describe('step-up MFA', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('enrols through a pending seed that only replaces the old one once confirmed', async () => {
    h = await createHarness();
    expect(await h.ok(ipc.mfa.status, {})).toMatchObject({ enrolled: false, pendingEnrollment: false });
    const begun = await h.ok(ipc.mfa.beginEnrollment, {});
    expect(begun.otpauthUri).toMatch(/^otpauth:\/\/totp\/AlphaSwarm%20Onboarding:.+\?secret=[A-Z2-7]+/);
    expect(begun.qrSvg).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await h.ok(ipc.mfa.status, {})).toMatchObject({ enrolled: false, pendingEnrollment: true });
    const wrong = await h.call(ipc.mfa.confirmEnrollment, { code: '000000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'mfa_invalid' } });
    const seed = new URL(begun.otpauthUri).searchParams.get('secret')!;
    await h.ok(ipc.mfa.confirmEnrollment, { code: await codeAt(seed, h.clock.now() / 1000) });
    expect(await h.ok(ipc.mfa.status, {})).toMatchObject({ enrolled: true, pendingEnrollment: false });
    // The seed is a secret: encrypted in the store, never in plaintext in the database.
    expect(h.services.secrets.has(SECRET_NAMES.mfaSeed)).toBe(true);
    const row = h.services.db.prepare('SELECT token FROM secrets WHERE name = ?').get(SECRET_NAMES.mfaSeed) as { token: string };
    expect(row.token).not.toContain(seed);
    expect(row.token.startsWith('gAAAAA')).toBe(true);
  });

  it('replacing an enrolled seed needs a current code', async () => {
    h = await createHarness();
    await h.enrollMfa();
    expect(await h.call(ipc.mfa.beginEnrollment, {})).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
  });

  it('accepts each code once, also across a restart', async () => {
    h = await createHarness();
    const seed = await h.enrollMfa();
    h.clock.advance(30_000);
    const code = await codeAt(seed, h.clock.now() / 1000);
    await h.ok(ipc.mfa.verify, { orgId: 'acme-corp', code });
    expect(await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code })).toMatchObject({ ok: false, error: { code: 'mfa_invalid', message: 'That code was already used.' } });
    const again = await h.reopen();
    h = again;
    expect(await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code })).toMatchObject({ ok: false, error: { code: 'mfa_invalid', message: 'That code was already used.' } });
    // An older code (one step back) is also spent once a newer one was used.
    expect(await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: await codeAt(seed, h.clock.now() / 1000 - 30) })).toMatchObject({ ok: false });
  });

  it('grants a short window bound to one org', async () => {
    h = await createHarness();
    await h.stepUp('acme-corp');
    expect(h.services.grants.isGranted('acme-corp')).toBe(true);
    expect(h.services.grants.isGranted('other-org')).toBe(false);
    h.clock.advance(301_000);
    expect(h.services.grants.isGranted('acme-corp')).toBe(false);
  });

  it('backs off after repeated wrong codes, and the back-off survives a restart', async () => {
    h = await createHarness();
    const seed = await h.enrollMfa();
    for (let i = 0; i < 5; i++) await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: '000000' });
    h.clock.advance(1_000);
    const locked = await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: await codeAt(seed, h.clock.now() / 1000) });
    expect(locked).toMatchObject({ ok: false, error: { code: 'mfa_locked' } });
    h = await h.reopen();
    expect(await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: await codeAt(seed, h.clock.now() / 1000) })).toMatchObject({ ok: false, error: { code: 'mfa_locked' } });
    h.clock.advance(31_000);
    await h.ok(ipc.mfa.verify, { orgId: 'acme-corp', code: await codeAt(seed, h.clock.now() / 1000) });
    const rows = h.services.audit.list({ limit: 20, step: 'mfa_verify' }).rows;
    expect(rows.filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(rows)).not.toContain(seed);
  });

  it('refuses step-up before enrolment, saying how to enrol', async () => {
    h = await createHarness();
    expect(await h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: '123456' })).toMatchObject({ ok: false, error: { code: 'mfa_not_enrolled', hint: expect.stringMatching(/mfa enroll/) } });
  });
});
