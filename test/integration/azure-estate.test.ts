import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_CLIENT_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';
import { ISSUER } from '../support/oidc.js';

const ORG = 'acme-corp';
/** Subscription n of the tenant, as ARM spells ids (lowercase GUIDs). */
const sub = (n: number) => `5ab0c0de-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * contoso (Monitoring Reader: the app may list what is below)
 * ├ platform (Reader) ─ identity, connectivity        subscriptions 1–10
 * ├ landing-zones (Reader) ─ corp ─ corp-eu            subscriptions 11–37
 * │                        └ online
 * └ sandbox (no Reader)                                subscriptions 38–40
 */
function buildTenant(world: AzureWorld): string {
  const { fake } = world;
  fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${ORG}`, issuer: ISSUER, subject: `alphaswarm:org:${ORG}`, audiences: ['api://AzureADTokenExchange'] });
  fake.addTenant(TENANT_ID);
  const sp = fake.consent(TENANT_ID, APP_CLIENT_ID);
  const mg = fake.managementGroups;
  mg.add('contoso', TENANT_ID, null, 'Contoso');
  mg.add('platform', TENANT_ID, 'contoso', 'Platform');
  mg.add('identity', TENANT_ID, 'platform', 'Identity');
  mg.add('connectivity', TENANT_ID, 'platform', 'Connectivity');
  mg.add('landing-zones', TENANT_ID, 'contoso', 'Landing zones');
  mg.add('corp', TENANT_ID, 'landing-zones', 'Corp');
  mg.add('corp-eu', TENANT_ID, 'corp', 'Corp EU');
  mg.add('online', TENANT_ID, 'landing-zones', 'Online');
  mg.add('sandbox', TENANT_ID, 'contoso', 'Sandbox');
  const placeIn = (group: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) {
      fake.addSubscription(sub(n), TENANT_ID);
      mg.place(sub(n), group, `${group}-${n}`);
    }
  };
  placeIn('identity', 1, 5);
  placeIn('connectivity', 6, 10);
  placeIn('corp', 11, 20);
  placeIn('corp-eu', 21, 30);
  placeIn('online', 31, 37);
  placeIn('sandbox', 38, 40);
  mg.assign('contoso', sp, 'Monitoring Reader');
  mg.assign('platform', sp, 'Reader');
  mg.assign('landing-zones', sp, 'Reader');
  return sp;
}

