// Found by the fourteenth attacker review of issue 24 (probe N-A1, kept as written): the behaviour that now holds.
import { expect, it } from 'vitest';
import { APP_CLIENT_ID, APP_OBJECT_ID, startAzureWorld } from '../support/azure-env.js';
import { forCloud, ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

/**
 * N-A1: the Azure cloud is per connection now. An org connected in Azure US Government (record
 * azure_cloud) is moved to another AlphaSwarm app by the profile; the laptop's setting is the
 * public cloud. Step 2's hand-over artifacts (the new app's admin consent link for the customer's
 * Gov tenant) must point at the Gov authority (login.microsoftonline.us), as step 2 itself does.
 */
it('fourteenth review N-A1: the rotation hand-over for a US Government connection uses the connection\'s cloud', async () => {
  const world = await startAzureWorld();
  const key = platformKey();
  const h = await createHarness({ env: { ...world.env(), ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
  try {
    const ORG = 'gov-agency';
    const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
    const SUB = 'bbbbbbbb-0000-4000-8000-000000000001';
    const B = { client: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', object: '9b2c1d0e-7a6f-4e5d-8c4b-3a2918076540' };
    h.services.orgs.ensure(ORG);
    h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: ORG, record: { tenant_id: TENANT, subscription_id: SUB, client_id: APP_CLIENT_ID, app_object_id: APP_OBJECT_ID, subject: `alphaswarm:org:${ORG}`, principal_object_id: 'cccccccc-0000-4000-8000-000000000001', azure_cloud: 'AzureUSGovernment' } }));
    h.clock.advance(60_000);
    const code = await h.freshCode();
    const moved = await h.call(ipc.settings.importProfile, { text: signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs: [{ org_id: ORG, aws_external_id: platformExternalId(ORG), azure_app_client_id: B.client, azure_app_object_id: B.object }] })), code });
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const b = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: ORG, tenantId: TENANT, subscriptionId: SUB, azureCloud: 'AzureUSGovernment' }), 'azure');
    const links = b.artifacts.map((a) => `${a.id}: ${(a.content.match(/https:\/\/[^\s/]+\/[^\s]*adminconsent[^\s]*/g) ?? []).join(' ')}`).filter((l) => l.includes('adminconsent'));
    expect(links.length).toBeGreaterThan(1);
    for (const l of links) expect(l).toContain('login.microsoftonline.us');
  } finally {
    h.close();
    await world.fake.stop();
  }
}, 60_000);
