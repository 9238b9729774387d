import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';
import { ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';

const ORG = 'acme-corp';
const ORGANIZATION = '100200300400';
const SA = `serviceAccount:${SERVICE_ACCOUNT}`;
/** Project n below the folder, and its number. */
const proj = (n: number) => `eng-proj-${String(n).padStart(3, '0')}`;
const num = (n: number) => `7100000${String(n).padStart(5, '0')}`;
/** What roles/browser holds that discovery reads (projects.search needs projects.get on each project). */
const BROWSER = ['resourcemanager.projects.get', 'resourcemanager.folders.get', 'resourcemanager.folders.list', 'resourcemanager.organizations.get'];

/**
 * organizations/100200300400 "acme.example" (roles/browser and serviceAccountUser: everything is visible)
 * ├ the pool's project acme-prod-4821
 * └ folders/300 Engineering
 *   ├ folders/310 Platform (roles/viewer)                      projects 1–10
 *   ├ folders/320 Products (roles/viewer) ─ folders/321 Web     projects 11–25
 *   │                                     └ folders/322 Data    projects 26–37
 *   └ folders/330 Sandbox (no roles/viewer)                    projects 38–40
 */
function buildOrganisation(world: GcpWorld): void {
  const { fake } = world;
  world.setUpCustomer(ORG);
  const h = fake.hierarchy;
  h.addOrganization(ORGANIZATION, 'acme.example');
  fake.projects.get(PROJECT_ID)!.parent = `organizations/${ORGANIZATION}`;
  h.addFolder('300', `organizations/${ORGANIZATION}`, 'Engineering');
  h.addFolder('310', 'folders/300', 'Platform');
  h.addFolder('320', 'folders/300', 'Products');
  h.addFolder('321', 'folders/320', 'Web');
  h.addFolder('322', 'folders/320', 'Data');
  h.addFolder('330', 'folders/300', 'Sandbox');
  const placeIn = (folder: string, from: number, to: number) => {
    for (let n = from; n <= to; n++) fake.addProject(proj(n), num(n), `folders/${folder}`, `${folder}-${n}`);
  };
  placeIn('310', 1, 10);
  placeIn('321', 11, 25);
  placeIn('322', 26, 37);
  placeIn('330', 38, 40);
  h.grantAt(`organizations/${ORGANIZATION}`, SA, [...BROWSER, 'iam.serviceAccounts.actAs']);
  h.grantAt('folders/310', SA, ['compute.instances.list']);
  h.grantAt('folders/320', SA, ['compute.instances.list']);
}

describe('the whole GCP estate: a folder, its sub-folders and 40 projects', () => {
  let world: GcpWorld;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(() => {
    resetGcp(world);
    clock = new TestClock();
    world.fake.now = () => clock.now();
    env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'gcp-estate-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '5000' };
  });

  const searches = () => world.fake.requests.filter((r) => r.path === '/v3/projects:search');
  const folderLists = () => world.fake.requests.filter((r) => r.path === '/v3/folders');
  const pool = ['--project-id', PROJECT_ID, '--project-number', PROJECT_NUMBER];

  it('lists every project below the folder (every page), connects each on its own through the one pool, and names the 3 lacking roles/viewer', async () => {
    buildOrganisation(world);
    world.fake.searchPage.max = 4;
    world.fake.foldersPage.max = 2;
    const scan = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp', '--folder', '300', ...pool, '--json'], env, clock);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const s = scan.json<{ scope: { id: string; name: string }; counts: { total: number; new: number }; root: { kind: string; children: { id: string; name: string; children: { id: string }[] }[] }; entries: { id: string; path: string }[] }>();
    expect(s.scope).toEqual({ id: 'folders/300', name: 'GCP folder 300 (Engineering)' });
    expect(s.counts).toMatchObject({ total: 40, new: 40 });
    expect(s.root.kind).toBe('folder');
    expect(s.root.children.map((c) => c.name)).toEqual(['Platform', 'Products', 'Sandbox']);
    expect(s.root.children[1]!.children.map((c) => c.id)).toEqual(['folders/322', 'folders/321']);
    expect(s.entries.find((e) => e.id === proj(12))!.path).toBe('Engineering / Products / Web');
    // Every page: 15 projects in Web at 4 a page is 4 pages; 3 folders below Engineering at 2 a page is 2.
    // One more finds the pool's project, to confirm the folder belongs with it (fourteenth review N-G1).
    expect(searches().filter((r) => r.status === 200).length).toBe(
      /* the pool's project */ 1 + /* Engineering, Platform, Products, Sandbox, Web, Data */ 1 + Math.ceil(10 / 4) + 1 + 1 + Math.ceil(15 / 4) + Math.ceil(12 / 4),
    );
    expect(folderLists().length).toBe(2 + 1 + 1 + 1 + 1 + 1);

    const { code } = await enrolMfaWithCli(env, clock);
    const exchanges = world.fake.calls('sts');
    const impersonations = world.fake.calls('iamcredentials');
    const run = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', ...pool, '--discover', '--otp', await code(), '--json'], env, clock);
    expect(run.stderr).toBe('');
    // One sign-in for the scan and all 40 projects: they share the pool's identity.
    expect(world.fake.calls('sts') - exchanges).toBe(1);
    expect(world.fake.calls('iamcredentials') - impersonations).toBe(1);
    // Some refused, each named: exit 1.
    expect(run.code).toBe(1);
    const done = run.json<{ results: { account: string; status: string }[] }>();
    expect(done.results).toHaveLength(40);
    const refused = done.results.filter((r) => r.status !== 'connected');
    expect(refused.map((r) => r.account).sort()).toEqual([proj(38), proj(39), proj(40)]);
    for (const r of refused) expect(JSON.stringify(r)).toMatch(/compute\.instances\.list/);

    // Each saved as its own connection, signing in through the pool's project (its number in the STS audience).
    const list = await cli(['list', '--json'], env, clock);
    const listed = JSON.stringify(list.json());
    for (const n of [1, 12, 37]) expect(listed).toContain(proj(n));
    const health = await cli(['health', '--org', ORG, '--otp', await code()], env, clock);
    expect(health.stderr).toBe('');
    expect(health.stdout).toContain('37/37 healthy');
    // Health counts the 3 still waiting (from the last scan: no cloud call for the estate).
    expect(health.stdout).toContain(`! ${ORG}: 3 of 40 GCP organisation or folder projects not yet connected`);

    // A re-scan needs no flags (the folder and the pool are remembered) and lists the 3 as new.
    const again = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp'], env, clock);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('GCP folder 300 (Engineering): 40 projects — 37 connected, 3 new');
    expect(again.stdout).toContain(`connect gcp --org ${ORG} --folder 300 --project-id ${PROJECT_ID} --project-number ${PROJECT_NUMBER} --discover --otp CODE`);
  }, 90_000);

  it('projects created later show as new on a re-scan; one being deleted is skipped and said; a folder it may not read says what to do', async () => {
    buildOrganisation(world);
    const { code } = await enrolMfaWithCli(env, clock);
    const first = await cli(['connect', 'gcp', '--org', ORG, '--folder', '310', ...pool, '--discover', '--otp', await code()], env, clock);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('GCP folder 310 (Platform): 10 projects, 0 connected already, 10 to connect');
    // Once connected, the pool's project is remembered: the short form works.
    world.fake.addProject(proj(41), num(41), 'folders/310', 'platform-new');
    world.fake.projects.get(proj(2))!.lifecycleState = 'DELETE_REQUESTED';
    const again = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp', '--json'], env, clock);
    expect(again.code).toBe(0);
    const s = again.json<{ counts: { total: number; connected: number; new: number; suspended: number }; entries: { id: string; state: string; reason: string | null }[] }>();
    expect(s.counts).toMatchObject({ total: 11, connected: 9, new: 1, suspended: 1 });
    expect(s.entries.find((e) => e.state === 'new')!.id).toBe(proj(41));
    expect(s.entries.find((e) => e.id === proj(2))!.reason).toMatch(/^Deletion requested in Google Cloud.*still connected/);
    const more = await cli(['connect', 'gcp', '--org', ORG, '--folder', '310', '--discover', '--otp', await code()], env, clock);
    expect(more.code).toBe(0);
    // Only the new one is connected; the others stay as they are.
    expect(more.stdout).toContain('11 projects, 9 connected already, 1 to connect');
    expect(more.stdout).toMatch(new RegExp(`✓ ${proj(41)}  connected`));
    expect(more.stdout).not.toContain('updated');
    expect(more.stdout).toContain(`skipped (deletion requested): ${proj(2)}`);

    world.fake.hierarchy.addOrganization('999000111');
    world.fake.hierarchy.addFolder('999', 'organizations/999000111', 'Elsewhere');
    const denied = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp', '--folder', '999', ...pool], env, clock);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('Google refused to show folder 999');
    expect(denied.stderr).toContain(`bootstrap gcp --org ${ORG} --folder 999`);
  }, 90_000);

  it('another customer’s organisation, even one that granted the shared broker account, is never read through this org’s pool (fourteenth review N-G1)', async () => {
    buildOrganisation(world);
    // Globex (another customer) granted AlphaSwarm's broker service account the read roles on its own organisation.
    world.fake.hierarchy.addOrganization('999000111222', 'globex.example');
    world.fake.hierarchy.addFolder('900', 'organizations/999000111222', 'Globex secrets');
    for (let n = 1; n <= 3; n++) world.fake.addProject(`globex-secret-00${n}`, `70000000000${n}`, 'folders/900');
    world.fake.hierarchy.grantAt('organizations/999000111222', SA, [...BROWSER]);
    const { code } = await enrolMfaWithCli(env, clock);
    const before = searches().length;
    for (const scope of [['--organization', '999000111222'], ['--folder', '900']]) {
      const r = await cli(['connect', 'gcp', '--org', ORG, ...scope, ...pool, '--discover', '--otp', await code()], env, clock);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`belongs with the pool's project ${PROJECT_ID} (which is in organisation ${ORGANIZATION}`);
      expect(r.stderr).toContain('nothing was read or connected');
    }
    // One search per attempt (the pool's project, to place it): no project of Globex's was listed, none saved.
    expect(searches().length - before).toBe(2);
    const listed = await cli(['list', '--org', ORG, '--json'], env, clock);
    expect(listed.stdout).not.toContain('globex-secret');
  }, 90_000);

  it('fifteenth review O-G1, O-G2: the pool is one project by id and number, and a project signs in through another project\'s pool only when an estate read found it', async () => {
    buildOrganisation(world);
    world.fake.hierarchy.addOrganization('999000111222', 'globex.example');
    world.fake.hierarchy.addFolder('900', 'organizations/999000111222', 'Globex secrets');
    world.fake.addProject('globex-secret-001', '700000000001', 'folders/900');
    world.fake.hierarchy.grantAt('organizations/999000111222', SA, [...BROWSER]);
    const { code } = await enrolMfaWithCli(env, clock);
    // O-G1: Globex's project id placed where the pool's number (Acme's) signs in.
    const mixed = await cli(['connect', 'gcp', '--org', ORG, '--organization', '999000111222', '--project-id', 'globex-secret-001', '--project-number', PROJECT_NUMBER, '--discover', '--otp', await code()], env, clock);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain(`Project globex-secret-001 is number 700000000001, not ${PROJECT_NUMBER}`);
    // O-G2: one project, typed with Acme's pool, never found by an estate read: refused before any call.
    const h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, env, clock });
    try {
      await h.ok(ipc.mfa.verify, { orgId: ORG, code: await code() });
      const before = world.fake.requests.length;
      const target = { cloud: 'gcp' as const, orgId: ORG, projectId: 'globex-secret-001', projectNumber: '700000000001', poolProjectId: PROJECT_ID, poolProjectNumber: PROJECT_NUMBER };
      for (const e of [await h.fails(ipc.cloud.validateIdentity, target), await h.fails(ipc.cloud.validatePermissions, target), await h.fails(ipc.cloud.enumerate, target), await h.fails(ipc.cloud.connect, target)]) {
        expect(e).toMatchObject({ code: 'bad_request', field: 'poolProjectId', message: expect.stringContaining('no estate read found it below an organisation or folder that belongs with that pool') });
      }
      expect(world.fake.requests.length).toBe(before);
    } finally {
      h.close();
    }
    expect((await cli(['list', '--org', ORG, '--json'], env, clock)).stdout).not.toContain('globex-secret');
  }, 90_000);

  it('300 projects in 12 folders under the organisation: every page read, none lost or doubled', async () => {
    buildOrganisation(world);
    for (let f = 0; f < 10; f++) {
      world.fake.hierarchy.addFolder(String(500 + f), `organizations/${ORGANIZATION}`, `Business unit ${f}`);
      for (let n = 0; n < 26; n++) world.fake.addProject(proj(100 + f * 26 + n), num(100 + f * 26 + n), `folders/${500 + f}`);
    }
    world.fake.searchPage.max = 20;
    const scan = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp', '--organization', ORGANIZATION, ...pool, '--json'], env, clock);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const s = scan.json<{ scope: { name: string }; counts: { total: number; new: number }; entries: { id: string }[] }>();
    expect(s.scope.name).toBe(`GCP organisation ${ORGANIZATION} (acme.example)`);
    // 300 below the folders, and the pool's own project directly in the organisation.
    expect(s.counts).toMatchObject({ total: 301, new: 301 });
    expect(new Set(s.entries.map((e) => e.id)).size).toBe(301);
  }, 60_000);

  it('bad input is refused before any call or code', async () => {
    buildOrganisation(world);
    const noScope = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp'], env, clock);
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toContain('No GCP organisation or folder is known for acme-corp yet');
    const noPool = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'gcp', '--folder', '300'], env, clock);
    expect(noPool.code).toBe(2);
    expect(noPool.stderr).toContain('--project-id <id> --project-number <number>');
    const noPoolConnect = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', '--discover', '--otp', '000000'], env, clock);
    expect(noPoolConnect.code).toBe(2);
    expect(noPoolConnect.stderr).toContain('does not know its project yet');
    const halfPool = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', '--project-id', PROJECT_ID, '--discover', '--otp', '000000'], env, clock);
    expect(halfPool.code).toBe(2);
    expect(halfPool.stderr).toContain('Give both --project-id');
    const badFolder = await cli(['connect', 'gcp', '--org', ORG, '--folder', "300'; rm -rf ~", ...pool, '--discover', '--otp', '000000'], env, clock);
    expect(badFolder.code).toBe(2);
    expect(badFolder.stderr).toMatch(/--folder: A folder id is a number/);
    const both = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', '--organization', ORGANIZATION, ...pool, '--discover', '--otp', '000000'], env, clock);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    const noDiscover = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', ...pool, '--otp', '000000'], env, clock);
    expect(noDiscover.code).toBe(2);
    expect(noDiscover.stderr).toContain('Add --discover');
    const tier = await cli(['connect', 'gcp', '--org', ORG, '--folder', '300', ...pool, '--discover', '--tier', 'core', '--otp', '000000'], env, clock);
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('drop --tier');
    const awsFlags = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'aws', '--folder', '300'], env, clock);
    expect(awsFlags.code).toBe(2);
    expect(awsFlags.stderr).toContain('use them with --cloud gcp');
    expect(world.fake.calls()).toBe(0);
  });
});
