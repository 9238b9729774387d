import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AzureFake } from '../fakes/azure/azure-fake.js';
import { APP_CLIENT_ID, APP_OBJECT_ID, type AzureWorld, startAzureWorld } from '../support/azure-env.js';
import { cli } from '../support/cli.js';
import { forCloud, ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

/**
 * Issue 20 §1 end to end: 25 orgs over two of AlphaSwarm's Entra apps. Each org's artifacts,
 * consent link and token request use its own app; the 21st credential on one app is refused as
 * Graph refuses it, and what the engineer reads says to assign the org to another app; an org
 * moved between apps shows as rotated and is handed over without downtime.
 */
const APP_A = { client: APP_CLIENT_ID, object: APP_OBJECT_ID };
const APP_B = { client: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', object: '9b2c1d0e-7a6f-4e5d-8c4b-3a2918076540' };
type App = typeof APP_A;

const ORGS = Array.from({ length: 25 }, (_, i) => `org-${String(i + 1).padStart(2, '0')}`);
const n12 = (i: number) => String(i).padStart(12, '0');
const tenantOf = (org: string) => `aaaaaaaa-0000-4000-8000-${n12(ORGS.indexOf(org) + 1)}`;
const subscriptionOf = (org: string) => `bbbbbbbb-0000-4000-8000-${n12(ORGS.indexOf(org) + 1)}`;

describe('25 orgs over two Azure apps', () => {
  let world: AzureWorld;
  let fake: AzureFake;
  let h: Harness;
  const key = platformKey();

  beforeAll(async () => {
    world = await startAzureWorld();
    fake = world.fake;
    fake.addApp(APP_B.client, APP_B.object);
    h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    fake.now = () => h.clock.now();
    for (const org of ORGS) {
      fake.addTenant(tenantOf(org));
      fake.addSubscription(subscriptionOf(org), tenantOf(org));
    }
  });
  afterAll(async () => {
    h.close();
    await fake.stop();
  });

  /** A profile putting each org on the app `appOf` says (undefined: no entry, the global app A). */
  const importProfile = async (appOf: (org: string) => App | undefined, withCode: boolean) => {
    h.clock.advance(60_000);
    const orgs = ORGS.map((o) => {
      const app = appOf(o);
      return { org_id: o, aws_external_id: platformExternalId(o), ...(app ? { azure_app_client_id: app.client, azure_app_object_id: app.object } : {}) };
    });
    const code = withCode ? await h.freshCode() : undefined;
    return h.call(ipc.settings.importProfile, { text: signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs })), ...(code ? { code } : {}) });
  };

  const bootstrap = async (org: string) => forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: org, tenantId: tenantOf(org), subscriptionId: subscriptionOf(org) }), 'azure');
  const artifact = (b: { artifacts: readonly { id: string; content: string }[] }, id: string) => b.artifacts.find((a) => a.id === id)!.content;

  /** AlphaSwarm's platform team runs the org's create-federated-credential artifact: Graph's POST, as az makes it. */
  const platformCreatesCredential = async (b: Awaited<ReturnType<typeof bootstrap>>) => {
    const objectId = /--id (\S+)/.exec(artifact(b, 'create-federated-credential'))![1]!;
    const res = await fetch(`${fake.url}/v1.0/applications/${objectId}/federatedIdentityCredentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer platform-admin' },
      body: artifact(b, 'federated-credential'),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };

  /** The customer's admin opens the consent link and runs the role assignment: both name the app by its client id. */
  const customerConsentsAndGrants = (org: string, b: Awaited<ReturnType<typeof bootstrap>>) => {
    const link = new URL(artifact(b, 'admin-consent').trim());
    const consentedApp = link.searchParams.get('client_id')!;
    const tenant = fake.tenants.get(tenantOf(org))!;
    if (!tenant.servicePrincipals.has(consentedApp)) fake.consent(tenantOf(org), consentedApp);
    const assignee = /az ad sp show --id (\S+)/.exec(artifact(b, 'role-assignment'))![1]!;
    fake.assignRole(subscriptionOf(org), tenant.servicePrincipals.get(assignee)!, 'Reader');
    return { consentedApp, assignee };
  };

  const target = (org: string) => ({ cloud: 'azure' as const, orgId: org, tenantId: tenantOf(org), subscriptionId: subscriptionOf(org) });
  const connect = async (org: string) => {
    await h.stepUp(org);
    await h.ok(ipc.cloud.validateIdentity, target(org));
    await h.ok(ipc.cloud.validatePermissions, target(org));
    return h.ok(ipc.cloud.connect, target(org));
  };

  it('each org uses its own app; the 21st credential on one app is refused; a moved org shows as rotated and is handed over', async () => {
    // The platform's first profile: org-01…org-21 on the global app A (one too many), org-22…25 on B.
    const firstAppOf = (o: string) => (ORGS.indexOf(o) >= 21 ? APP_B : undefined);
    expect((await importProfile(firstAppOf, true)).ok).toBe(true);
    // Settings shows the platform's assignment whole: 21 orgs on A is over the limit.
    expect((await h.ok(ipc.settings.status, {})).azureApps).toEqual([
      { clientId: APP_A.client, global: true, orgIds: ORGS.slice(0, 21), overLimit: true },
      { clientId: APP_B.client, global: false, orgIds: ORGS.slice(21), overLimit: false },
    ]);
    expect((await cli(['settings', 'status'], h.env, h.clock)).stdout).toContain(`  ${APP_A.client} (global): 21 orgs — over the limit: ask the platform team to move some to another app\n  ${APP_B.client}: 4 orgs\n`);

    for (const org of ORGS) {
      const app = firstAppOf(org) ?? APP_A;
      const b = await bootstrap(org);
      // Every artifact names the org's own app.
      expect(b).toMatchObject({ appClientId: app.client, appObjectId: app.object });
      expect(artifact(b, 'create-federated-credential')).toBe(`az ad app federated-credential create --id ${app.object} --parameters federated_credential.json\n`);
      expect(new URL(b.consentUrl).searchParams.get('client_id')).toBe(app.client);
      expect(artifact(b, 'role-assignment')).toContain(`az ad sp show --id ${app.client} `);
      expect(artifact(b, 'terraform-federated-credential')).toContain(`application_id = "/applications/${app.object}"`);
      expect(artifact(b, 'terraform-role-assignment')).toContain(`client_id = "${app.client}"`);
      // The profile puts 21 orgs on A: step 2 says so before anyone runs anything.
      const warned = b.notes.some((n) => n.level === 'warning' && n.text.includes(`puts 21 orgs on AlphaSwarm app ${APP_A.client}`));
      expect(warned, org).toBe(app === APP_A);

      const created = await platformCreatesCredential(b);
      if (org === 'org-21') {
        // The 21st credential on app A: refused by Graph, as Entra limits an app to 20.
        expect(created).toMatchObject({ status: 400, body: { error: { code: 'Request_BadRequest', message: expect.stringContaining('maximum of 20 federated identity credentials') } } });
        customerConsentsAndGrants(org, b);
        await h.stepUp(org);
        const refused = await h.fails(ipc.cloud.validateIdentity, target(org));
        expect(refused).toMatchObject({ code: 'cloud_denied', message: expect.stringContaining('AADSTS700213') });
        expect(refused.hint).toContain(`puts 21 orgs on AlphaSwarm app ${APP_A.client}`);
        expect(refused.hint).toContain('Ask the platform team to assign this org to another app in your profile');
        expect(fake.tokenRequests.at(-1)).toMatchObject({ clientId: APP_A.client, subject: 'alphaswarm:org:org-21', status: 400, aadsts: 700213 });
        continue;
      }
      expect(created.status).toBe(201);
      const granted = customerConsentsAndGrants(org, b);
      expect(granted).toEqual({ consentedApp: app.client, assignee: app.client });
      const saved = await connect(org);
      expect(saved.connection.record).toMatchObject({ client_id: app.client, app_object_id: app.object });
    }
    expect(fake.apps.get(APP_A.client)!.federatedCredentials).toHaveLength(20);
    expect(fake.apps.get(APP_B.client)!.federatedCredentials).toHaveLength(4);

    // Each org's token requests named its own app, and only its own.
    for (const org of ORGS) {
      const apps = new Set(fake.tokenRequests.filter((r) => r.subject === `alphaswarm:org:${org}`).map((r) => r.clientId));
      expect([...apps], org).toEqual([(firstAppOf(org) ?? APP_A).client]);
    }
    // The fake holds each app to its own credentials: org-22's subject presented as app A (consented
    // there too) is refused as Entra does, with AADSTS700213; as app B it is served.
    fake.consent(tenantOf('org-22'), APP_A.client);
    const jwk = fake.issuers.get(ISSUER)!.keys[0]!;
    const signingKey = await importPKCS8(readFileSync(world.keyFile, 'utf8'), 'RS256');
    const nowSec = Math.floor(h.clock.now() / 1000);
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: jwk.kid! }).setIssuer(ISSUER).setSubject('alphaswarm:org:org-22').setAudience('api://AzureADTokenExchange').setIssuedAt(nowSec).setExpirationTime(nowSec + 300).sign(signingKey);
    const tokenAs = (clientId: string) =>
      fetch(`${fake.url}/${tenantOf('org-22')}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope: 'https://management.azure.com/.default' }),
      });
    const crossed = await tokenAs(APP_A.client);
    expect(crossed.status).toBe(400);
    expect(await crossed.json()).toMatchObject({ error: 'invalid_request', error_codes: [700213], error_description: expect.stringMatching(/^AADSTS700213: No matching federated identity record found for presented assertion subject 'alphaswarm:org:org-22'\./) });
    expect((await tokenAs(APP_B.client)).status).toBe(200);

    // The platform assigns org-21 to B: it has no connection yet, so this import needs no code.
    const secondAppOf = (o: string) => (ORGS.indexOf(o) >= 20 ? APP_B : undefined);
    expect((await importProfile(secondAppOf, false)).ok).toBe(true);
    const b21 = await bootstrap('org-21');
    expect(b21.appClientId).toBe(APP_B.client);
    expect(b21.notes.some((n) => n.level === 'warning')).toBe(false);
    expect((await platformCreatesCredential(b21)).status).toBe(201);
    customerConsentsAndGrants('org-21', b21);
    expect((await connect('org-21')).connection.record).toMatchObject({ client_id: APP_B.client });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ clientId: APP_B.client, subject: 'alphaswarm:org:org-21', status: 200 });
    // Disconnecting names the app each connection was saved on.
    const cleanupOf = (org: string) => h.services.providers.stored('azure').cleanup(h.services.integrations.forOrgCloud('azure', org)[0]!).map((c) => c.content).join('');
    expect(cleanupOf('org-21')).toContain(`az ad app federated-credential delete --id ${APP_B.object} --federated-credential-id alphaswarm-org-21`);
    expect(cleanupOf('org-02')).toContain(`az ad app federated-credential delete --id ${APP_A.object} --federated-credential-id alphaswarm-org-02`);

    // The platform moves org-01 (connected on A) to B: a trust change, confirmed with a code.
    const thirdAppOf = (o: string) => (o === 'org-01' || ORGS.indexOf(o) >= 20 ? APP_B : undefined);
    expect(await importProfile(thirdAppOf, false)).toMatchObject({ ok: false, error: { code: 'step_up_required', message: expect.stringContaining('the Azure app of org-01') } });
    expect((await importProfile(thirdAppOf, true)).ok).toBe(true);
    expect(h.prompts.at(-1)!.detail).toContain(`- org-01: the global app (${APP_A.client}) → ${APP_B.client}`);

    // Rotated: in the window's list, in list --json, and in health (which still checks it on A, where it works).
    const listed = (await h.ok(ipc.cloud.list, { orgId: 'org-01' })).connections[0]!;
    expect(listed).toMatchObject({ status: 'rotated_key', statusReason: expect.stringContaining(`${APP_A.client} → ${APP_B.client}`), rotation: expect.stringContaining('App rotated') });
    const json = (await cli(['list', '--json'], h.env, h.clock)).json<{ connections: { orgId: string; cloud: string; status: string }[] }>();
    expect(json.connections.filter((c) => c.cloud === 'azure' && c.status === 'rotated_key').map((c) => c.orgId)).toEqual(['org-01']);
    await h.stepUp('org-01');
    const [health] = await h.services.health.run({ kind: 'org', orgId: 'org-01' }, 4, 'test');
    expect(health).toMatchObject({ status: 'rotated_key', reason: expect.stringContaining('re-run the wizard') });
    expect(fake.tokenRequests.at(-1)).toMatchObject({ clientId: APP_A.client, subject: 'alphaswarm:org:org-01', status: 200 });
    // Another org is untouched.
    expect((await h.ok(ipc.cloud.list, { orgId: 'org-02' })).connections[0]!.status).toBe('connected');
    // Had the platform moved it back, the rotation health stored would be over at once.
    expect((await importProfile(secondAppOf, true)).ok).toBe(true);
    expect((await h.ok(ipc.cloud.list, { orgId: 'org-01' })).connections[0]).toMatchObject({ status: 'connected', statusReason: null });
    expect((await importProfile(thirdAppOf, true)).ok).toBe(true);
    expect((await h.ok(ipc.cloud.list, { orgId: 'org-01' })).connections[0]!.status).toBe('rotated_key');

    // The hand-over: the new app's credential and roles first, the old ones only after saving.
    const b01 = await bootstrap('org-01');
    expect(b01.artifacts.slice(0, 4).map((a) => a.id)).toEqual(['rotation-new-credential', 'rotation-handover', 'rotation-final', 'rotation-retire-credential']);
    expect(artifact(b01, 'rotation-new-credential')).toBe(`az ad app federated-credential create --id ${APP_B.object} --parameters federated_credential.json\n`);
    expect(artifact(b01, 'rotation-handover')).toContain(`adminconsent?client_id=${APP_B.client}`);
    expect(artifact(b01, 'rotation-handover')).toContain(`az ad sp show --id ${APP_B.client} `);
    expect(artifact(b01, 'rotation-handover')).toContain(`--scope /subscriptions/${subscriptionOf('org-01')}\n`);
    expect(artifact(b01, 'rotation-final')).toBe(`az role assignment delete --assignee ${APP_A.client} --scope /subscriptions/${subscriptionOf('org-01')}\n`);
    expect(artifact(b01, 'rotation-retire-credential')).toBe(`az ad app federated-credential delete --id ${APP_A.object} --federated-credential-id alphaswarm-org-01\n`);

    expect((await platformCreatesCredential(b01)).status).toBe(201);
    customerConsentsAndGrants('org-01', b01);
    const moved = await connect('org-01');
    expect(moved.connection).toMatchObject({ status: 'connected', record: { client_id: APP_B.client, app_object_id: APP_B.object } });
    expect(moved.followUp.map((a) => a.id)).toEqual(['rotation-final', 'rotation-retire-credential']);
    expect(fake.tokenRequests.at(-1)).toMatchObject({ clientId: APP_B.client, subject: 'alphaswarm:org:org-01', status: 200 });
    const rotatedRow = h.services.audit.list({ limit: 50 }).rows.find((r) => r.orgId === 'org-01' && r.detail && 'rotatedToKey' in r.detail);
    expect(rotatedRow?.detail).toMatchObject({ rotatedFromKey: `app:${APP_A.client}`, rotatedToKey: `app:${APP_B.client}` });
    expect((await h.ok(ipc.cloud.list, { orgId: 'org-01' })).connections[0]!.status).toBe('connected');
  });
});
