import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

/**
 * Profiles a platform written in Python signs: with joserfc, or by hand with json.dumps' defaults.
 * The files were made once by make_profiles.py (committed beside them) and are read as a laptop
 * would read them from a platform team.
 */
const DIR = join(import.meta.dirname, '../fixtures/jose-interop');
interface Fixture {
  readonly file: string;
  readonly key: string;
  readonly expect: string;
  readonly why: string;
  readonly deterministic: boolean;
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { now_sec: number; kids: Record<string, string>; files: Fixture[] };
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const clockAtIssue = () => new TestClock(manifest.now_sec * 1000);

describe('profiles signed by another JOSE implementation (python joserfc, json.dumps defaults)', () => {
  let h: Harness | undefined;
  afterEach(() => {
    h?.close();
    h = undefined;
  });

  for (const f of manifest.files.filter((x) => x.expect === 'accepted')) {
    it(`accepts ${f.file}: ${f.why}`, async () => {
      h = await createHarness({ clock: clockAtIssue() });
      const r = await h.ok(ipc.settings.importProfile, { text: read(f.file), trustKey: read(f.key), code: await h.freshCode() });
      // The "\u00e9" escapes read as the letters they stand for.
      expect(r.inspection).toMatchObject({ trust: 'first-use', keyFingerprint: manifest.kids[f.key], engineer: { name: 'José Núñez', email: 'jose@alpha-swarm.ai' }, orgIds: ['acme-corp'] });
      expect(r.profile).toMatchObject({ state: 'active', trust: { mode: 'first-use', fingerprints: [manifest.kids[f.key]] } });
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ value: '111122223333', source: 'profile' });
    });
  }

  it('an org on an Azure app, its ids written in upper case by the platform, uses that app (ids kept lowercase)', async () => {
    h = await createHarness({ clock: clockAtIssue() });
    await h.ok(ipc.settings.importProfile, { text: read('joserfc-azure-app.profile'), trustKey: read('platform-ed25519.jwk.json'), code: await h.freshCode() });
    expect(h.services.azureApps.azureAppFor('acme-corp')).toEqual({ clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', objectId: '9b2c1d0e-7a6f-4e5d-8c4b-3a2918076540', source: 'profile' });
  });

  it('a profile without its key in the header is verified by the trusted key itself, and only by that key', async () => {
    h = await createHarness({ clock: clockAtIssue() });
    const text = read('joserfc-eddsa.profile');
    // Without the key there is nothing to verify with, and it says how to give one.
    expect(await h.fails(ipc.settings.importProfile, { text })).toMatchObject({ code: 'precondition_failed', hint: expect.stringMatching(/--trust-key/), details: { reason: 'key_required' } });
    expect(await h.fails(ipc.settings.inspectProfile, { text })).toMatchObject({ details: { reason: 'key_required' }, hint: expect.stringMatching(/Choose the platform's key/) });
    // The window inspects it with the key file first: who it is for, and the key's fingerprint.
    expect(await h.ok(ipc.settings.inspectProfile, { text, trustKey: read('platform-ed25519.jwk.json') })).toMatchObject({ trust: 'first-use', keyFingerprint: manifest.kids['platform-ed25519.jwk.json'], engineer: { name: 'José Núñez' } });
    // Its fingerprint alone cannot verify it either; the key that did not sign it is refused.
    expect(await h.fails(ipc.settings.importProfile, { text, trustKey: read('platform-p256.jwk.json') })).toMatchObject({ details: { reason: 'alg_not_pinned' } });
    // Bad key input is refused before anything is verified or stored.
    expect(await h.fails(ipc.settings.importProfile, { text, trustKey: '{"kty":"OKP"' })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/not JSON/) });
    expect(await h.fails(ipc.settings.importProfile, { text, trustKey: JSON.stringify({ keys: [JSON.parse(read('platform-ed25519.jwk.json')), JSON.parse(read('platform-p256.jwk.json'))] }) })).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/set of 2 keys/),
    });
    expect(await h.fails(ipc.settings.importProfile, { text, trustKey: read('platform-ed25519.jwk.json'), acceptFingerprint: manifest.kids['platform-ed25519.jwk.json'] })).toMatchObject({ code: 'bad_request' });
    expect(h.services.profiles.status()).toMatchObject({ state: 'none', trust: { mode: 'none' } });

    await h.ok(ipc.settings.importProfile, { text, trustKey: read('platform-ed25519.jwk.json'), code: await h.freshCode() });
    // Pinned now: the next profile, by the same platform in another spelling, needs no key.
    const next = await h.ok(ipc.settings.importProfile, { text: read('python-defaults-eddsa.profile') });
    expect(next.profile.state).toBe('active');
    const audit = h.services.audit.list({ limit: 5, step: 'profile_import' }).rows;
    expect(audit.find((r) => r.outcome === 'succeeded' && r.detail.trust === 'first-use')).toMatchObject({ detail: { keyFingerprint: manifest.kids['platform-ed25519.jwk.json'] } });
  });

