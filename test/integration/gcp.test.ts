import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GCP_AUDIENCE, PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { forCloud, ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const POOL = 'alphaswarm-broker-acme-corp';
const SUBJECT = `alphaswarm:org:${ORG}`;
const target = { cloud: 'gcp' as const, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };


describe('GCP through all five steps, against the STS, IAM Credentials and Resource Manager fake', () => {
  let world: GcpWorld;
  let h: Harness;

  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetGcp(world);
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());


  it('bootstrap: pool, provider with an attribute condition, and a subject-scoped binding', async () => {
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, {
      cloud: 'gcp',
      orgId: ORG,
      projectId: PROJECT_ID,
      projectNumber: PROJECT_NUMBER,
    }), 'gcp');
    expect(b.poolId).toBe(POOL);
    expect(b.attributeCondition).toBe(`assertion.sub == '${SUBJECT}'`);
    expect(b.member).toBe(`principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL}/subject/${SUBJECT}`);
    const byId = Object.fromEntries(b.artifacts.map((a) => [a.id, a.content]));
    expect(byId['create-pool']).toContain(`gcloud iam workload-identity-pools create ${POOL}`);
    expect(byId['create-provider']).toContain('gcloud iam workload-identity-pools providers create-oidc alphaswarm-oidc');
    expect(byId['create-provider']).toContain(`--attribute-condition="assertion.sub == '${SUBJECT}'"`);
    expect(byId['create-provider']).toContain(`--allowed-audiences=${GCP_AUDIENCE}`);
    expect(byId['bind-service-account']).toContain(`gcloud iam service-accounts add-iam-policy-binding ${SERVICE_ACCOUNT}`);
    expect(byId['bind-service-account']).toContain('--role=roles/iam.workloadIdentityUser');
    const pool = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'gcp', orgId: ORG, projectNumber: PROJECT_NUMBER, memberScope: 'pool' }), 'gcp');
    expect(pool.member).toBe(`principalSet://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${POOL}/*`);
  });

  it('connects with five control-plane calls and saves the record', async () => {
    world.setUpCustomer(ORG);
    const identity = await h.ok(ipc.cloud.validateIdentity, target);
    expect(identity).toMatchObject({ serviceAccountEmail: SERVICE_ACCOUNT, poolId: POOL });
    expect(await h.ok(ipc.cloud.validatePermissions, target)).toMatchObject({ allGranted: true });
    expect(await h.ok(ipc.cloud.enumerate, target)).toMatchObject({ project: { projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER, lifecycleState: 'ACTIVE' } });
    const saved = await h.ok(ipc.cloud.connect, target);
    expect(saved.connection.record).toEqual({ project_id: PROJECT_ID, project_number: PROJECT_NUMBER, pool_id: POOL, provider_id: 'alphaswarm-oidc', service_account_email: SERVICE_ACCOUNT, subject: SUBJECT });
    // Step 4 reads the project as well as its permissions: the id and the number must be one project.
    expect(world.fake.requests.map((r) => r.api)).toEqual(['sts', 'iamcredentials', 'crm', 'crm', 'crm']);
  });

  it('a pool session made under a step since cancelled is not reused: the next step signs in again under its own', async () => {
    world.setUpCustomer(ORG);
    const gcp = h.services.providers.of('gcp');
    // The pool's own project, named as an estate read names it: a session shared by the pool's projects.
    const pooled = { ...target, poolProjectId: PROJECT_ID, poolProjectNumber: PROJECT_NUMBER };
    const cancelled = new AbortController();
    await gcp.validateIdentity(pooled, cancelled.signal);
    cancelled.abort();
    const exchanges = world.fake.calls('sts');
    expect(await gcp.validatePermissions(pooled, new AbortController().signal)).toMatchObject({ allGranted: true });
    expect(world.fake.calls('sts') - exchanges).toBe(1);
  });

  it('the pool-wide binding (the seed form) also works', async () => {
    world.setUpCustomer(ORG, { member: 'pool' });
    await h.ok(ipc.cloud.validateIdentity, target);
  });

  describe('exchange failures say they are exchange failures', () => {
    it('unknown pool or provider (invalid_target), and a wrong project number', async () => {
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e).toMatchObject({ code: 'cloud_denied', details: { stage: 'exchange', googleError: 'invalid_target' } });
      expect(e.hint).toContain(`gcloud projects describe ${PROJECT_ID} --format='value(projectNumber)'`);
      expect(e.hint).toMatch(/five minutes/);
      world.setUpCustomer(ORG);
      expect(await h.fails(ipc.cloud.validateIdentity, { ...target, projectNumber: '111111111111' })).toMatchObject({ details: { googleError: 'invalid_target' } });
    });

    it('a disabled provider', async () => {
      world.setUpCustomer(ORG);
      world.fake.pools.get(`${PROJECT_NUMBER}/${POOL}`)!.providers.get('alphaswarm-oidc')!.disabled = true;
      expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ details: { stage: 'exchange', googleError: 'invalid_target' } });
    });

    it('an audience mismatch (invalid_grant)', async () => {
      world.setUpCustomer(ORG, { audiences: ['https://someone-else.example/'] });
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e).toMatchObject({ details: { stage: 'exchange', googleError: 'invalid_grant', presentedAudience: GCP_AUDIENCE } });
      expect(e.hint).toContain(`allowed audiences to "${GCP_AUDIENCE}"`);
    });

    it('the attribute condition rejecting the subject (unauthorized_client)', async () => {
      world.setUpCustomer(ORG, { condition: "assertion.sub == 'alphaswarm:org:globex'" });
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e).toMatchObject({ details: { stage: 'exchange', googleError: 'unauthorized_client', presentedSubject: SUBJECT } });
      expect(e.hint).toContain(`assertion.sub == '${SUBJECT}'`);
    });

    it("an issuer the provider does not trust", async () => {
      world.setUpCustomer(ORG);
      world.fake.pools.get(`${PROJECT_NUMBER}/${POOL}`)!.providers.get('alphaswarm-oidc')!.issuerUri = 'https://other.example/';
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e.hint).toContain(`issuer URI to exactly "${ISSUER}"`);
    });
  });

  describe('impersonation failures say they are impersonation failures', () => {
    it('a missing roles/iam.workloadIdentityUser binding', async () => {
      world.setUpCustomer(ORG, { member: 'none' });
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e).toMatchObject({ code: 'cloud_denied', details: { stage: 'impersonation' } });
      expect(e.message).toContain(`may not act as ${SERVICE_ACCOUNT}`);
      expect(e.hint).toContain('roles/iam.workloadIdentityUser');
    });

    it('the IAM Credentials API not enabled', async () => {
      world.setUpCustomer(ORG);
      world.fake.credentialsApiDisabled.add(PROJECT_NUMBER);
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e).toMatchObject({ details: { stage: 'impersonation' } });
      expect(e.hint).toContain('gcloud services enable iamcredentials.googleapis.com');
    });
  });

  it('missing permissions are red badges with the gcloud command that grants each', async () => {
    world.setUpCustomer(ORG, { permissions: ['resourcemanager.projects.get'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.allGranted).toBe(false);
    expect(p.checks).toEqual([
      { name: 'resourcemanager.projects.get', status: 'granted' },
      expect.objectContaining({ name: 'iam.serviceAccounts.actAs', status: 'missing', remedy: `gcloud projects add-iam-policy-binding ${PROJECT_ID} --member=serviceAccount:${SERVICE_ACCOUNT} --role=roles/iam.serviceAccountUser` }),
      // The standard tier's read (roles/viewer).
      expect.objectContaining({ name: 'compute.instances.list', status: 'missing', remedy: `gcloud projects add-iam-policy-binding ${PROJECT_ID} --member=serviceAccount:${SERVICE_ACCOUNT} --role=roles/viewer` }),
    ]);
  });

  it('tiers: security-audit names the Security Reviewer and Cloud Asset Viewer grants it lacks', async () => {
    world.setUpCustomer(ORG);
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, { ...target, tier: 'security-audit' });
    expect(p).toMatchObject({ tier: 'security-audit', allGranted: false });
    expect(p.checks.filter((c) => c.status === 'missing')).toEqual([
      expect.objectContaining({ name: 'resourcemanager.projects.getIamPolicy', remedy: expect.stringContaining('--role=roles/iam.securityReviewer') }),
      expect.objectContaining({ name: 'cloudasset.assets.searchAllResources', remedy: expect.stringContaining('--role=roles/cloudasset.viewer') }),
    ]);
    // Core tests only what AlphaSwarm's checks call.
    expect((await h.ok(ipc.cloud.validatePermissions, { ...target, tier: 'core' })).checks.map((c) => c.name)).toEqual(['resourcemanager.projects.get', 'iam.serviceAccounts.actAs']);
  });

  it('no permissions at all: Google leaves the list out, and both are missing', async () => {
    world.setUpCustomer(ORG, { permissions: [] });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.checks.map((c) => c.status)).toEqual(['missing', 'missing', 'missing']);
    expect(await h.fails(ipc.cloud.enumerate, target)).toMatchObject({ code: 'cloud_denied', field: 'projectId' });
  });

  it('an id and number of different projects are caught at step 4*', async () => {
    world.setUpCustomer(ORG);
    world.fake.addProject('other-project-77', '999999999999');
    world.fake.grant('other-project-77', `serviceAccount:${SERVICE_ACCOUNT}`, ['resourcemanager.projects.get']);
    const mixed = { ...target, projectId: 'other-project-77' };
    await h.ok(ipc.cloud.validateIdentity, mixed);
    expect(await h.fails(ipc.cloud.enumerate, mixed)).toMatchObject({ code: 'bad_request', field: 'projectNumber', message: `Project other-project-77 has the number 999999999999, not ${PROJECT_NUMBER}.` });
  });

  it.each([
    [{ projectId: PROJECT_NUMBER }, 'projectId', /is a project number/],
    [{ projectNumber: PROJECT_ID }, 'projectNumber', /not a project number/],
    [{ projectId: 'Acme-Prod' }, 'projectId', /not a project id/],
    [{ projectId: 'ab' }, 'projectId', /not a project id/],
    [{ projectNumber: '0123' }, 'projectNumber', /not a valid project number/],
  ])('refuses %j before any call', async (patch, field, reason) => {
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, ...patch })).toMatchObject({ code: 'bad_request', field, message: expect.stringMatching(reason) });
    expect(world.fake.requests).toEqual([]);
  });

  it('bootstrap refuses without the audience or the service account, naming the variable', async () => {
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'gcp', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE' } });
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'gcp', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL' } });
  });
});
