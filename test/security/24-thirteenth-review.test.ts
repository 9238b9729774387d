// Found by the thirteenth attacker review of issue 24 (probes M-A1–M-E2), each with the behaviour
// that now holds.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('M-A2 an ARM listing longer than the pages it may take is an error, never a part shown as the whole', () => {
  const sub = (n: number) => `5ab0c0de-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it('510 subscriptions at 10 a page (51 pages): the scan stops with a sentence, not “500 subscriptions”', async () => {
    const { fake, scan } = await azureEstate('m-a2-');
    try {
      for (let n = 1; n <= 510; n++) {
        fake.addSubscription(sub(n), TENANT_ID);
        fake.managementGroups.place(sub(n), 'contoso', `s-${n}`);
      }
      fake.descendantsPageSize = 10;
      const r = await scan('--json');
      expect(r.code).not.toBe(0);
      expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'cloud_error' });
      expect(r.stdout).not.toContain('"total"');
      expect(r.stdout).toMatch(/still paging \/providers\/Microsoft\.Management\/managementGroups\/contoso\/descendants after 50 pages \(500 items read\), so the listing was stopped/);
      expect(fake.requests.filter((q) => q.path.endsWith('/descendants'))).toHaveLength(50);
    } finally {
      await fake.stop();
    }
  }, 60_000);

  it('a nextLink that repeats the page just read stops the listing at once', async () => {
    const { fake, scan } = await azureEstate('m-a2b-');
    try {
      const again = `${fake.url}/providers/Microsoft.Management/managementGroups/contoso/descendants?api-version=2023-04-01&%24top=500`;
      (fake as unknown as { descendants: () => Promise<[number, unknown]> }).descendants = async () => [200, { value: [], nextLink: again }];
      const r = await scan();
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/next page link .* that it had already given \(the listing would never end\)/);
      expect(fake.requests.filter((q) => q.path.endsWith('/descendants')).length).toBeLessThanOrEqual(2);
    } finally {
      await fake.stop();
    }
  }, 60_000);
});

describe('M-A3 the ARM token goes only to the configured ARM endpoint', () => {
  it('a nextLink on another host is refused before it is called, naming both origins', async () => {
    const seen: string[] = [];
    const other = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ value: [], nextLink: null }));
    });
    other.listen(0, '127.0.0.1');
    await once(other, 'listening');
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const { fake, scan } = await azureEstate('m-a3-');
    try {
      (fake as unknown as { descendants: () => Promise<[number, unknown]> }).descendants = async () => [200, { value: [], nextLink: `${otherOrigin}/steal?x=1` }];
      const r = await scan();
      expect(seen).toEqual([]);
      expect(r.code).not.toBe(0);
      const arm = new URL(fake.url).origin;
      expect(r.stderr).toContain(`its next page on ${otherOrigin}, not on the configured ARM endpoint ${arm}: the token was not sent there`);
    } finally {
      other.close();
      await fake.stop();
    }
  }, 60_000);
});
