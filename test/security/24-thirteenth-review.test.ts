// Found by the thirteenth attacker review of issue 24 (probes M-A1–M-E2), each with the behaviour
// that now holds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManagementGroupTree, type DescendantItem } from '../../main/providers/azure/management-group-tree.js';
import type { ScopeNode } from '../../shared/ipc/estate-schemas.js';
import { APP_CLIENT_ID, TENANT_ID, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';
import { ISSUER } from '../support/oidc.js';

const ORG = 'acme-corp';
const MG = '/providers/Microsoft.Management/managementGroups/';
const group = (name: string, parent: string): DescendantItem => ({ id: `${MG}${name}`, type: 'Microsoft.Management/managementGroups', name, properties: { displayName: name, parent: { id: `${MG}${parent}` } } });
const subscription = (name: string, parent: string): DescendantItem => ({ id: `/subscriptions/${name}`, type: '/subscriptions', name, properties: { displayName: name, parent: { id: `${MG}${parent}` } } });
const S1 = '11111111-1111-4111-8111-111111111111';

/** Every node reachable from the root, counted as a serialiser walks it (stops past a limit or on a cycle). */
function walkCount(root: ScopeNode, limit = 10_000): { nodes: number; cyclic: boolean } {
  const onPath = new Set<ScopeNode>();
  let nodes = 0;
  let cyclic = false;
  const walk = (n: ScopeNode): void => {
    if (onPath.has(n)) {
      cyclic = true;
      return;
    }
    if (++nodes > limit) return;
    onPath.add(n);
    n.children.forEach(walk);
    onPath.delete(n);
  };
  walk(root);
  return { nodes, cyclic };
}

/** An Azure world with one management group the org's app may read, and a hook on its descendants listing. */
async function azureEstate(prefix: string) {
  const world = await startAzureWorld();
  resetAzure(world);
  const clock = new TestClock();
  world.fake.now = () => clock.now();
  const { fake } = world;
  fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${ORG}`, issuer: ISSUER, subject: `alphaswarm:org:${ORG}`, audiences: ['api://AzureADTokenExchange'] });
  fake.addTenant(TENANT_ID);
  const sp = fake.consent(TENANT_ID, APP_CLIENT_ID);
  fake.managementGroups.add('contoso', TENANT_ID, null, 'Contoso');
  fake.managementGroups.assign('contoso', sp, 'Reader');
  const env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), prefix)), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '5000' };
  const scan = (...more: string[]) => cli(['estate', 'scan', '--org', ORG, '--cloud', 'azure', '--tenant-id', TENANT_ID, '--management-group', 'contoso', ...more], env, clock);
  return { fake, env, clock, scan };
}

describe('M-A1 a management group listed twice in ARM’s descendants', () => {
  it('under the root and again under its own child: one node, its first parent, no cycle', () => {
    const root = buildManagementGroupTree('contoso', [group('a', 'contoso'), group('b', 'a'), group('a', 'b'), subscription(S1, 'b')]);
    expect(walkCount(root)).toEqual({ nodes: 3, cyclic: false });
    expect(root.children.map((c) => c.id)).toEqual(['a']);
    expect(root.children[0]!.children[0]!.accounts.map((a) => a.id)).toEqual([S1]);
    expect(() => JSON.stringify(root)).not.toThrow();
  });

  it('groups naming each other as parents (neither under the root) hang under the root, never below themselves', () => {
    const root = buildManagementGroupTree('contoso', [group('a', 'b'), group('b', 'a'), group('c', 'c')]);
    expect(walkCount(root)).toEqual({ nodes: 4, cyclic: false });
    expect(root.children.map((c) => c.id)).toEqual(['b', 'c']);
    expect(root.children[0]!.children.map((c) => c.id)).toEqual(['a']);
  });

  it('each group of 24 layers listed under both groups above it: one node per group, not 2^24', () => {
    const items: DescendantItem[] = [group('x0', 'contoso'), group('y0', 'contoso')];
    for (let i = 1; i < 24; i++) for (const n of ['x', 'y']) items.push(group(`${n}${i}`, `x${i - 1}`), group(`${n}${i}`, `y${i - 1}`));
    const root = buildManagementGroupTree('contoso', items);
    expect(walkCount(root)).toEqual({ nodes: 49, cyclic: false });
    // The first listed parent wins: every group of a layer sits under x of the layer above.
    expect(root.children[0]!.children.map((c) => c.id)).toEqual(['x1', 'y1']);
  });

  it('estate scan --json on a cyclic answer prints the tree (exit 0) with each group once', async () => {
    const { fake, scan } = await azureEstate('m-a1-');
    try {
      const S = '5ab0c0de-0000-4000-8000-000000000001';
      fake.addSubscription(S, TENANT_ID);
      const mg = fake.managementGroups;
      mg.add('a', TENANT_ID, 'contoso', 'A');
      mg.add('b', TENANT_ID, 'a', 'B');
      mg.place(S, 'b', 'one');
      const real = mg.descendants.bind(mg);
      mg.descendants = (g: string) => [...real(g), { kind: 'group', name: 'a', displayName: 'A', parent: 'b' }];
      const r = await scan('--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = r.json<{ root: ScopeNode; counts: { total: number } }>();
      expect(out.counts.total).toBe(1);
      expect(walkCount(out.root)).toEqual({ nodes: 3, cyclic: false });
    } finally {
      await fake.stop();
    }
  }, 60_000);
});
