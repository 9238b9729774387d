// Found by the tenth attacker review of issue 24 (probes A–E), each with the behaviour that now holds.
// A (the sign-in swapped during a send) is in test/integration/platform-delivery.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../../main/cli/terminal.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, APP_OBJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from '../support/azure-env.js';
import { ipc } from '../support/contracts.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { storedConnection } from '../support/seed.js';

describe('B what a person cannot see is shown or escaped, by Unicode property', () => {
  const invisible = ['\u2061', '\u180e', '\u034f', '\u115f', '\u3164', '\uffa0', '\ufe0f', '\u{e0041}', '\u{e0100}', '\u17b4', '\u{1d173}', '\ufff9', '\u200a', '\u2800', '\u206a', '\u00a0'];
  it.each(invisible.map((c) => [c.codePointAt(0)!.toString(16), c]))('U+%s: replaced in a terminal, escaped in JSON, the value unchanged', (_, c) => {
    const id = `4444${c}5555`;
    expect(plainText(id)).toBe('4444\uFFFD5555');
    const json = printableJson(JSON.stringify({ id }));
    expect(json).toMatch(/^\{"id":"4444(\\u[0-9a-f]{4})+5555"\}$/);
    expect(JSON.parse(json)).toEqual({ id });
  });
  it('tab, newline and the plain space stay; pretty JSON keeps its layout', () => {
    expect(plainText('a b\tc\nd')).toBe('a b\tc\nd');
    const pretty = JSON.stringify({ a: [1, 'x y'] }, null, 2);
    expect(printableJson(pretty)).toBe(pretty);
  });
});

describe('C presenting mode: a run of another org is neither read nor cancelled', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => aws.stop());

  it('batch progress and cancel by run id are refused for another org’s run', async () => {
    const h = await createHarness({ env: awsEnv(aws, session) });
    try {
      const role = 'alphaswarm-broker-acme-corp';
      await h.ok(ipc.orgs.add, { orgId: 'acme-corp', displayName: 'Acme Corp' });
      await h.ok(ipc.orgs.add, { orgId: 'globex', displayName: 'Globex Inc' });
      await h.stepUp('acme-corp');
      const accounts = ['777788880001', '777788880002'];
      for (const a of accounts) aws.addRole({ accountId: a, roleName: role, trustedAccountId: PARTNER_ACCOUNT, externalIds: [externalIdFor(EXTERNAL_ID_SECRET, 'acme-corp')] });
      const win = { ...h.caller, window: true };
      const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: 'acme-corp', targets: accounts.map((a) => ({ cloud: 'aws' as const, orgId: 'acme-corp', roleArn: `arn:aws:iam::${a}:role/${role}` })), concurrency: 1 });
      await h.services.batches.wait(runId);
      expect((await h.services.router.call(ipc.presenting.enter, { orgId: 'globex' }, win)).ok).toBe(true);
      for (const r of [await h.services.router.call(ipc.cloud.batchProgress, { runId }, win), await h.services.router.call(ipc.cloud.batchCancel, { runId }, win)]) {
        expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', details: { presenting: 'globex' } } });
        expect(JSON.stringify(r)).not.toContain('777788880001');
      }
      // The CLI (no window) still reads it.
      expect((await h.ok(ipc.cloud.batchProgress, { runId })).orgId).toBe('acme-corp');
    } finally {
      h.close();
    }
  });
});

describe('D presenting mode: a platform profile is not read or imported', () => {
  it('inspect, import and refresh are refused while presenting, naming how to go on', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    try {
      await h.ok(ipc.orgs.add, { orgId: 'globex', displayName: 'Globex Inc' });
      const win = { ...h.caller, window: true };
      await h.services.router.call(ipc.presenting.enter, { orgId: 'globex' }, win);
      const text = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { settings: {}, orgs: [{ org_id: 'initech-secret-customer', aws_external_id: platformExternalId('initech-secret-customer') }] }));
      for (const r of [await h.services.router.call(ipc.settings.inspectProfile, { text }, win), await h.services.router.call(ipc.settings.importProfile, { text }, win), await h.services.router.call(ipc.platform.refreshProfile, {}, win)]) {
        expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: expect.stringContaining('Leave presenting mode') } });
        expect(JSON.stringify(r)).not.toContain('initech-secret-customer');
      }
      expect(h.services.profiles.status().state).toBe('none');
    } finally {
      h.close();
    }
  });
});

describe('E an Azure app is its client id and its object id together', () => {
  const APP_C = { client: 'c0ffee00-1234-4abc-8def-000000000003', object: 'c0ffee00-1234-4abc-8def-0000000000a3' };
  const OTHER_OBJECT = 'deadbeef-0000-4000-8000-00000000e111';
  const org = (orgId: string, app?: { client: string; object: string }) => ({ org_id: orgId, aws_external_id: platformExternalId(orgId), ...(app ? { azure_app_client_id: app.client, azure_app_object_id: app.object } : {}) });

  it('moving only the object id of a connected org’s app needs a code; the global app keeps the setting’s object id', async () => {
    const key = platformKey();
    const h: Harness = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }), ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID, ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID } });
    try {
      const profile = (orgs: unknown[]) => {
        h.clock.advance(60_000);
        return signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs }));
      };
      await h.ok(ipc.settings.importProfile, { text: profile([org('acme-corp'), org('initech', APP_C)]), code: await h.freshCode() });
      h.services.orgs.ensure('initech');
      h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: 'initech', record: { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, subject: 'alphaswarm:org:initech', principal_object_id: '11111111-2222-4333-8444-555555555555', client_id: APP_C.client } }));
      const moved = profile([org('acme-corp', { client: APP_CLIENT_ID, object: OTHER_OBJECT }), org('initech', { client: APP_C.client.toUpperCase(), object: OTHER_OBJECT.replace('e111', 'e222') })]);
      expect(await h.fails(ipc.settings.importProfile, { text: moved })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('Azure app of initech') });
      await h.ok(ipc.settings.importProfile, { text: moved, code: await h.freshCode() });
      // Both object ids are named, since only the object id moves.
    expect(h.prompts.at(-1)!.detail).toContain(`→ ${APP_C.client} (object deadbeef-0000-4000-`);
      // An org entry pairing the global client id with another object id does not move the global app.
      expect(h.services.azureApps.objectIdOf(APP_CLIENT_ID)).toBe(APP_OBJECT_ID);
    } finally {
      h.close();
    }
  });
});
