import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { forCloud, ipc } from '../support/contracts.js';

// Issue 21 §2: the Azure cloud (public, US Government, China) is chosen per connection, with its own
// authority, ARM endpoint, token-exchange audience and portal links; the laptop's setting is only
// the default. The fake Entra here serves tokens for US Government ARM only.

const ORG = 'acme-gov';
const GOV_ARM = 'https://management.usgovcloudapi.net';
const GOV_AUDIENCE = 'api://AzureADTokenExchangeUSGov';
const target = { cloud: 'azure' as const, orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID, azureCloud: 'AzureUSGovernment' as const };

describe('an Azure US Government connection on a laptop set up for Azure public', () => {
  let world: AzureWorld;
  let h: Harness;
  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetAzure(world);
    world.fake.armResource = GOV_ARM;
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  function govCustomer(): string {
    world.fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${ORG}`, issuer: ISSUER, subject: `alphaswarm:org:${ORG}`, audiences: [GOV_AUDIENCE] });
    world.fake.addTenant(TENANT_ID);
    const sp = world.fake.consent(TENANT_ID, APP_CLIENT_ID);
    world.fake.addSubscription(SUBSCRIPTION_ID, TENANT_ID);
    world.fake.assignRole(SUBSCRIPTION_ID, sp, 'Reader');
    return sp;
  }

  it('step 2 builds the Government cloud\'s audience and consent link', async () => {
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID, azureCloud: 'AzureUSGovernment' }), 'azure');
    expect(b.azureCloud).toBe('AzureUSGovernment');
    expect(b.consentUrl).toBe(`https://login.microsoftonline.us/${TENANT_ID}/adminconsent?client_id=${APP_CLIENT_ID}`);
    expect(b.claimPreview.aud).toBe(GOV_AUDIENCE);
    expect(JSON.parse(b.artifacts.find((a) => a.id === 'federated-credential')!.content).audiences).toEqual([GOV_AUDIENCE]);
    expect(b.artifacts.find((a) => a.id === 'deploy-bicep')!.content).toContain('--location usgovvirginia');
  });

  it('connects end to end: the token asks for Government ARM, the record keeps the cloud, and a re-check uses it', async () => {
    const sp = govCustomer();
    const identity = forCloud(await h.ok(ipc.cloud.validateIdentity, target), 'azure');
    expect(identity).toMatchObject({ azureCloud: 'AzureUSGovernment', principalObjectId: sp, presented: { aud: GOV_AUDIENCE } });
    expect(await h.ok(ipc.cloud.validatePermissions, target)).toMatchObject({ allGranted: true });
    const saved = await h.ok(ipc.cloud.connect, target);
    expect(saved.connection.record).toMatchObject({ tenant_id: TENANT_ID, azure_cloud: 'AzureUSGovernment' });
    const tokens = world.fake.tokenRequests.length;
    const [result] = await h.services.health.run({ kind: 'org', orgId: ORG }, 1, 'test');
    expect(result).toMatchObject({ status: 'connected' });
    expect(world.fake.tokenRequests.slice(tokens).map((r) => r.status)).toEqual([200]);
  });

  it('the same connection without the choice asks for public ARM, and this Entra refuses it as Entra does', async () => {
    govCustomer();
    const e = await h.fails(ipc.cloud.validateIdentity, { ...target, azureCloud: undefined });
    expect(e.code).toBe('cloud_denied');
    expect(e.message).toMatch(/AADSTS/);
  });

  it('a cloud that is not one of the three is refused before any call', async () => {
    const before = world.fake.requests.length;
    const e = await h.fails(ipc.cloud.validateIdentity, { ...target, azureCloud: 'AzureGermanCloud' as never });
    expect(e).toMatchObject({ code: 'bad_request', message: expect.stringContaining('Choose an Azure cloud: AzureCloud, AzureUSGovernment, AzureChinaCloud') });
    expect(world.fake.requests.length).toBe(before);
  });
});
