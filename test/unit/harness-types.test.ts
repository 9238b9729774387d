import { describe, expectTypeOf, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { forCloud, ipc } from '../support/contracts.js';

// Checked by the tests' typecheck in `npm test`: were the harness untyped, each expected-error
// directive below would be unused, and an unused one is itself a compile error.
function typedCalls(h: Harness) {
  // @ts-expect-error orgs:add takes displayName; a renamed or misspelt field does not compile
  void h.ok(ipc.orgs.add, { orgId: 'acme-corp', name: 'Acme' });
  // @ts-expect-error the cloud is one of the contract's own literals
  void h.ok(ipc.cloud.bootstrap, { cloud: 'oracle', orgId: 'acme-corp' });
  return async () => {
    const added = await h.ok(ipc.orgs.add, { orgId: 'acme-corp', displayName: 'Acme' });
    expectTypeOf(added).toEqualTypeOf<Awaited<ReturnType<typeof ipc.orgs.add.output.parse>>>();
    const boot = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-corp' }), 'aws');
    expectTypeOf(boot.externalId).toEqualTypeOf<string>();
    // @ts-expect-error an AWS answer has no Cloudflare templates
    void boot.templates;
  };
}

describe('the test harness speaks the contract', () => {
  it('types every call by its channel contract (checked at compile time)', () => {
    expectTypeOf(typedCalls).toBeFunction();
  });
});
