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
