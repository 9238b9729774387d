// Found by the thirteenth attacker review of issue 24 (probes M-A1–M-E2), each with the behaviour
// that now holds.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log.js';
import { openDatabase } from '../../main/db/database.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import { buildManagementGroupTree, type DescendantItem, managementGroupTree } from '../../main/providers/azure/management-group-tree.js';
import type { ScopeNode } from '../../shared/ipc/estate-schemas.js';
import { auditRowSchema } from '../../shared/ipc/schemas.js';
import { addAccount, addOu } from '../fakes/aws/organizations-tree.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, TENANT_ID, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { runTogether } from '../support/children.js';
import { cli } from '../support/cli.js';
import { ipc } from '../support/contracts.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';
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

  it('counts what it left out: a repeated group, a group under its own descendant, a repeated subscription', () => {
    expect(managementGroupTree('contoso', [group('a', 'contoso'), subscription(S1, 'a')]).ignoredItems).toBe(0);
    expect(managementGroupTree('contoso', [group('a', 'contoso'), group('b', 'a'), group('a', 'b'), subscription(S1, 'b'), subscription(S1, 'a')]).ignoredItems).toBe(2);
    expect(managementGroupTree('contoso', [group('a', 'b'), group('b', 'a')]).ignoredItems).toBe(1);
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
      const out = r.json<{ root: ScopeNode; counts: { total: number }; ignoredItems: number | null }>();
      expect(out.counts.total).toBe(1);
      expect(walkCount(out.root)).toEqual({ nodes: 3, cyclic: false });
      expect(out.ignoredItems).toBe(1);
      const text = await scan();
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("  ! Azure's listing repeated 1 item (a group or subscription named twice, or a group named under one below it: something moved while the pages were read). Each is shown once, under the first group listed; re-scan to see where they are now.\n");
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

describe('M-B1–B3 a detail larger than an audit row holds is cut with a marker, never a failed append', () => {
  const ACCOUNT_ROLE = 'alphaswarm-broker-acme-corp';
  const rowsAreValid = (h: Harness) => {
    for (const row of h.services.audit.all()) expect(auditRowSchema.safeParse(row).success, `row ${row.seq}`).toBe(true);
  };

  it('a list of 65 keeps 63 entries and “…and 2 more”; long strings end saying how much was cut; redacted before the cut', async () => {
    const h = await createHarness();
    try {
      const token = `cfut_${'Ab1'.repeat(14)}`;
      const list = Array.from({ length: 65 }, (_, i) => `ou-${i}`);
      // A token straddling where the cut falls: cut first, redaction would miss the part kept.
      const row = h.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'settings_change', outcome: 'succeeded', detail: { list, message: `${'x'.repeat(4000)} ${token} ${'x'.repeat(100)}`, item: [`${'y'.repeat(470)} ${token} ${'y'.repeat(50)}`, 'z'.repeat(600)] } });
      expect(row.detail.list).toEqual([...list.slice(0, 63), '…and 2 more']);
      const message = row.detail.message as string;
      expect(message.length).toBeLessThanOrEqual(4096);
      expect(message).toMatch(/^x{4000} \[redacted\] x+… \(\d+ more characters\)$/);
      const [first, second] = row.detail.item as string[];
      expect(first!.length).toBeLessThanOrEqual(512);
      expect(first).toMatch(/^y{470} \[redacted\] y+… \(\d+ more characters\)$/);
      expect(JSON.stringify(row.detail)).not.toMatch(/cfut_|Ab1Ab1/);
      expect(second!.length).toBeLessThanOrEqual(512);
      expect(second).toMatch(/^z+… \(\d+ more characters\)$/);
      expect(Number(/\((\d+) more/.exec(second!)![1]) + second!.indexOf('…')).toBe(600);
      // The row as stored is the row as returned; the chain and the row schema hold.
      expect([...h.services.audit.all()].at(-1)!.detail).toEqual(row.detail);
      expect(h.services.audit.verify().ok).toBe(true);
      rowsAreValid(h);
    } finally {
      h.close();
    }
  });

  it('B1 estate:connect leaving 65 OUs out: the run connects and its outcome row is written', async () => {
    const { fake: aws, session } = await startAwsFake();
    const h = await createHarness({ env: awsEnv(aws, session) });
    try {
      const ext = externalIdFor(EXTERNAL_ID_SECRET, ORG);
      const id = (n: number) => `5000000${String(n).padStart(5, '0')}`;
      const MANAGEMENT = '500000099999';
      const org = aws.addOrganization(MANAGEMENT, []);
      const ous: string[] = [];
      for (let i = 0; i < 66; i++) ous.push(addOu(org, `Team ${i}`).id);
      for (let i = 0; i < 66; i++) addAccount(org, { id: id(100 + i), name: `team-${i}`, parentId: ous[i] });
      for (const a of [MANAGEMENT, ...Array.from({ length: 66 }, (_, i) => id(100 + i))]) aws.addRole({ accountId: a, roleName: ACCOUNT_ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [ext] });
      await h.stepUp(ORG);
      const target = { cloud: 'aws' as const, orgId: ORG, roleArn: `arn:aws:iam::${MANAGEMENT}:role/${ACCOUNT_ROLE}` };
      await h.ok(ipc.cloud.validateIdentity, target);
      await h.ok(ipc.cloud.validatePermissions, target);
      await h.ok(ipc.cloud.connect, target);
      const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
      const run = await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: { includeOus: [], excludeOus: ous.slice(0, 65), excludeAccounts: [] } });
      await h.services.batches.wait(run.runId);
      const connected = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.filter((c) => c.cloud === 'aws');
      expect(connected.map((c) => c.identifier)).toContain(id(165));
      const outcome = h.services.audit.list({ limit: 500 }).rows.find((r) => r.outcome !== 'pending' && 'excludeOus' in r.detail && 'runId' in r.detail);
      expect(outcome?.detail.excludeOus).toEqual([...ous.slice(0, 63), '…and 2 more']);
      expect(h.services.audit.verify().ok).toBe(true);
      rowsAreValid(h);
    } finally {
      h.close();
      await aws.stop();
    }
  }, 60_000);

  it('B2 settings:resetVault dropping 65 unreadable secrets answers ok and writes its outcome row', async () => {
    const h = await createHarness();
    try {
      for (let i = 0; i < 65; i++) h.services.secrets.put(`probe/secret-${i}`, `value-${i}`);
      h.services.db.prepare("UPDATE secrets SET key_id = 'a-key-the-keychain-lost' WHERE name LIKE 'probe/%'").run();
      expect(h.services.secrets.unreadable()).toHaveLength(65);
      const r = await h.ok(ipc.settings.resetVault, { confirm: 'RESET' });
      expect(r.dropped).toHaveLength(65);
      expect(h.services.secrets.unreadable()).toHaveLength(0);
      const rows = h.services.audit.list({ limit: 10, step: 'vault_reset' }).rows;
      expect(rows.map((x) => x.outcome)).toEqual(['succeeded', 'pending']);
      expect(rows[0]!.detail.dropped).toHaveLength(64);
      expect((rows[0]!.detail.dropped as string[]).at(-1)).toBe('…and 2 more');
      expect(h.services.audit.verify().ok).toBe(true);
      rowsAreValid(h);
    } finally {
      h.close();
    }
  });

  it('B3 bundles:export of 65 chosen orgs is signed and audited (the list cut in the row, not in the bundle)', async () => {
    const h = await createHarness();
    try {
      const orgs = Array.from({ length: 65 }, (_, i) => `org-${String(i).padStart(2, '0')}`);
      for (const [i, orgId] of orgs.entries()) {
        h.services.orgs.ensure(orgId);
        const account = `4444555566${String(i).padStart(2, '0')}`;
        h.services.integrations.save(storedConnection({ cloud: 'aws', orgId, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'a'.repeat(64), region: 'us-east-1', account_id: account }, connectedAt: new Date(h.clock.now()).toISOString() }));
      }
      await h.enrollMfa();
      await h.ok(ipc.mfa.verify, { orgId: '__platform__', code: await h.nextCode() });
      const r = await h.ok(ipc.bundles.export, { orgId: '__platform__', orgIds: orgs });
      expect(r.connections).toBe(65);
      // One row under each org it carries, pending then succeeded.
      const rows = h.services.audit.list({ limit: 500, step: 'bundle_export' }).rows;
      expect(rows.filter((x) => x.outcome === 'succeeded').map((x) => x.orgId).sort()).toEqual(orgs);
      for (const row of rows) expect(row.detail.orgs).toEqual([...orgs.slice(0, 63), '…and 2 more']);
      expect(h.services.audit.verify().ok).toBe(true);
      rowsAreValid(h);
    } finally {
      h.close();
    }
  });
});

