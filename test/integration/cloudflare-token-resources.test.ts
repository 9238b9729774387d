import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CloudflareFake, PERMISSION_GROUP_IDS } from '../fakes/cloudflare/cloudflare-fake.js';
import type { FakePolicy } from '../fakes/cloudflare/policy-evaluation.js';
import { daysFromNow } from '../support/cloudflare-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { forCloud, ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ZONE_READ = PERMISSION_GROUP_IDS['Zone Read']!;
const DNS_WRITE = PERMISSION_GROUP_IDS['DNS Write']!;
const TUNNEL = PERMISSION_GROUP_IDS['Cloudflare Tunnel Write']!;
const SETTINGS = PERMISSION_GROUP_IDS['Account Settings Read']!;

/**
 * A token's resources against the zones and account it reaches (issue 21): policies are written
 * here as Cloudflare's API reference and "Create tokens via API" show them, in each resource form
 * the dashboard saves — not as the app reads them.
 */
describe("Cloudflare: a token's resources checked against the zones it lists", () => {
  let fake: CloudflareFake;
  let h: Harness;
  let acme: { id: string };
  let other: { id: string };
  const zones: Record<string, { id: string }> = {};

  beforeAll(async () => {
    fake = await new CloudflareFake().start();
    acme = fake.addAccount('Acme Corp');
    other = fake.addAccount('Other Holdings');
    for (const name of ['acme.example', 'shop.acme.example', 'blog.acme.example']) zones[name] = fake.addZone(name, acme.id);
    zones['elsewhere.example'] = fake.addZone('elsewhere.example', other.id);
  });
  afterAll(async () => fake.stop());
  beforeEach(async () => {
    fake.tokens.clear();
    h = await createHarness({ env: { ALPHASWARM_ADMIN_TEST_MODE: '1', ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE: fake.url } });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const groups = (...ids: string[]) => ids.map((id) => ({ id, name: Object.entries(PERMISSION_GROUP_IDS).find(([, v]) => v === id)![0] }));
  const policy = (effect: 'allow' | 'deny', resources: FakePolicy['resources'], ...ids: string[]): FakePolicy => ({ id: `p${Math.random().toString(16).slice(2)}`, effect, resources, permission_groups: groups(...ids) });
  const zone = (name: string) => `com.cloudflare.api.account.zone.${zones[name]!.id}`;
  const account = (id: string) => `com.cloudflare.api.account.${id}`;

  /** A user token over Acme's three zones, reading itself, with these policies. */
  const token = (policies: FakePolicy[], zoneNames = ['acme.example', 'shop.acme.example', 'blog.acme.example']) =>
    fake.addToken({
      permissionGroups: ['API Tokens Read'],
      policies,
      accountIds: [acme.id],
      zoneIds: zoneNames.map((n) => zones[n]!.id),
      expiresOn: daysFromNow(60),
    });
  const target = (extra: Record<string, unknown> = {}) => ({ cloud: 'cloudflare' as const, orgId: ORG, template: 'dns_edit' as const, ...extra });
  const check = async (t: { value: string }, extra: Record<string, unknown> = {}) => {
    await h.ok(ipc.cloud.validateIdentity, target({ token: t.value, ...extra }));
    return forCloud(await h.ok(ipc.cloud.validatePermissions, target(extra)), 'cloudflare');
  };

  it('"All zones from an account" (an account holding its zones) grants at zone scope: no false "missing"', async () => {
    const p = await check(token([policy('allow', { [account(acme.id)]: { 'com.cloudflare.api.account.zone.*': '*' } }, ZONE_READ, DNS_WRITE)]));
    expect(p.method).toBe('token-policies');
    expect(p.checks).toEqual([
      { name: 'Zone · Zone Read', status: 'granted' },
      { name: 'Zone · DNS Write', status: 'granted' },
    ]);
    expect(p.allGranted).toBe(true);
  });

  it('DNS Write on one zone while the token lists three: missing, naming the two it does not cover', async () => {
    const p = await check(
      token([
        policy('allow', { [account(acme.id)]: { 'com.cloudflare.api.account.zone.*': '*' } }, ZONE_READ),
        policy('allow', { [zone('acme.example')]: '*' }, DNS_WRITE),
      ]),
    );
    expect(p.checks).toEqual([
      { name: 'Zone · Zone Read', status: 'granted' },
      {
        name: 'Zone · DNS Write',
        status: 'missing',
        cause: 'The token holds DNS Write on 1 of the 3 zones it lists, not on shop.acme.example, blog.acme.example.',
        remedy: 'Edit the token in the dashboard: add shop.acme.example, blog.acme.example to the zone resources of the policy with DNS Write, or take them out of the token if AlphaSwarm should not manage them.',
      },
    ]);
    // The zones step 4* lists are the three the cause speaks of.
    const listed = forCloud(await h.ok(ipc.cloud.enumerate, target()), 'cloudflare');
    expect(listed.zones.map((z) => z.name).sort()).toEqual(['acme.example', 'blog.acme.example', 'shop.acme.example']);
    expect(await h.fails(ipc.cloud.connect, target())).toMatchObject({ code: 'precondition_failed' });
  });

  it('an "Exclude" row (a deny policy) takes a zone back out of DNS Write', async () => {
    const p = await check(
      token([
        policy('allow', { 'com.cloudflare.api.account.zone.*': '*' }, ZONE_READ, DNS_WRITE),
        policy('deny', { [zone('blog.acme.example')]: '*' }, DNS_WRITE),
      ]),
    );
    expect(p.checks[1]).toMatchObject({ status: 'missing', cause: 'The token holds DNS Write on 2 of the 3 zones it lists, not on blog.acme.example.' });
  });

  it('every zone named one by one, as the template asks: granted', async () => {
    const named = { [zone('acme.example')]: '*' as const, [zone('shop.acme.example')]: '*' as const };
    const p = await check(token([policy('allow', named, ZONE_READ, DNS_WRITE)], ['acme.example', 'shop.acme.example']));
    expect(p.allGranted).toBe(true);
  });

  it("an account-level group granted on another account is missing on the connection's account, by name", async () => {
    const t = token([policy('allow', { [account(other.id)]: '*' }, SETTINGS, TUNNEL), policy('allow', { [account(acme.id)]: '*' }, SETTINGS)]);
    const p = await check(t, { template: 'tunnel', accountId: acme.id });
    expect(p.checks).toEqual([
      { name: 'Account · Account Settings Read', status: 'granted' },
      {
        name: 'Account · Cloudflare Tunnel Write',
        status: 'missing',
        cause: 'The token holds Cloudflare Tunnel Write, but not on account Acme Corp: its account resources name other accounts.',
        remedy: 'Edit the token in the dashboard: under Account Resources, include Acme Corp for Cloudflare Tunnel Write.',
      },
    ]);
  });

  it('a re-check after the token was edited down to one zone is degraded, naming the zones lost', async () => {
    const t = token([policy('allow', { [account(acme.id)]: { 'com.cloudflare.api.account.zone.*': '*' } }, ZONE_READ, DNS_WRITE)]);
    await check(t);
    await h.ok(ipc.cloud.connect, target());
    t.policies = [policy('allow', { [account(acme.id)]: { 'com.cloudflare.api.account.zone.*': '*' } }, ZONE_READ), policy('allow', { [zone('shop.acme.example')]: '*' }, DNS_WRITE)];
    const [result] = await h.services.health.run({ kind: 'org', orgId: ORG }, 1, 'test');
    expect(result).toMatchObject({ status: 'degraded' });
    expect(result!.reason).toContain('Zone · DNS Write (The token holds DNS Write on 1 of the 3 zones it lists, not on acme.example, blog.acme.example.)');
  });

  it("a zone's name from Cloudflare is data: control characters never reach the message", async () => {
    const hostile = fake.addZone('evil\u001b[2J\u202e.example', acme.id);
    try {
      const t = token([policy('allow', { 'com.cloudflare.api.account.zone.*': '*' }, ZONE_READ), policy('allow', { [zone('acme.example')]: '*' }, DNS_WRITE)], ['acme.example']);
      t.zoneIds.push(hostile.id);
      const p = await check(t);
      expect(p.checks[1]!.cause).toBe('The token holds DNS Write on 1 of the 2 zones it lists, not on evil [2J .example.');
    } finally {
      fake.zones.delete(hostile.id);
    }
  });
});
