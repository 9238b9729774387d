// Found by the eleventh attacker review of issue 24 (probes K-A1–K-E1), each with the behaviour that
// now holds. K-A1 (a token kept for a sign-in another process replaced) is in
// test/integration/platform-delivery.test.ts.
import { describe, expect, it } from 'vitest';
import { plainText } from '../../main/cli/terminal.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID } from '../support/azure-env.js';
import { ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';
import { storedConnection } from '../support/seed.js';

describe('K-B1 characters that draw nothing, unassigned and private-use ones', () => {
  it.each([['1d159', '\u{1D159}'], ['378', '\u0378'], ['e000', '\ue000']])('U+%s is replaced in a terminal and escaped in JSON', (_, c) => {
    expect(plainText(`4444${c}5555`)).toBe('4444\uFFFD5555');
    const json = printableJson(JSON.stringify({ id: `4444${c}5555` }));
    expect(json).not.toContain(c);
    expect(JSON.parse(json)).toEqual({ id: `4444${c}5555` });
  });
});

describe('K-C1 presenting mode: another org’s re-check is neither read nor cancelled by its id', () => {
  it('health progress and cancel of a run for another org (or every org) are refused', async () => {
    const h = await createHarness();
    try {
      await h.ok(ipc.orgs.add, { orgId: 'acme-corp', displayName: 'Acme Corp' });
      await h.ok(ipc.orgs.add, { orgId: 'globex', displayName: 'Globex Inc' });
      h.services.integrations.save(storedConnection({ cloud: 'aws', orgId: 'acme-corp', record: { role_arn: 'arn:aws:iam::111111111111:role/alphaswarm-broker-acme-corp', external_id: 'x'.repeat(64), region: 'us-east-1', account_id: '111111111111' } }));
      const ofAcme = h.services.health.start({ kind: 'org', orgId: 'acme-corp' }, 1, 'cli:test').runId;
      const ofAll = h.services.health.start({ kind: 'all' }, 1, 'cli:test').runId;
      const win = { ...h.caller, window: true };
      await h.services.router.call(ipc.presenting.enter, { orgId: 'globex' }, win);
      for (const runId of [ofAcme, ofAll]) {
        for (const r of [await h.services.router.call(ipc.health.progress, { runId }, win), await h.services.router.call(ipc.health.cancel, { runId }, win)]) {
          expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', details: { presenting: 'globex' } } });
        }
      }
      expect(h.services.health.progress(ofAcme).cancelled).toBe(false);
    } finally {
      h.close();
    }
  });
});

describe('K-E1 the global Azure app’s object id is the setting’s alone', () => {
  it('with no global object id set, an org entry pairing the global client id with another object id moves nothing', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }), ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID } });
    try {
      h.services.orgs.ensure('acme-corp');
      h.services.integrations.save(storedConnection({ cloud: 'azure', orgId: 'acme-corp', record: { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, subject: 'alphaswarm:org:acme-corp', principal_object_id: '11111111-2222-4333-8444-555555555555', client_id: APP_CLIENT_ID } }));
      const orgs = [
        { org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') },
        { org_id: 'globex', aws_external_id: platformExternalId('globex'), azure_app_client_id: APP_CLIENT_ID, azure_app_object_id: 'deadbeef-0000-4000-8000-00000000e111' },
      ];
      await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs })), code: await h.freshCode() });
      expect(h.services.azureApps.objectIdOf(APP_CLIENT_ID)).toBeUndefined();
    } finally {
      h.close();
    }
  });
});