  it('a header carrying its jwk in json.dumps spelling still shows the fingerprint for trust on first use', async () => {
    h = await createHarness({ clock: clockAtIssue() });
    const text = read('python-defaults-es256-jwk.profile');
    const kid = manifest.kids['platform-p256.jwk.json']!;
    expect(await h.ok(ipc.settings.inspectProfile, { text })).toMatchObject({ trust: 'first-use', keyFingerprint: kid });
    expect(await h.ok(ipc.settings.importProfile, { text, acceptFingerprint: kid, code: await h.freshCode() })).toMatchObject({ profile: { state: 'active' } });
  });

  for (const f of manifest.files.filter((x) => x.expect !== 'accepted')) {
    it(`refuses ${f.file} (${f.expect}): ${f.why}`, async () => {
      h = await createHarness({ clock: clockAtIssue() });
      const e = await h.fails(ipc.settings.importProfile, { text: read(f.file), trustKey: read(f.key) });
      expect(e).toMatchObject({ details: { reason: f.expect } });
      expect(e.hint.length).toBeGreaterThan(10);
      expect(h.services.profiles.status().state).toBe('none');
    });
  }

  it('the CLI: settings import-profile FILE --trust-key KEY.json imports a joserfc profile', async () => {
    const clock = clockAtIssue();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'interop-cli-')), 'data') };
    const without = await cli(['settings', 'import-profile', join(DIR, 'joserfc-eddsa.profile')], env, clock);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/does not carry its signing key/);
    // Pinning the platform's key is a trust decision: a step-up code with it.
    const mfa = await enrolMfaWithCli(env, clock);
    const imported = await cli(['settings', 'import-profile', join(DIR, 'joserfc-eddsa.profile'), '--trust-key', join(DIR, 'platform-ed25519.jwk.json'), '--otp', await mfa.code(), '--json'], env, clock);
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({ imported: true, inspection: { trust: 'first-use', keyFingerprint: manifest.kids['platform-ed25519.jwk.json'], engineer: { name: 'José Núñez' } } });
    const refused = await cli(['settings', 'import-profile', join(DIR, 'duplicate-payload-key.profile'), '--json'], env, clock);
    expect(refused.code).toBe(3);
    expect(refused.json()).toMatchObject({ imported: false, reason: 'duplicate_key' });
  });

  const python = spawnSync('python3', ['-c', 'import joserfc, cryptography'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!python)('the committed fixtures are what make_profiles.py writes (Ed25519 signatures are deterministic)', () => {
    const out = mkdtempSync(join(tmpdir(), 'interop-fixtures-'));
    execFileSync('python3', [join(DIR, 'make_profiles.py'), out]);
    for (const name of ['manifest.json', 'platform-ed25519.jwk.json', 'platform-p256.jwk.json', ...manifest.files.filter((f) => f.deterministic).map((f) => f.file)]) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(read(name));
    }
  });
});
