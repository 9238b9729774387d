import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipc } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';

/** A bundle is logged under the orgs it carries: filtering the audit log by one of them finds it. */
describe('exports in the audit log', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    for (const [orgId, account] of [['acme-corp', '111111111111'], ['globex', '222222222222']] as const) {
      h.services.orgs.ensure(orgId);
      h.services.integrations.save(storedConnection({ cloud: 'aws', orgId, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'e'.repeat(64), region: 'us-east-1', account_id: account } }));
    }
    await h.stepUp('__platform__');
  });
  afterEach(() => h.close());

  const exportRows = async (orgId: string) => (await h.ok(ipc.audit.list, { orgId, step: 'bundle_export' })).rows;

  it('an export from one org page is under that org, not the platform tenant', async () => {
    await h.ok(ipc.bundles.export, { orgId: '__platform__', orgIds: ['globex'] });
    expect((await exportRows('globex')).map((r) => r.outcome)).toEqual(['succeeded', 'pending']);
    expect(await exportRows('acme-corp')).toEqual([]);
    expect(await exportRows('__platform__')).toEqual([]);
  });

  it('an export of several orgs is under each, one correlation id', async () => {
    await h.ok(ipc.bundles.export, { orgId: '__platform__', orgIds: ['acme-corp', 'globex'] });
    const acme = await exportRows('acme-corp');
    const globex = await exportRows('globex');
    expect(acme.map((r) => r.outcome)).toEqual(['succeeded', 'pending']);
    expect(globex.map((r) => r.correlationId)).toEqual(acme.map((r) => r.correlationId));
    expect(acme[0]!.detail.orgs).toEqual(['acme-corp', 'globex']);
  });

  it('an export of every org stays under the platform tenant', async () => {
    await h.ok(ipc.bundles.export, { orgId: '__platform__' });
    expect((await exportRows('__platform__')).map((r) => r.outcome)).toEqual(['succeeded', 'pending']);
  });
});
