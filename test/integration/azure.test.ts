import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_CLIENT_ID, APP_OBJECT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { forCloud, ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const SUBJECT = `alphaswarm:org:${ORG}`;
const target = { cloud: 'azure' as const, orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID };


describe('Azure through all five steps, against the Entra and ARM fake', () => {
  let world: AzureWorld;
  let h: Harness;

  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetAzure(world);
    h = await createHarness({ env: world.env() });
    world.fake.now = () => h.clock.now();
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());


  it('bootstrap builds the federated credential, consent link, role commands and claim preview', async () => {
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, {
      cloud: 'azure',
      orgId: ORG,
      tenantId: TENANT_ID.toUpperCase(),
      subscriptionId: SUBSCRIPTION_ID,
    }), 'azure');
    const byId = Object.fromEntries(b.artifacts.map((a) => [a.id, a.content]));
    expect(JSON.parse(byId['federated-credential']!)).toEqual({
      name: 'alphaswarm-acme-corp',
      issuer: ISSUER,
      subject: SUBJECT,
      audiences: ['api://AzureADTokenExchange'],
      description: 'AlphaSwarm connection for acme-corp',
    });
    expect(byId['create-federated-credential']).toBe('az ad app federated-credential create --id 0f1e2d3c-4b5a-4697-8877-665544332211 --parameters federated_credential.json\n');
    expect(b.consentUrl).toBe(`https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_CLIENT_ID}`);
    expect(byId['role-assignment']).toContain(`SP_OBJECT_ID=$(az ad sp show --id ${APP_CLIENT_ID} --query id -o tsv)`);
    expect(byId['role-assignment']).toContain('--assignee-object-id "$SP_OBJECT_ID" --assignee-principal-type ServicePrincipal');
    expect(byId['role-assignment']).toContain(`--role Reader --scope /subscriptions/${SUBSCRIPTION_ID}`);
    expect(b.claimPreview).toEqual({ iss: ISSUER, sub: SUBJECT, aud: 'api://AzureADTokenExchange' });
    expect(b.notes.map((n) => n.text).join(' ')).toContain('at most 20 federated credentials');
  });

  it('connects with the minimum of four control-plane calls and saves the record', async () => {
    const sp = world.setUpCustomer(ORG);
    const identity = forCloud(await h.ok(ipc.cloud.validateIdentity, target), 'azure');
    expect(identity.principalObjectId).toBe(sp);
    expect(identity.presented).toEqual({ iss: ISSUER, sub: SUBJECT, aud: 'api://AzureADTokenExchange' });
    const perms = await h.ok(ipc.cloud.validatePermissions, target);
    expect(perms).toMatchObject({ allGranted: true, checks: [{ name: 'Reader', status: 'granted' }] });
    const groups = forCloud(await h.ok(ipc.cloud.enumerate, target), 'azure');
    expect(groups.resourceGroups.map((g) => g.name)).toEqual(['rg-prod', 'rg-shared']);
    const saved = await h.ok(ipc.cloud.connect, target);
    expect(saved.connection.credentialKey).toBe('CredentialKey("cloud_azure", "org:acme-corp")');
    expect(saved.connection.record).toEqual({ tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: APP_CLIENT_ID, subject: SUBJECT, principal_object_id: sp, app_object_id: APP_OBJECT_ID, azure_cloud: 'AzureCloud' });
    expect(world.fake.calls('token')).toBe(1);
    expect(world.fake.calls()).toBe(4);
  });

  it.each([
    ['no federated credential yet (AADSTS70021, propagation)', () => {}, '70021', /propagate/],
    ['a federated credential for another issuer (AADSTS700211)', () => world.fake.addFederatedCredential(APP_CLIENT_ID, { name: 'x', issuer: 'https://other.example/', subject: SUBJECT, audiences: ['api://AzureADTokenExchange'] }), '700211', /issuer .* to exactly "https:\/\/alpha-swarm.ai\/oidc\/"/],
    ['a wrong audience (AADSTS700212)', () => world.fake.addFederatedCredential(APP_CLIENT_ID, { name: 'x', issuer: ISSUER, subject: SUBJECT, audiences: ['api://Other'] }), '700212', /audiences/],
    ['a wrong subject (AADSTS700213)', () => world.fake.addFederatedCredential(APP_CLIENT_ID, { name: 'x', issuer: ISSUER, subject: 'alphaswarm:org:globex', audiences: ['api://AzureADTokenExchange'] }), '700213', /case-sensitive/],
    ['a subject differing only in case (AADSTS7002138)', () => world.fake.addFederatedCredential(APP_CLIENT_ID, { name: 'x', issuer: ISSUER, subject: 'AlphaSwarm:org:ACME-CORP', audiences: ['api://AzureADTokenExchange'] }), '7002138', /recreate/],
  ])('explains %s, showing presented issuer, subject and audience', async (_n, arrange, code, hint) => {
    world.fake.addTenant(TENANT_ID);
    world.fake.consent(TENANT_ID, APP_CLIENT_ID);
    arrange();
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.code).toBe('cloud_denied');
    expect(e.details).toMatchObject({ aadsts: code, presentedIssuer: ISSUER, presentedSubject: SUBJECT, presentedAudience: 'api://AzureADTokenExchange' });
    expect(e.hint).toMatch(hint);
  });

  it('an app without consent in the tenant (AADSTS700016) offers the consent link', async () => {
    world.fake.addTenant(TENANT_ID);
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.message).toContain('AADSTS700016');
    expect(e.hint).toContain(`https://login.microsoftonline.com/${TENANT_ID}/adminconsent?client_id=${APP_CLIENT_ID}`);
  });

  it('an unknown tenant (AADSTS90002) points at the tenant id', async () => {
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'cloud_denied', field: 'tenantId', message: expect.stringMatching(/AADSTS90002/) });
  });

  it('a laptop clock far off (AADSTS700024) says so', async () => {
    world.setUpCustomer(ORG);
    world.fake.now = () => h.clock.now() + 2 * 3600_000;
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.message).toContain('AADSTS700024');
    expect(e.hint).toMatch(/clock/);
  });

  it('an Entra-issued assertion is refused as cross-tenant (AADSTS700236)', async () => {
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_OIDC_ISSUER: `https://login.microsoftonline.com/${TENANT_ID}/v2.0` } });
    world.fake.now = () => h.clock.now();
    await h.stepUp(ORG);
    world.setUpCustomer(ORG);
    expect((await h.fails(ipc.cloud.validateIdentity, target)).message).toContain('AADSTS700236');
  });

  it('tiers: security-audit also needs Security Reader, named with its command; core is covered by Reader', async () => {
    const sp = world.setUpCustomer(ORG);
    await h.ok(ipc.cloud.validateIdentity, target);
    const audit = await h.ok(ipc.cloud.validatePermissions, { ...target, tier: 'security-audit' });
    expect(audit).toMatchObject({ tier: 'security-audit', allGranted: false });
    expect(audit.checks).toEqual([
      { name: 'Reader', status: 'granted' },
      expect.objectContaining({ name: 'Security Reader', status: 'missing', remedy: `az role assignment create --assignee-object-id ${sp} --assignee-principal-type ServicePrincipal --role "Security Reader" --scope /subscriptions/${SUBSCRIPTION_ID}` }),
    ]);
    const core = await h.ok(ipc.cloud.validatePermissions, { ...target, tier: 'core' });
    expect(core.checks).toEqual([{ name: 'AlphaSwarm Core Reader', status: 'granted', cause: 'Covered by Reader, which grants more than AlphaSwarm needs.' }]);
    world.fake.assignRole(SUBSCRIPTION_ID, sp, 'Security Reader');
    expect(await h.ok(ipc.cloud.validatePermissions, { ...target, tier: 'security-audit' })).toMatchObject({ allGranted: true });
  });

  it('a missing role is a red badge with the exact command; a role on a resource group does not count', async () => {
    const sp = world.setUpCustomer(ORG, { role: 'Monitoring Reader' as never });
    world.fake.assignRole(SUBSCRIPTION_ID, sp, 'Reader', `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-prod`);
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.allGranted).toBe(false);
    expect(p.checks[0]).toMatchObject({ name: 'Reader', status: 'missing', cause: expect.stringMatching(/Only assigned below the subscription: Reader on .*resourceGroups\/rg-prod/) });
    expect(p.checks[0]!.remedy).toBe(`az role assignment create --assignee-object-id ${sp} --assignee-principal-type ServicePrincipal --role Reader --scope /subscriptions/${SUBSCRIPTION_ID}`);
    expect(p.remediation[0]!.content).toContain('--role Reader');
    expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'precondition_failed' });
  });

  it('a principal with no role at all cannot read assignments: reported as missing, not as an error', async () => {
    world.setUpCustomer(ORG, { role: null });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.checks[0]).toMatchObject({ status: 'missing', cause: expect.stringMatching(/may not even read role assignments/) });
    expect(await h.fails(ipc.cloud.enumerate, target)).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/AuthorizationFailed|refused a read/) });
  });

  it('Owner covers Reader, and says it is more than needed', async () => {
    world.setUpCustomer(ORG, { role: 'Owner' });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.allGranted).toBe(true);
    expect(p.checks[0]!.cause).toMatch(/Owner, which grants more than AlphaSwarm needs/);
  });

  it('a subscription of another tenant is explained', async () => {
    world.setUpCustomer(ORG);
    world.fake.addTenant('11111111-2222-4333-8444-555555555555');
    world.fake.addSubscription('99999999-8888-4777-8666-555555555555', '11111111-2222-4333-8444-555555555555');
    const other = { ...target, subscriptionId: '99999999-8888-4777-8666-555555555555' };
    await h.ok(ipc.cloud.validateIdentity, other);
    expect(await h.fails(ipc.cloud.validatePermissions, other)).toMatchObject({ code: 'cloud_denied', hint: expect.stringMatching(/another tenant/) });
    expect(await h.fails(ipc.cloud.validatePermissions, { ...target, subscriptionId: '12345678-1234-4234-8234-123456789012' })).toMatchObject({ code: 'cloud_denied', field: 'subscriptionId' });
  });

  it.each([
    ['{72f988bf-86f1-41af-91ab-2d7cd011db47}', /braces/],
    ['00000000-0000-0000-0000-000000000000', /nil GUID/],
    ['72f988bf-86f1-41af-91ab-2d7cd011db4', /not a GUID/],
    ['72f988bf-86f1-41af-91ab-2d7cd011db47x', /not a GUID/],
    ['72f988bf86f141af91ab2d7cd011db47', /not a GUID/],
    ['', /empty/],
  ])('refuses tenant id %j before any call', async (tenantId, reason) => {
    const e = await h.fails(ipc.cloud.validateIdentity, { ...target, tenantId });
    expect(e).toMatchObject({ code: 'bad_request', field: 'tenantId', message: expect.stringMatching(reason) });
    expect(world.fake.requests).toEqual([]);
  });

  it('an unreachable Entra is "unreachable", naming the setting', async () => {
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9' } });
    await h.stepUp(ORG);
    expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ code: 'cloud_unreachable', hint: expect.stringMatching(/ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST/) });
  });

  it('bootstrap refuses without the app ids, naming the variable', async () => {
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'azure', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID' } });
    h.close();
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'azure', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID' } });
  });
});
