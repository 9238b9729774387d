import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { BatchProgress } from '../../shared/ipc/batch.js';
import type { AwsFake, FakeOrganization, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { addAccount, addOu } from '../fakes/aws/organizations-tree.js';
import { newStackSet } from '../fakes/aws/stack-sets.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { ipc } from '../support/contracts.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const MANAGEMENT = '500000099999';
const id = (n: number) => `5000000${String(n).padStart(5, '0')}`;
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;
const NONE = { includeOus: [], excludeOus: [], excludeAccounts: [] };

/**
 * Root ─ Prod ─ Prod EU ─ Prod EU Legacy
 *      │      └ (accounts 10, 11)   └ (12)
 *      ├ Sandbox (20, 21 suspended)
 *      └ (management, 1)
 */
interface World {
  org: FakeOrganization;
  prod: string;
  prodEu: string;
  legacy: string;
  sandbox: string;
}

describe('the whole AWS estate: the organization tree, include and exclude, suspended and management apart', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  let w: World;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => {
    await aws.stop();
  });

  const role = (account: string) => aws.addRole({ accountId: account, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });

  beforeEach(async () => {
    aws.roles.clear();
    aws.organizations.length = 0;
    aws.stackSets.length = 0;
    const org = aws.addOrganization(MANAGEMENT, []);
    const prod = addOu(org, 'Prod').id;
    const prodEu = addOu(org, 'Prod EU', prod).id;
    const legacy = addOu(org, 'Prod EU Legacy', prodEu).id;
    const sandbox = addOu(org, 'Sandbox').id;
    addAccount(org, { id: id(1), name: 'Shared services' });
    addAccount(org, { id: id(10), name: 'prod-eu-a', parentId: prodEu });
    addAccount(org, { id: id(11), name: 'prod-eu-b', parentId: prodEu });
    addAccount(org, { id: id(12), name: 'legacy', parentId: legacy });
    addAccount(org, { id: id(20), name: 'sandbox-a', parentId: sandbox });
    addAccount(org, { id: id(21), name: 'sandbox-old', parentId: sandbox, status: 'SUSPENDED' });
    w = { org, prod, prodEu, legacy, sandbox };
    for (const a of [MANAGEMENT, id(1), id(10), id(11), id(12), id(20), id(21)]) role(a);
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
    // The management account is the org's primary connection: it is the one that may read the organization.
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: arn(MANAGEMENT) };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
  });
  afterEach(() => h.close());

  const finish = async (runId: string): Promise<BatchProgress> => h.services.batches.wait(runId);
  const connectedIds = async () => (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.filter((c) => c.cloud === 'aws').map((c) => c.identifier).sort();

  it('reads the nested tree with names, and lists the management account apart and the suspended one as skipped', async () => {
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(scan.scope.id).toBe(w.org.id);
    expect(scan.root).toMatchObject({ kind: 'root', id: w.org.rootId, children: [{ name: 'Prod', children: [{ name: 'Prod EU', children: [{ name: 'Prod EU Legacy' }] }] }, { name: 'Sandbox' }] });
    const byId = new Map(scan.entries.map((e) => [e.id, e]));
    expect(byId.get(MANAGEMENT)).toMatchObject({ state: 'management', reason: expect.stringMatching(/StackSet in service-managed mode never deploys there.*Connected/) });
    expect(byId.get(id(21))).toMatchObject({ state: 'suspended', reason: expect.stringContaining('Suspended'), path: 'Root / Sandbox' });
    expect(byId.get(id(12))).toMatchObject({ state: 'new', path: 'Root / Prod / Prod EU / Prod EU Legacy' });
    expect(scan.counts).toEqual({ total: 6, connected: 0, new: 5, excluded: 0, suspended: 1 });
    expect(scan.selectionSource).toBe('none');
    // Listing asks for no code, and is audited.
    expect(h.services.audit.list({ limit: 1 }).rows[0]).toMatchObject({ step: 'enumerate', outcome: 'succeeded', detail: { estate: 'aws', new: 5 } });
  });

  it('include an OU, exclude a sub-OU and an account: only the rest is connected, each as its own connection', async () => {
    const selection = { includeOus: [w.prod], excludeOus: [w.legacy], excludeAccounts: [id(11)] };
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws', selection });
    const state = Object.fromEntries(scan.entries.map((e) => [e.id, e.state]));
    expect(state).toEqual({ [MANAGEMENT]: 'management', [id(1)]: 'excluded', [id(10)]: 'new', [id(11)]: 'excluded', [id(12)]: 'excluded', [id(20)]: 'excluded', [id(21)]: 'suspended' });
    expect(scan.entries.find((e) => e.id === id(12))!.reason).toBe(`Excluded with Prod EU Legacy (${w.legacy}).`);
    expect(scan.entries.find((e) => e.id === id(1))!.reason).toBe('Not under an included OU.');

    const started = await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection });
    expect(started).toMatchObject({ total: 1, accounts: [id(10)], skipped: { suspended: [id(21)], management: MANAGEMENT } });
    const done = await finish(started.runId);
    expect(done.results).toEqual([expect.objectContaining({ account: id(10), status: 'connected', connection: expect.objectContaining({ credentialKey: `CredentialKey("cloud_aws", "org:${ORG}/account:${id(10)}")` }) })]);
    expect(await connectedIds()).toEqual([MANAGEMENT, id(10)].sort());
    // The selection is kept: the next scan says what was excluded on purpose, and what is connected.
    const again = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(again.selectionSource).toBe('saved');
    expect(again.counts).toEqual({ total: 6, connected: 1, new: 0, excluded: 4, suspended: 1 });
  });

  it('checks every id before a code is asked for: an unknown OU, an account outside the selection, nothing left', async () => {
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    h.services.grants.revokeAll();
    const calls = aws.callCount();
    const typo = await h.call(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: { ...NONE, excludeOus: [`${w.prod.slice(0, -1)}${w.prod.endsWith('x') ? 'y' : 'x'}`] } });
    expect(typo).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('holds no OU or account') } });
    const outside = await h.call(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: NONE, accounts: [id(21)] });
    expect(outside).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining(`Not in the selected estate: ${id(21)}`) } });
    const nothing = await h.call(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: { ...NONE, excludeOus: [w.org.rootId] } });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'The selection leaves no account to connect.' } });
    const bad = await h.call(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: { ...NONE, excludeAccounts: ['12345'] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const stale = await h.call(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: '00000000-0000-4000-8000-000000000000', selection: NONE });
    expect(stale).toMatchObject({ ok: false, error: { code: 'precondition_failed', hint: 'Scan the estate again, then connect.' } });
    expect(aws.callCount()).toBe(calls);
  });

  it('a failed account says why and is retried alone once fixed', async () => {
    aws.roles.delete(arn(id(20)));
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    const run = await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: NONE });
    const done = await finish(run.runId);
    const failed = done.results.filter((r) => r.status === 'refused' || r.status === 'failed');
    expect(failed).toEqual([expect.objectContaining({ account: id(20), status: 'refused', error: expect.objectContaining({ code: 'cloud_denied' }) })]);
    expect(done.results.filter((r) => r.status === 'connected').map((r) => r.account).sort()).toEqual([id(1), id(10), id(11), id(12)]);
    role(id(20));
    const retry = await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: NONE, accounts: [id(20)] });
    expect((await finish(retry.runId)).results).toEqual([expect.objectContaining({ account: id(20), status: 'connected' })]);
  });

  it('re-scan after the organization grows: the new accounts are offered, the excluded stay excluded', async () => {
    const selection = { ...NONE, excludeOus: [w.sandbox] };
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws', selection });
    await finish((await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection })).runId);
    addAccount(w.org, { id: id(30), name: 'new-prod', parentId: w.prod });
    addAccount(w.org, { id: id(31), name: 'new-sandbox', parentId: w.sandbox });
    role(id(30));
    const rescan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(rescan.entries.filter((e) => e.state === 'new').map((e) => e.id)).toEqual([id(30)]);
    expect(rescan.entries.find((e) => e.id === id(31))).toMatchObject({ state: 'excluded', reason: expect.stringContaining('Sandbox') });
    // Health's count, from the last scan and what is connected now (no cloud call); a previewed selection is not recorded.
    const calls = aws.callCount();
    expect((await h.ok(ipc.estate.waiting, { orgId: ORG })).estates).toEqual([{ orgId: ORG, cloud: 'aws', total: 8, notConnected: 1, scannedAt: expect.any(String) }]);
    expect(aws.callCount()).toBe(calls);
    await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws', selection: NONE });
    expect((await h.ok(ipc.estate.waiting, {})).estates[0]!.notConnected).toBe(1);
    const onlyNew = await h.ok(ipc.estate.connect, { orgId: ORG, cloud: 'aws', scanId: rescan.scanId, selection: rescan.selection, accounts: [id(30)] });
    expect((await finish(onlyNew.runId)).results.map((r) => [r.account, r.status])).toEqual([[id(30), 'connected']]);
    expect((await h.ok(ipc.estate.waiting, { orgId: ORG })).estates[0]!.notConnected).toBe(0);
  });

  it('reads every page at every level: 25 OUs under the root, 45 accounts in one OU, 30 in the root', async () => {
    const extra: string[] = [];
    for (let i = 0; i < 25; i++) extra.push(addOu(w.org, `Team ${String(i).padStart(2, '0')}`).id);
    const nested: string[] = [];
    for (let i = 0; i < 22; i++) nested.push(addOu(w.org, `Sub ${String(i).padStart(2, '0')}`, extra[0]).id);
    for (let n = 0; n < 45; n++) addAccount(w.org, { id: id(100 + n), parentId: nested[0]! });
    for (let n = 0; n < 30; n++) addAccount(w.org, { id: id(200 + n) });
    const before = { ous: aws.callCount('ListOrganizationalUnitsForParent'), accounts: aws.callCount('ListAccountsForParent') };
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(scan.counts.total).toBe(6 + 45 + 30);
    const team0 = scan.root.children.find((c) => c.name === 'Team 00')!;
    expect(team0.children).toHaveLength(22);
    expect(team0.children.find((c) => c.name === 'Sub 00')!.accounts).toHaveLength(45);
    // The root, 4 OUs, 25 teams and 22 subs, each read once; the root's 27 OUs and Team 00's 22 take
    // two pages, the root's 32 accounts two and Sub 00's 45 three.
    const parents = 1 + 4 + 25 + 22;
    expect(aws.callCount('ListOrganizationalUnitsForParent') - before.ous).toBe(parents + 2);
    expect(aws.callCount('ListAccountsForParent') - before.accounts).toBe(parents + 3);
  });

  it('says what to do when the tree cannot be read: no connection, a member account, no Organizations rights', async () => {
    const other = await createHarness({ env: awsEnv(aws, session) });
    expect(await other.fails(ipc.estate.scan, { orgId: 'other-org', cloud: 'aws' })).toMatchObject({ code: 'precondition_failed', hint: expect.stringContaining('management account first') });
    other.close();
    aws.roles.get(arn(MANAGEMENT))!.allowedActions = ['iam:*', 'ec2:Describe*', 'sts:GetCallerIdentity', 'organizations:DescribeOrganization', 'organizations:ListAccounts'];
    expect(await h.fails(ipc.estate.scan, { orgId: ORG, cloud: 'aws' })).toMatchObject({ code: 'cloud_denied', hint: expect.stringContaining('organizations:ListRoots') });
    aws.organizations.length = 0;
    aws.addOrganization('999900001111', [MANAGEMENT]);
    expect(await h.fails(ipc.estate.scan, { orgId: ORG, cloud: 'aws' })).toMatchObject({ code: 'precondition_failed', message: expect.stringContaining("not its management account (999900001111), so it cannot read the organization's OUs and accounts") });
  });

  it('shows which accounts the StackSet reached, and which failed with the reason CloudFormation gives', async () => {
    const set = newStackSet('alphaswarm-broker-acme-corp', MANAGEMENT, 'us-east-1');
    const reason = 'ResourceLogicalId:AlphaSwarmBrokerRole, ResourceType:AWS::IAM::Role, ResourceStatusReason:alphaswarm-broker-acme-corp already exists.';
    set.instances.push(
      { account: id(1), region: 'us-east-1', status: 'CURRENT', detailedStatus: 'SUCCEEDED' },
      { account: id(10), region: 'us-east-1', ouId: w.prod, status: 'OUTDATED', detailedStatus: 'FAILED', statusReason: reason },
      { account: id(11), region: 'us-east-1', ouId: w.prodEu, status: 'OUTDATED', detailedStatus: 'RUNNING' },
      { account: id(21), region: 'us-east-1', ouId: w.sandbox, status: 'INOPERABLE', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT', statusReason: 'Account is suspended.' },
    );
    // 150 instances in another region of the same accounts: the listing takes two pages of 100.
    for (let n = 0; n < 150; n++) set.instances.push({ account: id(1), region: `eu-west-${n}`, status: 'CURRENT', detailedStatus: 'SUCCEEDED' });
    aws.stackSets.push(set);
    const calls = aws.callCount('ListStackInstances');
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(scan.stackSet).toEqual({ name: 'alphaswarm-broker-acme-corp', region: 'us-east-1', readable: true, note: null });
    const byId = new Map(scan.entries.map((e) => [e.id, e.stackInstance]));
    expect(byId.get(id(1))).toMatchObject({ state: 'present' });
    expect(byId.get(id(10))).toEqual({ state: 'failed', detail: 'OUTDATED / FAILED', reason });
    expect(byId.get(id(11))).toMatchObject({ state: 'pending' });
    expect(byId.get(id(12))).toMatchObject({ state: 'none', reason: expect.stringContaining('deployment targets') });
    expect(byId.get(id(21))).toMatchObject({ state: 'failed', detail: 'INOPERABLE / SKIPPED_SUSPENDED_ACCOUNT' });
    // Never deployed to the management account: not shown as missing there.
    expect(byId.get(MANAGEMENT)).toBeNull();
    expect(aws.callCount('ListStackInstances') - calls).toBe(2);

    // A session that may not read it, and a StackSet that is not there: said, and the tree is still read.
    aws.roles.get(arn(MANAGEMENT))!.explicitDeny = ['cloudformation:*'];
    const denied = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(denied.stackSet).toMatchObject({ readable: false, note: expect.stringContaining('cloudformation:ListStackInstances was refused') });
    expect(denied.entries.every((e) => e.stackInstance === null)).toBe(true);
    aws.roles.get(arn(MANAGEMENT))!.explicitDeny = [];
    aws.stackSets.length = 0;
    const missing = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    expect(missing.stackSet).toMatchObject({ readable: false, note: expect.stringContaining('No StackSet named alphaswarm-broker-acme-corp in us-east-1') });
    expect(missing.counts.total).toBe(6);
  });

  it('names from the cloud are data: control and bidi characters never reach the window or a terminal', async () => {
    addOu(w.org, 'Evil\u001b[31m\u202eOU');
    addAccount(w.org, { id: id(40), name: 'acct\u0007\u200fname' });
    const scan = await h.ok(ipc.estate.scan, { orgId: ORG, cloud: 'aws' });
    const text = JSON.stringify(scan);
    expect(text).not.toMatch(/\\u001b|\\u0007|\u202e|\u200f/);
    expect(scan.root.children.map((c) => c.name)).toContain('Evil [31m OU');
  });
});
