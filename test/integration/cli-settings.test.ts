import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { createHarness } from '../support/harness.js';
import { ENGINEER, platformExternalId, platformKey, profilePayload } from '../support/profile.js';
import { vaultFor } from '../support/vaults.js';
import { ipc } from '../support/contracts.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

describe('CLI: settings set / unset, seen by the app and the CLI alike', () => {
  it('validates field by field; a bad value is refused with the field’s message and nothing is written', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-set-') };
    const mfa = await enrolMfaWithCli(env, clock);
    // The partner account is what customers trust: a change takes a code, and main's description is printed.
    const ok = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', '111122223333', '--otp', await mfa.code()], env, clock);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('✓ ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 111122223333 [settings file]');
    expect(ok.stderr).toContain('New: 111122223333');
    const file = join(env.ALPHASWARM_ADMIN_DATA_DIR, 'settings.json');
    const written = readFileSync(file, 'utf8');
    expect(JSON.parse(written)).toMatchObject({ settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333' }, __internal__: { migrations: { version: '2.0.0' } } });

    const bad = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', '1234'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID must be a 12-digit AWS account id.');
    expect(readFileSync(file, 'utf8')).toBe(written);
    const secret = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', 'not-a-real-hmac-key-value'], env, clock);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/a secret; secrets never go into the settings file/);
    const hostile = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE', '${file("/etc/passwd")}'], env, clock);
    expect(hostile.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(written);

    // The app, opened on the same folder, sees it — and sees it go.
    const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, clock });
    try {
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ value: '111122223333', source: 'settings file' });
      expect((await cli(['settings', 'unset', 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', '--otp', await mfa.code()], env, clock)).code).toBe(0);
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID').source).toBe('unset');
      // And what the app sets, the CLI reads.
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', value: '4' });
      expect((await cli(['settings', 'status', '--json'], env, clock)).json<{ general: { name: string; value: string; source: string }[] }>().general.find((s) => s.name === 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY')).toMatchObject({
        value: '4',
        source: 'settings file',
      });
      expect(h.services.audit.list({ limit: 5, step: 'settings_change' }).rows[0]!.detail).toMatchObject({ name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', value: '4' });
    } finally {
      h.close();
    }
  });

  it('an environment value wins, and its field is locked', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-env-'), ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '999988887777' };
    const r = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', '111122223333'], env, clock);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/set in the environment, which wins over Settings/);
    const status = await cli(['settings', 'status'], env, clock);
    expect(status.stdout).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 999988887777 [environment] (locked: environment)');
  });

  it('migrates a first-release settings file (flat names) and keeps every value', async () => {
    const clock = new TestClock();
    const dir = tmp('cli-migrate-');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333', ALPHASWARM_ADMIN_AZURE_CLOUD: 'AzureUSGovernment' }));
    const env = { ALPHASWARM_ADMIN_DATA_DIR: dir };
    // Read as it is…
    expect((await cli(['settings', 'status', '--json'], env, clock)).json<{ clouds: { identities: { name: string; source: string }[] }[] }>().clouds[0]!.identities[0]).toMatchObject({ source: 'settings file' });
    // …and migrated on the next write.
    expect((await cli(['settings', 'set', 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', '3'], env, clock)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      __internal__: { migrations: { version: '2.0.0' } },
      settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333', ALPHASWARM_ADMIN_AZURE_CLOUD: 'AzureUSGovernment', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '3' },
      orgs: {},
      preferences: {},
    });
  });

  it('a per-org role name, and the short form for org ids too long for the pattern', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-role-'), ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333', ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'admin-hmac-key-0123456789abcdef' };
    const long = `a${'b'.repeat(60)}z`;
    const boot = (await cli(['bootstrap', 'aws', '--org', long, '--json'], env, clock)).json<{ roleName: string; notes: { text: string }[] }>();
    expect(boot.roleName.length).toBeLessThanOrEqual(64);
    expect(boot.roleName).toMatch(/^alphaswarm-broker-ab+-[0-9a-f]{8}$/);
    expect(boot.notes.map((n) => n.text).join(' ')).toMatch(/short form/);
    // Deterministic: the same name every time.
    expect((await cli(['bootstrap', 'aws', '--org', long, '--json'], env, clock)).json<{ roleName: string }>().roleName).toBe(boot.roleName);
    // An org's role name is named in its trust policy: a step-up code, like an identity setting.
    const mfa = await enrolMfaWithCli(env, clock);
    const refused = await cli(['settings', 'role-name', long, 'AlphaSwarmLongCustomer'], env, clock);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`settings role-name ${long} NAME --otp CODE`);
    expect((await cli(['settings', 'role-name', long, 'AlphaSwarmLongCustomer', '--otp', await mfa.code()], env, clock)).code).toBe(0);
    expect((await cli(['bootstrap', 'aws', '--org', long, '--json'], env, clock)).json()).toMatchObject({ roleName: 'AlphaSwarmLongCustomer', roleNameSource: 'settings file' });
    // Only that org changed.
    expect((await cli(['bootstrap', 'aws', '--org', 'acme-corp', '--json'], env, clock)).json()).toMatchObject({ roleName: 'alphaswarm-broker-acme-corp' });
    expect((await cli(['settings', 'role-name', long, '--clear', '--otp', await mfa.code()], env, clock)).code).toBe(0);
    expect((await cli(['bootstrap', 'aws', '--org', long, '--json'], env, clock)).json()).toMatchObject({ roleName: boot.roleName });
  });
});

describe('CLI: import-profile and profile sign', () => {
  it('signs on the platform side, imports on the laptop (trust on first use), and bootstraps without an HMAC key', async () => {
    const clock = new TestClock();
    const work = tmp('cli-profile-');
    const key = platformKey();
    writeFileSync(join(work, 'platform.jwk'), JSON.stringify(key.privateJwk));
    writeFileSync(join(work, 'public.jwk'), JSON.stringify(key.publicJwk));
    writeFileSync(join(work, 'payload.json'), JSON.stringify(profilePayload(Math.floor(clock.now() / 1000))));
    // The platform side needs no data folder.
    const signed = await cli(['profile', 'sign', '--key', join(work, 'platform.jwk'), '--in', join(work, 'payload.json'), '--out', join(work, 'jane.profile')], {}, clock);
    expect(signed.code).toBe(0);
    expect(signed.stdout).toContain(`key fingerprint ${key.kid}`);
    // A payload the app would refuse is never written.
    writeFileSync(join(work, 'bad.json'), JSON.stringify(profilePayload(Math.floor(clock.now() / 1000), { settings: { ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'x'.repeat(30) } })));
    const refused = await cli(['profile', 'sign', '--key', join(work, 'platform.jwk'), '--in', join(work, 'bad.json'), '--out', join(work, 'bad.profile')], {}, clock);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Not written: the app would refuse this profile \(bad_payload\)/);

    const env = { ALPHASWARM_ADMIN_DATA_DIR: join(work, 'data') };
    const noTrust = await cli(['settings', 'import-profile', join(work, 'jane.profile')], env, clock);
    expect(noTrust.code).toBe(2);
    expect(noTrust.stderr).toContain(key.kid);
    expect(noTrust.stderr).toMatch(/--accept-fingerprint/);
    const wrong = await cli(['settings', 'import-profile', join(work, 'jane.profile'), '--accept-fingerprint', platformKey().kid], env, clock);
    expect(wrong.code).toBe(2);

    // Pinning the key is a trust decision: the file is checked first, then a step-up code is needed.
    const noCode = await cli(['settings', 'import-profile', join(work, 'jane.profile'), '--trust-key', join(work, 'public.jwk')], env, clock);
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toContain(`settings import-profile ${join(work, 'jane.profile')} --otp CODE`);
    const mfa = await enrolMfaWithCli(env, clock);
    const imported = await cli(['settings', 'import-profile', join(work, 'jane.profile'), '--trust-key', join(work, 'public.jwk'), '--otp', await mfa.code(), '--json'], env, clock);
    expect(imported.code).toBe(0);
    expect(imported.json()).toMatchObject({ imported: true, profile: { state: 'active', engineer: ENGINEER }, inspection: { trust: 'first-use' } });
    const status = await cli(['settings', 'status'], env, clock);
    expect(status.stdout).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID = 111122223333 [profile] (locked: profile)');
    expect(status.stdout).toMatch(/Platform profile: active — Jane Field <jane@alpha-swarm.ai>, 2 orgs/);

    const boot = await cli(['bootstrap', 'aws', '--org', 'acme-corp', '--json'], env, clock);
    expect(boot.code).toBe(0);
    expect(boot.json()).toMatchObject({ externalId: platformExternalId('acme-corp'), externalIdSource: 'profile' });
    const unassigned = await cli(['bootstrap', 'aws', '--org', 'initech'], env, clock);
    expect(unassigned.code).toBe(2);
    expect(unassigned.stderr).toContain('initech is not assigned to you: import a profile that includes it, or set ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET');

    // A tampered profile is a rejection: exit 3 with its reason, as bundle verify reports it.
    const text = readFileSync(join(work, 'jane.profile'), 'utf8').trim();
    const [h, p, s] = text.split('.');
    writeFileSync(join(work, 'tampered.profile'), `${h}.${p!.slice(0, -2)}AA.${s}`);
    const tampered = await cli(['settings', 'import-profile', join(work, 'tampered.profile'), '--json'], env, clock);
    expect(tampered.code).toBe(3);
    expect(tampered.json()).toMatchObject({ imported: false, reason: expect.stringMatching(/bad_signature|malformed/) });
  });
});