describe('the whole Azure estate: a management group, its nested groups and 40 subscriptions', () => {
  let world: AzureWorld;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(() => {
    resetAzure(world);
    clock = new TestClock();
    world.fake.now = () => clock.now();
    env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'az-estate-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '5000' };
  });

  const descendantPages = () => world.fake.requests.filter((r) => r.path.endsWith('/descendants'));

  it('lists every subscription below the group (every page), connects each on its own, and names the 3 that lack Reader', async () => {
    buildTenant(world);
    // 48 descendants (8 groups, 40 subscriptions) at 7 a page: 7 pages through nextLink.
    world.fake.descendantsPageSize = 7;
    const scan = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure', '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--json'], env, clock);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const s = scan.json<{ counts: { total: number; new: number }; root: { children: { id: string; name: string; children: { id: string }[] }[] }; entries: { id: string; path: string }[] }>();
    expect(s.counts).toMatchObject({ total: 40, new: 40 });
    expect(descendantPages()).toHaveLength(7);
    expect(s.root.children.map((c) => c.id)).toEqual(['platform', 'landing-zones', 'sandbox']);
    expect(s.entries.find((e) => e.id === sub(25))!.path).toBe('Contoso / Landing zones / Corp / Corp EU');

    const { code } = await enrolMfaWithCli(env, clock);
    const run = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--discover', '--otp', await code(), '--json'], env, clock);
    expect(run.stderr).toBe('');
    // Some refused, each named: exit 1.
    expect(run.code).toBe(1);
    const done = run.json<{ results: { account: string; status: string; reason?: string | null }[] }>();
    expect(done.results).toHaveLength(40);
    const refused = done.results.filter((r) => r.status !== 'connected');
    expect(refused.map((r) => r.account).sort()).toEqual([sub(38), sub(39), sub(40)]);
    for (const r of refused) expect(JSON.stringify(r)).toMatch(/Reader/);

    // Each saved as its own connection; a re-scan needs no flags (the group is remembered) and lists the 3 as new.
    const list = await cli(['list', '--json'], env, clock);
    expect(JSON.stringify(list.json())).toContain(sub(1));
    const again = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure'], env, clock);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Azure management group contoso (tenant 72f988bf-86f1-41af-91ab-2d7cd011db47): 40 subscriptions — 37 connected, 3 new');
    expect(again.stdout).toContain(`connect azure --org ${ORG} --tenant-id ${TENANT_ID} --management-group contoso --discover --otp CODE`);
    // Health counts the 3 still waiting (from the last scan: no cloud call for the estate).
    const health = await cli(['health', '--org', ORG, '--otp', await code()], env, clock);
    expect(health.stderr).toBe('');
    expect(health.stdout).toContain(`! ${ORG}: 3 of 40 Azure management group subscriptions not yet connected`);
  }, 60_000);

  it('a subscription created later shows as new on a re-scan; a group the app may not read says what to do', async () => {
    buildTenant(world);
    const { code } = await enrolMfaWithCli(env, clock);
    await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'platform', '--discover', '--otp', await code()], env, clock);
    world.fake.addSubscription(sub(99), TENANT_ID);
    world.fake.managementGroups.place(sub(99), 'identity', 'identity-new');
    const again = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure', '--json'], env, clock);
    const s = again.json<{ counts: { total: number; connected: number; new: number }; entries: { id: string; state: string }[] }>();
    expect(s.counts).toMatchObject({ total: 11, connected: 10, new: 1 });
    expect(s.entries.find((e) => e.state === 'new')!.id).toBe(sub(99));

    world.fake.managementGroups.add('elsewhere', TENANT_ID, null);
    const denied = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure', '--tenant-id', TENANT_ID, '--management-group', 'elsewhere'], env, clock);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('may not read management group elsewhere');
    expect(denied.stderr).toContain('bootstrap azure --org acme-corp --management-group elsewhere');
  }, 60_000);

  it('300 subscriptions (40, and 260 in 10 more groups): every page read, none lost or doubled', async () => {
    buildTenant(world);
    const mg = world.fake.managementGroups;
    for (let g = 0; g < 10; g++) {
      mg.add(`bu-${g}`, TENANT_ID, 'landing-zones', `Business unit ${g}`);
      for (let n = 0; n < 26; n++) {
        const id = sub(1000 + g * 26 + n);
        world.fake.addSubscription(id, TENANT_ID);
        mg.place(id, `bu-${g}`);
      }
    }
    expect(mg.placement.size).toBe(300);
    const scan = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure', '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--json'], env, clock);
    expect(scan.code).toBe(0);
    const s = scan.json<{ counts: { total: number; new: number }; entries: { id: string }[] }>();
    expect(s.counts).toMatchObject({ total: 300, new: 300 });
    expect(new Set(s.entries.map((e) => e.id)).size).toBe(300);
    // 318 descendants (18 groups, 300 subscriptions) at the fake's 100 a page.
    expect(descendantPages()).toHaveLength(4);
  }, 60_000);

  it('bad input is refused before any call or code', async () => {
    buildTenant(world);
    const noScope = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure'], env, clock);
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toContain('No Azure management group is known for acme-corp yet');
    const badGroup = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'x;rm', '--discover', '--otp', '000000'], env, clock);
    expect(badGroup.code).toBe(2);
    expect(badGroup.stderr).toMatch(/--management-group: A management group id holds only/);
    const both = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--discover', '--subscription-id', sub(1), '--otp', '000000'], env, clock);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('drop --subscription-id');
    const noDiscover = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--otp', '000000'], env, clock);
    expect(noDiscover.code).toBe(2);
    expect(noDiscover.stderr).toContain('Add --discover');
    const tier = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, '--management-group', 'contoso', '--discover', '--tier', 'core', '--otp', '000000'], env, clock);
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('drop --tier');
    expect(world.fake.calls()).toBe(0);
  });
});
