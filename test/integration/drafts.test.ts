import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const DAY = 24 * 3600_000;
const draft = (cloud: 'aws' | 'gcp') => ({ cloud, step: 2, target: {}, method: cloud === 'aws' ? 'cloudformation' : 'gcloud', identity: null, permissions: null, enumeration: null, secretNeeded: false });

describe('drafts older than 7 days', () => {
  let h: Harness;
  afterEach(() => h.close());

  it("are dropped and told on their own org's page, once — never on another org's", async () => {
    h = await createHarness();
    await h.ok(ipc.drafts.save, { orgId: 'org-a', draft: draft('gcp') });
    await h.ok(ipc.drafts.save, { orgId: 'org-b', draft: draft('aws') });
    h.clock.advance(8 * DAY);
    await h.ok(ipc.drafts.save, { orgId: 'org-b', draft: draft('gcp') });

    const a = await h.ok(ipc.drafts.list, { orgId: 'org-a' });
    expect(a).toMatchObject({ drafts: [], dropped: [{ orgId: 'org-a', cloud: 'gcp' }] });
    const b = await h.ok(ipc.drafts.list, { orgId: 'org-b' });
    expect(b.drafts.map((d) => d.cloud)).toEqual(['gcp']);
    expect(b.dropped).toMatchObject([{ orgId: 'org-b', cloud: 'aws' }]);
    expect((await h.ok(ipc.drafts.list, { orgId: 'org-b' })).dropped).toEqual([]);
  });
});