describe('Reset local vault: the way forward when the keychain lost the data key', () => {
  it('drops what cannot be read, resets MFA, and says what to redo — behind a typed confirmation', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-reset-') };
    await enrolMfaWithCli(env, clock);
    expect((await cli(['device', 'key', '--json'], env, clock)).code).toBe(0);
    // Nothing to reset while every secret reads.
    const nothing = await cli(['settings', 'reset-vault', '--confirm', 'RESET'], env, clock);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('Every secret on this laptop can still be read');

    // A new laptop user, a wiped keychain: the data key is gone.
    vaultFor(env.ALPHASWARM_ADMIN_DATA_DIR).delete(dataKeyAccount(env.ALPHASWARM_ADMIN_DATA_DIR));
    const stuck = await cli(['mfa', 'status', '--json'], env, clock);
    expect(stuck.json()).toMatchObject({ enrolled: true });
    expect((await cli(['settings', 'status'], env, clock)).stdout).toMatch(/2 stored secrets are unreadable .*settings reset-vault/);

    const unconfirmed = await cli(['settings', 'reset-vault', '--confirm', 'yes'], env, clock);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('Not confirmed');

    const reset = await cli(['settings', 'reset-vault', '--confirm', 'RESET', '--json'], env, clock);
    expect(reset.code).toBe(0);
    expect(reset.json()).toMatchObject({
      dropped: expect.arrayContaining(['the step-up MFA enrolment', "this laptop's bundle-signing key"]),
      redo: expect.arrayContaining([expect.stringMatching(/Set up step-up MFA again/), expect.stringMatching(/new device key/)]),
    });
    expect((await cli(['mfa', 'status', '--json'], env, clock)).json()).toMatchObject({ enrolled: false });
    // And the way forward works: enrol again.
    await enrolMfaWithCli(env, clock);
    const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, clock });
    try {
      expect(h.services.audit.list({ limit: 20, step: 'vault_reset' }).rows.map((r) => r.outcome)).toEqual(['succeeded', 'pending', 'failed', 'pending']);
    } finally {
      h.close();
    }
  });
});
