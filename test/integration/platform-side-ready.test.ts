import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { PROJECT_ID, PROJECT_NUMBER, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { forCloud, ipc } from '../support/contracts.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

// When the platform profile says AlphaSwarm's side is done for an org, step 2 shows only the
// customer's tasks. If that side is in fact missing, the failure must say it is the platform
// team's to fix — the customer's admin cannot act on it and never saw those commands.

const ORG = 'acme-corp';
type Flag = 'azure_federated_credential_ready' | 'gcp_binding_ready';

async function harnessWithProfile(env: Record<string, string>, flag: Flag | null): Promise<Harness> {
  const h = await createHarness({ env });
  const key = platformKey();
  const org = { org_id: ORG, aws_external_id: platformExternalId(ORG), ...(flag ? { [flag]: true } : {}) };
  await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs: [org] })), acceptFingerprint: key.kid, code: await h.freshCode() });
  await h.stepUp(ORG);
  return h;
}

describe('Azure: the platform side marked done', () => {
  let world: AzureWorld;
  let h: Harness | undefined;
  const target = { cloud: 'azure' as const, orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID };
  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  afterEach(() => {
    h?.close();
    resetAzure(world);
  });

  async function consentedWithoutCredential(flag: Flag | null): Promise<Harness> {
    h = await harnessWithProfile(world.env(), flag);
    world.fake.now = () => h!.clock.now();
    world.fake.addTenant(TENANT_ID);
    world.fake.consent(TENANT_ID, APP_CLIENT_ID);
    return h;
  }

  it('step 2 hides the platform task, and a missing federated credential is named as the platform team\'s to fix', async () => {
    const h = await consentedWithoutCredential('azure_federated_credential_ready');
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID }), 'azure');
    expect(b.platformSideDone).toBe(true);
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.code).toBe('cloud_denied');
    expect(e.message).toMatch(/^AlphaSwarm's side is not in place for acme-corp: your platform profile says the platform team has added the federated credential on AlphaSwarm's app, but the check failed\. Entra found no federated credential/);
    expect(e.hint).toMatch(/^This is AlphaSwarm's to fix, not the customer's/);
    expect(e.hint).toContain('Step 2 does not show their part');
    // What Entra was shown stays laid out for the platform team.
    expect(e.details).toMatchObject({ aadsts: '70021', presentedSubject: `alphaswarm:org:${ORG}` });
  });

  it('without the mark, the same failure reads as before (step 2 shows the platform task)', async () => {
    const h = await consentedWithoutCredential(null);
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.message).toMatch(/^Entra found no federated credential/);
    expect(e.hint).not.toMatch(/AlphaSwarm's to fix/);
  });

  it('a failure on the customer\'s side (no consent) is never blamed on the platform', async () => {
    h = await harnessWithProfile(world.env(), 'azure_federated_credential_ready');
    world.fake.now = () => h!.clock.now();
    world.fake.addTenant(TENANT_ID);
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.message).toContain('AADSTS700016');
    expect(e.message).not.toMatch(/AlphaSwarm's side/);
  });

  it('when the platform side is there, the checks pass without naming it', async () => {
    h = await harnessWithProfile(world.env(), 'azure_federated_credential_ready');
    world.fake.now = () => h!.clock.now();
    world.setUpCustomer(ORG);
    await h.ok(ipc.cloud.validateIdentity, target);
    const perms = await h.ok(ipc.cloud.validatePermissions, target);
    expect(perms.checks.map((c) => c.name)).toEqual(['Reader']);
  });
});

describe('GCP: the platform side marked done', () => {
  let world: GcpWorld;
  let h: Harness | undefined;
  const target = { cloud: 'gcp' as const, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());
  afterEach(() => {
    h?.close();
    resetGcp(world);
  });

  it('a missing workloadIdentityUser binding is named as the platform team\'s to fix', async () => {
    h = await harnessWithProfile(world.env(), 'gcp_binding_ready');
    world.fake.now = () => h!.clock.now();
    world.setUpCustomer(ORG, { member: 'none' });
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'cloud_denied', details: { stage: 'impersonation' } });
    expect(e.message).toMatch(/^AlphaSwarm's side is not in place for acme-corp: your platform profile says the platform team has added the binding on AlphaSwarm's service account, but the check failed\. Impersonation failed/);
    expect(e.hint).toContain('roles/iam.workloadIdentityUser');
    expect(e.hint).toMatch(/^This is AlphaSwarm's to fix, not the customer's/);
  });

  it('a pool the customer has not made is still the customer\'s to fix', async () => {
    h = await harnessWithProfile(world.env(), 'gcp_binding_ready');
    world.fake.now = () => h!.clock.now();
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.message).not.toMatch(/AlphaSwarm's side/);
  });
});