describe('M-E1, M-E2 the audit log beside other processes', () => {
  const CHILD = 'test/security/support/audit-child.ts';

  it('E1 three processes starting at once close each orphaned pending row exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm-e1-'));
    const seed = new AuditLog(openDatabase(dir), new TestClock());
    // Pending rows of a writer that is gone (no such pid), as a crash leaves them.
    for (let i = 0; i < 300; i++) seed.append({ actor: 'jane', orgId: ORG, cloud: null, step: 'settings_change', outcome: 'pending', correlationId: AuditLog.correlationId(), detail: { n: i, pid: 4_000_000 + i } });
    const runs = await runTogether(CHILD, 3, () => ['close'], { ALPHASWARM_ADMIN_DATA_DIR: dir });
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, ''], [0, '']]);
    const closedBy = runs.map((r) => Number(/closed (\d+)/.exec(r.stdout)![1]));
    expect(closedBy.reduce((a, b) => a + b, 0)).toBe(300);
    const interrupted = seed.rowsForOrgs([ORG]).filter((r) => r.outcome === 'interrupted');
    expect(interrupted).toHaveLength(300);
    expect(new Set(interrupted.map((r) => r.correlationId)).size).toBe(300);
    expect(seed.verify().ok).toBe(true);
  }, 60_000);

  it('E1 a row another process closes while this one is deciding is not closed again (the interleaving made deterministic)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'm-e1a-'));
    const clock = new TestClock();
    const crashed = new AuditLog(openDatabase(dir), clock);
    const correlationId = AuditLog.correlationId();
    crashed.append({ actor: 'jane', orgId: ORG, cloud: null, step: 'settings_change', outcome: 'pending', correlationId, detail: { pid: 999_999_999, boot: 'gone' } });
    const app = new AuditLog(openDatabase(dir), clock);
    const otherProcess = new AuditLog(openDatabase(dir), clock);
    // The CLI starts while the app is checking the writer: it closes the row first.
    const closedByApp = app.closeInterrupted(() => {
      expect(otherProcess.closeInterrupted(() => false)).toBe(1);
      return false;
    });
    expect(closedByApp).toBe(0);
    expect(app.rowsForOrgs([ORG]).filter((r) => r.correlationId === correlationId).map((r) => r.outcome)).toEqual(['pending', 'interrupted']);
    expect(app.verify().ok).toBe(true);
  });

  it('E2 verify while another process appends never reports rows deleted from the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'm-e2-'));
    const log = new AuditLog(openDatabase(dir), new TestClock());
    for (let i = 0; i < 200; i++) log.append({ actor: 'app', orgId: ORG, cloud: null, step: 'enumerate', outcome: 'succeeded', detail: { i } });
    let writing = true;
    const writer = runTogether(CHILD, 1, () => ['append', '3000'], { ALPHASWARM_ADMIN_DATA_DIR: dir }).finally(() => (writing = false));
    const findings: string[] = [];
    let verifies = 0;
    // Bounded by the writer's state, not by time: verify again and again until it has finished.
    while (writing) {
      const v = log.verify();
      verifies += 1;
      if (!v.ok) findings.push(v.firstBad!.reason);
      await new Promise((r) => setImmediate(r));
    }
    const [run] = await writer;
    expect(run).toMatchObject({ code: 0, stdout: 'DONE\n' });
    expect(verifies).toBeGreaterThan(0);
    expect(findings).toEqual([]);
    expect(log.verify()).toMatchObject({ ok: true, rowCount: 3200 });
  }, 120_000);
});
