import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeAt } from '../../main/mfa/totp.js';
import { profilePayloadSchema } from '../../main/profile/profile-format.js';
import { APP_CLIENT_ID, APP_OBJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from '../support/azure-env.js';
import { cli } from '../support/cli.js';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { storedConnection } from '../support/seed.js';

const APP_B = { client: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', object: '9b2c1d0e-7a6f-4e5d-8c4b-3a2918076540' };
const APP_C = { client: 'c0ffee00-1234-4abc-8def-000000000003', object: 'c0ffee00-1234-4abc-8def-0000000000a3' };

const nowSec = (h: Harness) => Math.floor(h.clock.now() / 1000);
const org = (orgId: string, app?: { client: string; object: string }) => ({
  org_id: orgId,
  aws_external_id: platformExternalId(orgId),
  ...(app ? { azure_app_client_id: app.client, azure_app_object_id: app.object } : {}),
});

describe('issue 20 §1: the Azure app of each org, from the profile', () => {
  let h: Harness;
  afterEach(() => h?.close());
  const key = platformKey();
  const laptop = () =>
    createHarness({
      env: {
        ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }),
        ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID,
        ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID,
      },
    });
  /** Import a profile assigning these orgs, a minute after the last one. */
  const importOrgs = async (orgs: unknown[], withCode = false) => {
    h.clock.advance(60_000);
    const code = withCode ? await h.freshCode() : undefined;
    return h.call(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h), { orgs })), ...(code ? { code } : {}) });
  };

  it('an org entry carries both ids or neither, each a GUID; the error names the org entry and what is wrong', () => {
    const parse = (orgs: unknown[]) => profilePayloadSchema.safeParse(profilePayload(1_800_000_000, { orgs }));
    const onlyClient = parse([{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp'), azure_app_client_id: APP_B.client }]);
    expect(onlyClient.success).toBe(false);
    expect(onlyClient.error!.issues).toEqual([expect.objectContaining({ path: ['orgs', 0, 'azure_app_object_id'], message: expect.stringContaining("gives the Azure app's client id but not its object id") })]);
    const onlyObject = parse([{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp'), azure_app_object_id: APP_B.object }]);
    expect(onlyObject.error!.issues[0]).toMatchObject({ path: ['orgs', 0, 'azure_app_client_id'], message: expect.stringContaining('object id but not its client id') });
    for (const bad of ['not-a-guid', `{${APP_B.client}}`, `${APP_B.client} `, `${APP_B.client}\u202e`, "'; rm -rf /"]) {
      const r = parse([{ ...org('acme-corp', APP_B), azure_app_client_id: bad }]);
      expect(r.success, bad).toBe(false);
      expect(r.error!.issues[0]!.message).toContain('the Azure app client id must be a GUID');
    }
    // Upper case is the same id: kept lowercase, as Entra compares them.
    const upper = parse([org('acme-corp', { client: APP_B.client.toUpperCase(), object: APP_B.object.toUpperCase() })]);
    expect(upper.success).toBe(true);
    expect(upper.data!.orgs[0]).toMatchObject({ azure_app_client_id: APP_B.client, azure_app_object_id: APP_B.object });
    // One app, one object id: two orgs that pair the same client id with different object ids are a typo.
    const mismatched = parse([org('acme-corp', APP_B), org('globex', { client: APP_B.client, object: APP_C.object })]);
    expect(mismatched.error!.issues[0]).toMatchObject({ path: ['orgs', 1, 'azure_app_object_id'], message: expect.stringContaining('another org pairs them differently') });
  });

  it('a bad app in a profile is refused with its reason, and nothing is imported', async () => {
    h = await laptop();
    const r = await importOrgs([{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp'), azure_app_client_id: APP_B.client }], true);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('object id') } });
    expect(h.services.profiles.status().state).toBe('none');
  });

  it('azureAppFor: the profile\'s app for an org that has one, else the global setting', async () => {
    h = await laptop();
    expect(h.services.azureApps.azureAppFor('acme-corp')).toEqual({ clientId: APP_CLIENT_ID, objectId: APP_OBJECT_ID, source: 'settings' });
    expect((await importOrgs([org('acme-corp', APP_B), org('globex')], true)).ok).toBe(true);
    expect(h.services.azureApps.azureAppFor('acme-corp')).toEqual({ clientId: APP_B.client, objectId: APP_B.object, source: 'profile' });
    expect(h.services.azureApps.azureAppFor('globex')).toEqual({ clientId: APP_CLIENT_ID, objectId: APP_OBJECT_ID, source: 'settings' });
    // An org the profile does not assign uses the global app too.
    expect(h.services.azureApps.azureAppFor('initech').clientId).toBe(APP_CLIENT_ID);
    // The artifacts of step 2 follow.
    const boot = await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: 'acme-corp' });
    expect(boot).toMatchObject({ appClientId: APP_B.client, appObjectId: APP_B.object });
    expect(boot.notes.map((n) => n.text)).toContain(`Your platform profile assigns this org to AlphaSwarm app ${APP_B.client}: every command, link and check uses it.`);
  });

  it('moving the app of an org with Azure connections is a trust change: a code and main\'s confirmation, naming each org old → new', async () => {
    h = await laptop();
    expect((await importOrgs([org('acme-corp'), org('globex'), org('initech', APP_C)], true)).ok).toBe(true);
    h.services.orgs.ensure('acme-corp');
    h.services.orgs.ensure('initech');
    const record = { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, subject: 'alphaswarm:org:acme-corp', principal_object_id: '11111111-2222-4333-8444-555555555555' };
    h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: 'acme-corp', record: { ...record, client_id: APP_CLIENT_ID } }));
    h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: 'initech', record: { ...record, subject: 'alphaswarm:org:initech', client_id: APP_C.client } }));

    // globex has no Azure connection: giving it an app is routine, no code.
    expect((await importOrgs([org('acme-corp'), org('globex', APP_B), org('initech', APP_C)])).ok).toBe(true);

    // acme-corp set (global → B) and initech dropped (C → global): both connected, so both are named.
    const moved = [org('acme-corp', APP_B), org('globex', APP_B), org('initech')];
    const asked = await importOrgs(moved);
    expect(asked).toMatchObject({ ok: false, error: { code: 'step_up_required', message: expect.stringContaining('the Azure app of 2 orgs with Azure connections') } });
    h.confirmAnswer = false;
    expect(await importOrgs(moved, true)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const prompt = h.prompts.at(-1)!;
    expect(prompt.detail).toContain(`- acme-corp: the global app (${APP_CLIENT_ID}) → ${APP_B.client}  (changes; protected)`);
    expect(prompt.detail).toContain(`- initech: ${APP_C.client} → the global app (${APP_CLIENT_ID})  (changes; protected)`);
    expect(prompt.detail).not.toContain('- globex:');
    // Declined: the profile in use still decides.
    expect(h.services.azureApps.azureAppFor('acme-corp').clientId).toBe(APP_CLIENT_ID);
    expect(h.services.azureApps.azureAppFor('initech').clientId).toBe(APP_C.client);

    h.confirmAnswer = true;
    const done = await importOrgs(moved, true);
    expect(done).toMatchObject({ ok: true, value: { inspection: { changes: { changedAzureApps: ['acme-corp', 'initech'] } } } });
    expect(h.services.azureApps.azureAppFor('acme-corp').clientId).toBe(APP_B.client);
    expect(h.services.azureApps.azureAppFor('initech').clientId).toBe(APP_CLIENT_ID);
  });

  it('in a terminal: the move needs --otp, main\'s description is printed, and the connection then lists as rotated', async () => {
    h = await laptop();
    const seed = await h.enrollMfa();
    h.clock.advance(60_000);
    expect((await h.call(ipc.settings.importProfile, { text: signProfile(key, profilePayload(nowSec(h), { orgs: [org('acme-corp')] })), code: await codeAt(seed, h.clock.now() / 1000) })).ok).toBe(true);
    h.services.orgs.ensure('acme-corp');
    h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: 'acme-corp', record: { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: APP_CLIENT_ID, subject: 'alphaswarm:org:acme-corp', principal_object_id: '11111111-2222-4333-8444-555555555555' } }));
    h.close();

    h.clock.advance(60_000);
    const file = join(mkdtempSync(join(tmpdir(), 'azure-apps-')), 'moved.profile');
    writeFileSync(file, signProfile(key, profilePayload(nowSec(h), { orgs: [org('acme-corp', APP_B)] })));
    const asked = await cli(['settings', 'import-profile', file], h.env, h.clock);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('the Azure app of acme-corp with Azure connections');
    h.clock.advance(30_000);
    const done = await cli(['settings', 'import-profile', file, '--otp', await codeAt(seed, h.clock.now() / 1000)], h.env, h.clock);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain(`- acme-corp: the global app (${APP_CLIENT_ID}) → ${APP_B.client}  (changes; protected)`);
    expect(done.stdout).toContain('! Azure apps changed for acme-corp: their Azure connections now show as rotated');
    const listed = (await cli(['list', '--json'], h.env, h.clock)).json<{ connections: { cloud: string; status: string; statusReason: string }[] }>();
    expect(listed.connections).toEqual([expect.objectContaining({ cloud: 'azure', status: 'rotated_key', statusReason: expect.stringContaining(`${APP_CLIENT_ID} → ${APP_B.client}`) })]);
  });
});
