import { cfSecret } from '../support/seed.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CloudflareWorld, daysFromNow, resetCloudflare, startCloudflareWorld } from '../support/cloudflare-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { forCloud, ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const DNS = ['Zone Read', 'DNS Write'];


describe('Cloudflare scoped tokens, against the Cloudflare API fake', () => {
  let world: CloudflareWorld;
  let h: Harness;

  beforeAll(async () => {
    world = await startCloudflareWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetCloudflare(world);
    h = await createHarness({ env: world.env() });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const target = (extra: Record<string, unknown> = {}) => ({ cloud: 'cloudflare' as const, orgId: ORG, template: 'dns_edit' as const, ...extra });

  it('bootstrap gives the documented template links for user- and account-owned tokens', async () => {
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'cloudflare', orgId: ORG, template: 'dns_edit' }), 'cloudflare');
    const keys = encodeURIComponent(JSON.stringify([{ key: 'zone', type: 'read' }, { key: 'dns', type: 'edit' }]));
    expect(b.userTokenUrl).toBe(`https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=${keys}&accountId=%2A&zoneId=all&name=AlphaSwarm%20acme-corp%20(dns_edit)`);
    expect(b.accountTokenUrl).toBe(`https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=${keys}&name=AlphaSwarm%20acme-corp%20(dns_edit)`);
    expect(b.permissionGroups).toEqual(['Zone · Zone Read', 'Zone · DNS Write']);
    expect(b.templates.map((t) => t.id)).toEqual(['dns_edit', 'tunnel', 'r2', 'access', 'worker']);
  });

  it.each([
    ['a Global API key', '0123456789abcdef0123456789abcdef01234', /Global API key/],
    ['a new-format Global API key', 'cfk_1234567890abcdefghijklmnopqrstuv', /Global API key/],
    ['an Origin CA key', 'v1.0-0123456789abcdef-0123456789abcdef', /Origin CA key/],
    ['an email + key pair', 'admin@acme.example 0123456789abcdef0123456789abcdef01234', /email address and key pair/],
    ['an email:key pair', 'admin@acme.example:0123456789abcdef0123456789abcdef01234', /email address and key pair/],
    ['junk', 'hello world', /not a Cloudflare API token/],
  ])('refuses %s before sending anything, without repeating it', async (_n, value, reason) => {
    const e = await h.fails(ipc.cloud.validateIdentity, target({ token: value }));
    expect(e).toMatchObject({ code: 'bad_request', field: 'token', message: expect.stringMatching(reason) });
    expect(JSON.stringify(e)).not.toContain(value);
    expect(world.fake.calls()).toBe(0);
  });

  it('accepts cfut_, cfat_ and legacy 40-character tokens', async () => {
    for (const format of ['user', 'legacy'] as const) {
      const t = world.fake.addToken({ permissionGroups: DNS, format, expiresOn: daysFromNow(60) });
      expect(await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }))).toMatchObject({ tokenId: t.id, status: 'active', accountOwned: false });
    }
    const owned = world.fake.addToken({ permissionGroups: DNS, format: 'account', ownerAccountId: world.accountId, expiresOn: daysFromNow(60) });
    expect(await h.fails(ipc.cloud.validateIdentity, target({ token: owned.value }))).toMatchObject({ code: 'bad_request', field: 'accountId' });
    expect(await h.ok(ipc.cloud.validateIdentity, target({ token: owned.value, accountId: world.accountId }))).toMatchObject({ accountOwned: true, accountId: world.accountId });
    expect(await h.fails(ipc.cloud.validateIdentity, target({ token: owned.value, accountId: 'f'.repeat(32) }))).toMatchObject({ code: 'cloud_denied', field: 'accountId' });
  });

  it.each([
    ['expired', { status: 'expired' as const, expiresOn: daysFromNow(-3) }, /expired/],
    ['disabled', { status: 'disabled' as const }, /disabled/],
    ['not yet valid', { notBefore: daysFromNow(2) }, /not valid until/],
  ])('gives an %s token its own message', async (_n, state, message) => {
    const t = world.fake.addToken({ permissionGroups: DNS, ...state });
    expect(await h.fails(ipc.cloud.validateIdentity, target({ token: t.value }))).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(message) });
  });

  it('a token Cloudflare does not know (401) says so', async () => {
    const e = await h.fails(ipc.cloud.validateIdentity, target({ token: 'A'.repeat(40) }));
    expect(e).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/does not recognise this token/) });
  });

  it('warns about expiry: none, too far, or soon', async () => {
    const never = world.fake.addToken({ permissionGroups: DNS });
    expect(await h.ok(ipc.cloud.validateIdentity, target({ token: never.value }))).toMatchObject({ expiryWarning: expect.stringMatching(/never expires/) });
    const far = world.fake.addToken({ permissionGroups: DNS, expiresOn: daysFromNow(365) });
    expect(await h.ok(ipc.cloud.validateIdentity, target({ token: far.value }))).toMatchObject({ expiryWarning: expect.stringMatching(/60–90 is recommended/) });
    const soon = world.fake.addToken({ permissionGroups: DNS, expiresOn: daysFromNow(5) });
    expect(await h.ok(ipc.cloud.validateIdentity, target({ token: soon.value }))).toMatchObject({ expiryWarning: expect.stringMatching(/expires in 4 days|expires in 5 days/) });
  });

  it('reads its own policies when it may (API Tokens Read), and badges what is missing', async () => {
    const t = world.fake.addToken({ permissionGroups: ['Zone Read', 'API Tokens Read'], expiresOn: daysFromNow(60) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
    const p = forCloud(await h.ok(ipc.cloud.validatePermissions, target()), 'cloudflare');
    expect(p.method).toBe('token-policies');
    expect(p.checks).toEqual([{ name: 'Zone · Zone Read', status: 'granted' }, expect.objectContaining({ name: 'Zone · DNS Write', status: 'missing' })]);
    expect(await h.fails(ipc.cloud.connect, target())).toMatchObject({ code: 'precondition_failed' });
  });

  it('matches permission groups by id and scope: a same-named group at account scope does not pass as the zone-level one', async () => {
    const t = world.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write', 'API Tokens Read'], wrongScope: ['DNS Write'], expiresOn: daysFromNow(60) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
    const p = forCloud(await h.ok(ipc.cloud.validatePermissions, target()), 'cloudflare');
    expect(p.checks).toEqual([
      { name: 'Zone · Zone Read', status: 'granted' },
      expect.objectContaining({
        name: 'Zone · DNS Write',
        status: 'missing',
        cause: expect.stringMatching(/^The token holds a "DNS Write" group at account scope \(id [0-9a-f]{32}\), not the zone-level one this template needs \(id 4755a26eedb94da69e1066d98aa820be\)\.$/),
        remedy: 'Edit the token in the dashboard and add DNS Write under Zone permissions.',
      }),
    ]);
  });

  it('without API Tokens Read, probes read-only and never shows a false green', async () => {
    const t = world.fake.addToken({ permissionGroups: DNS, expiresOn: daysFromNow(60) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
    const p = forCloud(await h.ok(ipc.cloud.validatePermissions, target()), 'cloudflare');
    expect(p.method).toBe('read-only-probes');
    expect(p.checks).toEqual([
      expect.objectContaining({ name: 'Zone · Zone Read', status: 'granted' }),
      expect.objectContaining({ name: 'Zone · DNS Write', status: 'unverified', cause: expect.stringMatching(/could not be verified read-only/) }),
    ]);
    expect(p.allGranted).toBe(false);
    // Nothing is missing, so it may be saved.
    await h.ok(ipc.cloud.connect, target());
  });

  it('a probe that is refused proves the permission missing', async () => {
    const t = world.fake.addToken({ permissionGroups: ['Account Settings Read'], expiresOn: daysFromNow(60) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value, template: 'tunnel', accountId: world.accountId }));
    const p = forCloud(await h.ok(ipc.cloud.validatePermissions, target({ template: 'tunnel', accountId: world.accountId })), 'cloudflare');
    expect(p.checks).toEqual([expect.objectContaining({ name: 'Account · Account Settings Read', status: 'granted' }), expect.objectContaining({ name: 'Account · Cloudflare Tunnel Write', status: 'missing' })]);
  });

  it('lists the accounts and zones it can see, then saves the token encrypted', async () => {
    const t = world.fake.addToken({ permissionGroups: DNS, expiresOn: daysFromNow(75) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
    await h.ok(ipc.cloud.validatePermissions, target());
    expect(await h.ok(ipc.cloud.enumerate, target())).toMatchObject({ accounts: [{ id: world.accountId, name: 'Acme Corp' }], zones: [{ id: world.zoneId, name: 'acme.example', status: 'active' }] });
    const saved = await h.ok(ipc.cloud.connect, target());
    // A user token that reaches one account is that account's connection.
    const [account] = [...world.fake.accounts.values()];
    expect(saved.connection.record).toEqual({ template: 'dns_edit', token_id: t.id, account_owned: false, account_id: account!.id, account_name: 'Acme Corp', zone_names: 'acme.example' });
    // Named by its account and zone in every list, not by its token id.
    expect(saved.connection.label).toBe('Acme Corp · acme.example · dns_edit token');
    expect(saved.connection.credentialKey).toBe('CredentialKey("cloud_cloudflare", "org:acme-corp")');
    expect(saved.connection.hasSecret).toBe(true);
    expect(saved.connection.expiresOn).toBe(t.expiresOn);
    expect(h.services.secrets.read(cfSecret(h, 'acme-corp'))).toEqual({ status: 'ok', value: t.value });
    const row = h.services.db.prepare('SELECT token FROM secrets WHERE name = ?').get(cfSecret(h, 'acme-corp')) as { token: string };
    expect(row.token).not.toContain(t.value);
  });

  it('shows an expiring token in the list, and drops the secret on disconnect', async () => {
    const t = world.fake.addToken({ permissionGroups: [...DNS, 'API Tokens Read'], expiresOn: daysFromNow(10) });
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
    await h.ok(ipc.cloud.validatePermissions, target());
    await h.ok(ipc.cloud.connect, target());
    expect(await h.ok(ipc.cloud.list, { orgId: ORG })).toMatchObject({ connections: [{ status: 'expiring', statusReason: expect.stringMatching(/expires in (9|10) days/) }] });
    const name = cfSecret(h, ORG);
    const removed = await h.ok(ipc.cloud.disconnect, { cloud: 'cloudflare', orgId: ORG });
    expect(h.services.secrets.has(name)).toBe(false);
    // The old token is kept (encrypted) only for "verify cleanup" to prove it is refused.
    const names = h.services.db.prepare('SELECT name FROM secrets ORDER BY name').pluck().all();
    expect(names).toEqual([`cleanup/${removed.cleanupId}`, 'mfa/seed']);
  });

  describe('health decides by what Cloudflare answers (status and error codes), never by its words', () => {
    const connectOne = async () => {
      const t = world.fake.addToken({ permissionGroups: [...DNS, 'API Tokens Read'], expiresOn: daysFromNow(60) });
      await h.ok(ipc.cloud.validateIdentity, target({ token: t.value }));
      await h.ok(ipc.cloud.validatePermissions, target());
      await h.ok(ipc.cloud.connect, target());
    };
    const health = async () => (await h.services.health.run({ kind: 'org', orgId: ORG }, 1, 'test'))[0];
    const REVOKED = 'Cloudflare no longer accepts the stored token: it was rolled or revoked. Paste the new value (Connect → Cloudflare, step 3).';

    it.each([
      ['HTTP 401 with code 1000, whatever the words', 401, [{ code: 1000, message: 'Ungültiges API-Token' }]],
      ['code 9109 (invalid access token) on a 400', 400, [{ code: 9109, message: 'nothing we would recognise' }]],
    ])('%s: the token was rolled or revoked', async (_name, status, errors) => {
      await connectOne();
      world.fake.failNext('/user/tokens/verify', status, errors);
      expect(await health()).toMatchObject({ status: 'check_failed', reason: REVOKED });
    });

    it("a refusal that only reads like ours (403, code 10000) is reported as Cloudflare's refusal, not as a revoked token", async () => {
      await connectOne();
      world.fake.failNext('/user/tokens/verify', 403, [{ code: 10000, message: 'Cloudflare does not recognise this token' }]);
      const result = await health();
      expect(result).toMatchObject({ status: 'check_failed' });
      expect(result!.reason).not.toBe(REVOKED);
      expect(result!.reason).toMatch(/refused to verify the token: 10000/);
    });

    it('a 5xx is an error on their side, not a revoked token', async () => {
      await connectOne();
      // The SDK retries a 5xx once: both attempts fail.
      for (let i = 0; i < 2; i++) world.fake.failNext('/user/tokens/verify', 503, [{ code: 10001, message: 'service unavailable' }]);
      expect(await health()).toMatchObject({ status: 'check_failed', reason: expect.stringMatching(/internal error \(HTTP 503\)/) });
    });
  });
});
