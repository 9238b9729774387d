// Found by the sixteenth attacker review of issue 24 (probes P-G2, P-G3, P-G4, P-G6): a GCP target whose
// project id and project number name two projects. The sign-in is built from the number (the pool lives
// in that project), every read from the id: a mismatched pair signed in through acme's pool, as the broker
// service account every customer shares, and saved another customer's project under acme-corp.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type Harness, createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const GLOBEX = ['globex-secret-001', 'globex-secret-002'];

describe("sixteenth review: a GCP project id and number that are not one project are never saved", () => {
  let world: GcpWorld;
  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());

  /** acme's pool in acme's project; Globex, another customer, granted the same broker account read on its organisation. */
  const twoCustomers = () => {
    resetGcp(world);
    world.setUpCustomer(ORG);
    const tree = world.fake.hierarchy;
    tree.addOrganization('100200300400', 'acme.example');
    world.fake.projects.get(PROJECT_ID)!.parent = 'organizations/100200300400';
    tree.addOrganization('999000111222', 'globex.example');
    tree.addFolder('500', 'organizations/999000111222', 'Globex Finance');
    GLOBEX.forEach((id, i) => world.fake.addProject(id, `88000000000${i + 1}`, 'folders/500', `Globex ledger ${i + 1}`));
    tree.grantAt('organizations/999000111222', `serviceAccount:${SERVICE_ACCOUNT}`, ['resourcemanager.projects.get', 'resourcemanager.folders.get', 'resourcemanager.folders.list', 'iam.serviceAccounts.actAs', 'compute.instances.list']);
  };

  describe('through the window', () => {
    let h: Harness;
    beforeEach(async () => {
      twoCustomers();
      h = await createHarness({ env: world.env() });
      world.fake.now = () => h.clock.now();
      await h.enrollMfa();
      await h.stepUp(ORG);
    });
    afterEach(() => h.close());

    const savedUnderAcme = async () => JSON.stringify(await h.ok(ipc.cloud.list, { orgId: ORG }));

    it("P-G3: Globex's id with acme's pool number is refused at step 4, naming both numbers; saving without step 4* is refused", async () => {
      const target = { cloud: 'gcp' as const, orgId: ORG, projectId: GLOBEX[0]!, projectNumber: PROJECT_NUMBER };
      await h.ok(ipc.cloud.validateIdentity, target);
      expect(await h.fails(ipc.cloud.validatePermissions, target)).toMatchObject({
        code: 'bad_request',
        field: 'projectNumber',
        message: `Project ${GLOBEX[0]} has the number 880000000001, not ${PROJECT_NUMBER}.`,
        hint: expect.stringContaining('gcloud projects describe ID'),
      });
      expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'precondition_failed' });
      expect(await savedUnderAcme()).not.toContain('globex');
    });

    it("P-G2: Globex's project named as its own pool project, with acme's pool number, is refused before any call", async () => {
      const target = { cloud: 'gcp' as const, orgId: ORG, projectId: GLOBEX[0]!, projectNumber: '880000000001', poolProjectId: GLOBEX[0]!, poolProjectNumber: PROJECT_NUMBER };
      const before = world.fake.requests.length;
      expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ code: 'bad_request', field: 'poolProjectId', message: expect.stringMatching(/no estate read found it/) });
      expect(world.fake.requests.length).toBe(before);
      expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'bad_request' });
      expect(await savedUnderAcme()).not.toContain('globex');
    });

    it('P-G4: a connect-many run from a pasted list fails that line and saves nothing of it', async () => {
      const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'gcp', orgId: ORG, targets: [{ cloud: 'gcp', orgId: ORG, projectId: GLOBEX[0]!, projectNumber: PROJECT_NUMBER }] });
      const done = await h.services.batches.wait(runId);
      expect(JSON.stringify(done)).toContain(`has the number 880000000001, not ${PROJECT_NUMBER}`);
      expect(await savedUnderAcme()).not.toContain('globex');
    });

    it("the customer's own project, id and number as Google reports them, still connects without step 4*", async () => {
      const target = { cloud: 'gcp' as const, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
      await h.ok(ipc.cloud.validateIdentity, target);
      await h.ok(ipc.cloud.validatePermissions, target);
      await h.ok(ipc.cloud.connect, target);
      expect(await savedUnderAcme()).toContain(PROJECT_ID);
    });
  });

  it('P-G6: `connect gcp --project globex-id:acme-number` from the terminal connects nothing and says why', async () => {
    twoCustomers();
    const clock = new TestClock();
    world.fake.now = () => clock.now();
    const env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'p-g6-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService() };
    const { code } = await enrolMfaWithCli(env, clock);
    const run = await cli(['connect', 'gcp', '--org', ORG, '--project', `${GLOBEX[0]}:${PROJECT_NUMBER}`, '--project', `${GLOBEX[1]}:${PROJECT_NUMBER}`, '--otp', await code()], env, clock);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`has the number 880000000001, not ${PROJECT_NUMBER}`);
    const saved = JSON.stringify((await cli(['list', '--org', ORG, '--json'], env, clock)).json());
    expect(saved).not.toContain('globex');
  });
});
