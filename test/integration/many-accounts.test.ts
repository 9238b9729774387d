import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { BatchProgress } from '../../shared/ipc/batch.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, type AzureWorld, TENANT_ID, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type GcpWorld, SERVICE_ACCOUNT, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { poolIdFor } from '../../main/providers/gcp/pool-id.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;
const ACCOUNT = (n: number) => `4444555${String(n).padStart(5, '0')}`;


describe('many AWS accounts per org: add, replace, refuse without a choice, update in place', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let h: Harness;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => {
    await aws.stop();
  });
  beforeEach(async () => {
    aws.roles.clear();
    aws.organizations.length = 0;
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const role = (account: string) => aws.addRole({ accountId: account, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
  const connect = async (account: string, choice?: { mode: 'add' } | { mode: 'replace'; account: string }) => {
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: arn(account) };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    return h.call(ipc.cloud.connect, { ...target, ...(choice ? { choice } : {}) });
  };
  const list = async () => (await h.ok(ipc.cloud.list, { orgId: ORG })).connections;

  it('the first is the primary under the seed key; another needs a choice, named before any cloud call', async () => {
    role(ACCOUNT(1));
    role(ACCOUNT(2));
    const first = await connect(ACCOUNT(1));
    expect(first.ok && first.value.connection).toMatchObject({ primary: true, credentialKey: `CredentialKey("cloud_aws", "org:${ORG}")` });

    const calls = aws.callCount();
    const check = await h.call(ipc.cloud.connectCheck, { cloud: 'aws', orgId: ORG, roleArn: arn(ACCOUNT(2)) });
    expect(check).toMatchObject({ ok: false, error: { code: 'conflict', details: { existing: [ACCOUNT(1)], connecting: ACCOUNT(2) }, message: expect.stringContaining(`already has a AWS account connected (${ACCOUNT(1)})`) } });
    expect(aws.callCount()).toBe(calls);
    // Not silently either: the save itself refuses.
    const refused = await connect(ACCOUNT(2));
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', hint: expect.stringMatching(/--add.*--replace/) } });
    expect(await list()).toHaveLength(1);

    const added = await connect(ACCOUNT(2), { mode: 'add' });
    expect(added.ok && added.value.connection).toMatchObject({ primary: false, credentialKey: `CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNT(2)}")` });
    expect((await list()).map((c) => [c.identifier, c.primary])).toEqual([
      [ACCOUNT(1), true],
      [ACCOUNT(2), false],
    ]);
  });

  it('connecting the same account again re-validates and updates it, nothing duplicated', async () => {
    role(ACCOUNT(1));
    await connect(ACCOUNT(1));
    const again = await connect(ACCOUNT(1));
    expect(again.ok && again.value).toMatchObject({ updated: true, connection: { primary: true, identifier: ACCOUNT(1) } });
    expect(await list()).toHaveLength(1);
  });

  it('replace disconnects the old one (audited, with its cleanup kept) and the new one takes its place as primary', async () => {
    role(ACCOUNT(1));
    role(ACCOUNT(3));
    await connect(ACCOUNT(1));
    const replaced = await connect(ACCOUNT(3), { mode: 'replace', account: ACCOUNT(1) });
    expect(replaced.ok).toBe(true);
    if (!replaced.ok) return;
    expect(replaced.value.connection).toMatchObject({ identifier: ACCOUNT(3), primary: true, credentialKey: `CredentialKey("cloud_aws", "org:${ORG}")` });
    expect(replaced.value.replaced!.removed).toMatchObject({ identifier: ACCOUNT(1) });
    expect((await list()).map((c) => c.identifier)).toEqual([ACCOUNT(3)]);
    const items = (await h.ok(ipc.cloud.cleanupList, { orgId: ORG })).items;
    expect(items).toEqual([expect.objectContaining({ id: replaced.value.replaced!.cleanupId, identifier: ACCOUNT(1), status: 'pending' })]);
    const rows = h.services.audit.list({ limit: 20, step: 'disconnect' }).rows;
    expect(rows.map((r) => [r.outcome, r.detail.via])).toEqual([
      ['succeeded', 'replace'],
      ['pending', 'replace'],
    ]);
    // Replacing something that is not there is refused, naming what is.
    role(ACCOUNT(4));
    const wrong = await connect(ACCOUNT(4), { mode: 'replace', account: '999999999999' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining(ACCOUNT(3)) } });
  });

  it('the primary can be changed; removing the primary promotes the oldest other', async () => {
    for (const n of [1, 2, 3]) role(ACCOUNT(n));
    await connect(ACCOUNT(1));
    await connect(ACCOUNT(2), { mode: 'add' });
    await connect(ACCOUNT(3), { mode: 'add' });
    await h.ok(ipc.cloud.setPrimary, { cloud: 'aws', orgId: ORG, account: ACCOUNT(3) });
    expect((await list()).map((c) => [c.identifier, c.primary, c.credentialKey])).toEqual([
      [ACCOUNT(3), true, `CredentialKey("cloud_aws", "org:${ORG}")`],
      [ACCOUNT(1), false, `CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNT(1)}")`],
      [ACCOUNT(2), false, `CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNT(2)}")`],
    ]);
    expect(await h.fails(ipc.cloud.disconnect, { cloud: 'aws', orgId: ORG })).toMatchObject({ code: 'bad_request', message: expect.stringContaining('3 AWS accounts connected') });
    const removed = await h.ok(ipc.cloud.disconnect, { cloud: 'aws', orgId: ORG, account: ACCOUNT(3) });
    expect(removed.promoted).toMatchObject({ identifier: ACCOUNT(1), primary: true });
  });

  it('lists an AWS Organization’s member accounts through the management account, and says when it cannot', async () => {
    role(ACCOUNT(1));
    await connect(ACCOUNT(1));
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'precondition_failed', message: /not part of an AWS Organization/ });
    aws.addOrganization(ACCOUNT(1), Array.from({ length: 30 }, (_, i) => ACCOUNT(100 + i)));
    const members = await h.ok(ipc.cloud.awsMemberAccounts, { orgId: ORG });
    expect(members.managementAccountId).toBe(ACCOUNT(1));
    // Every page read (the fake answers 20 at a time).
    expect(members.accounts).toHaveLength(31);
    // A member account as the primary: it may not list, and the answer says to use the management account.
    aws.organizations.length = 0;
    aws.addOrganization('999900001111', [ACCOUNT(1)]);
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'precondition_failed', message: expect.stringContaining('not its management account (999900001111)') });
    // The management account's role without the Organizations read actions.
    aws.organizations.length = 0;
    aws.addOrganization(ACCOUNT(1), []);
    aws.roles.get(arn(ACCOUNT(1)))!.allowedActions = ['iam:*', 'ec2:Describe*', 's3:List*', 'sts:GetCallerIdentity', 'organizations:DescribeOrganization'];
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'cloud_denied', hint: expect.stringMatching(/organizations:ListAccounts/) });
  });
});

describe('trust drift, named, each with its fix', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => {
    await aws.stop();
  });
  afterEach(() => h.close());

  async function connected() {
    aws.roles.clear();
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
    const role = aws.addRole({ accountId: ACCOUNT(1), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: role.arn };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    return role;
  }
  const check = async () => (await h.services.health.run({ kind: 'org', orgId: ORG }, 1, 'test'))[0]!;
  const statement = (principal: unknown, condition?: unknown) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });
  const partner = `arn:aws:iam::${PARTNER_ACCOUNT}:root`;

  it('a healthy role is connected', async () => {
    await connected();
    expect(await check()).toMatchObject({ status: 'connected' });
  });

  const drifts: [string, (role: ReturnType<AwsFake['addRole']>) => void, RegExp][] = [
    ['the sts:ExternalId condition removed', (r) => (r.trustPolicy = statement({ AWS: partner })), /condition was removed/],
    ['the condition widened to a pattern', (r) => (r.trustPolicy = statement({ AWS: partner }, { StringLike: { 'sts:ExternalId': `${EXT.slice(0, 8)}*` } })), /condition is StringLike/],
    ['the condition with a second id', (r) => (r.trustPolicy = statement({ AWS: partner }, { StringEquals: { 'sts:ExternalId': [EXT, 'another-id'] } })), /condition is StringEquals \["/],
    ['a principal other than the partner account', (r) => (r.trustPolicy = statement({ AWS: [partner, 'arn:aws:iam::123456789012:root'] }, { StringEquals: { 'sts:ExternalId': EXT } })), /also trusts arn:aws:iam::123456789012:root/],
    ['a wildcard principal', (r) => (r.trustPolicy = statement('*', { StringEquals: { 'sts:ExternalId': EXT } })), /any AWS principal/],
  ];
  for (const [name, change, reason] of drifts) {
    it(`${name}: drifted, with the exact fix`, async () => {
      const role = await connected();
      change(role);
      const result = await check();
      expect(result).toMatchObject({ status: 'drifted', reason: expect.stringMatching(reason) });
      expect(result.reason).toContain(`aws iam update-assume-role-policy --role-name ${ROLE} --policy-document file://trust_policy.json`);
      expect((await h.ok(ipc.cloud.list, { orgId: ORG })).connections[0]).toMatchObject({ status: 'drifted' });
    });
  }

  it('the role deleted: drifted, with what to re-create', async () => {
    await connected();
    aws.roles.clear();
    expect(await check()).toMatchObject({ status: 'drifted', reason: expect.stringMatching(/role was deleted, its trust policy no longer names .*Fix: re-create the role/) });
  });

  it('the role deleted and created again: its new id is named', async () => {
    const role = await connected();
    role.roleId = 'AROANEWROLEID1234567';
    expect(await check()).toMatchObject({ status: 'drifted', reason: expect.stringMatching(/deleted and created again \(its id was AROA\w+, now AROANEWROLEID1234567\)/) });
  });
});

describe('connect many accounts in one run, under one step-up', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => {
    await aws.stop();
  });
  afterEach(() => h.close());

  it('25 accounts: each gets its own result; the refused ones are retried once fixed', async () => {
    aws.roles.clear();
    h = await createHarness({ env: { ...awsEnv(aws, session), ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '4' } });
    const accounts = Array.from({ length: 25 }, (_, i) => ACCOUNT(i + 1));
    const broken = new Set([ACCOUNT(3), ACCOUNT(11), ACCOUNT(20)]);
    for (const a of accounts) if (!broken.has(a)) aws.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    // One account's role exists but lacks a baseline action: refused with what is missing.
    aws.roles.get(arn(ACCOUNT(7)))!.allowedActions = ['iam:Simulate*', 'sts:GetCallerIdentity', 'ec2:DescribeInstances', 's3:List*'];
    const targets = accounts.map((a) => ({ cloud: 'aws' as const, orgId: ORG, roleArn: arn(a) }));

    // Step-up is asked for once, before the run — and the inputs are checked before it.
    expect(await h.fails(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets })).toMatchObject({ code: 'step_up_required' });
    await h.stepUp(ORG);
    const { runId, total } = await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets });
    expect(total).toBe(25);
    const done = await h.services.batches.wait(runId);
    const byAccount = Object.fromEntries(done.results.map((r) => [r.account, r]));
    for (const a of broken) expect(byAccount[a]).toMatchObject({ status: 'refused', error: { message: expect.stringMatching(/three different problems/) } });
    expect(byAccount[ACCOUNT(7)]).toMatchObject({ status: 'refused', missing: ['iam:GetRole', 'ec2:DescribeRegions'] });
    expect(done.results.filter((r) => r.status === 'connected')).toHaveLength(21);
    const listed = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections;
    expect(listed).toHaveLength(21);
    expect(listed.filter((c) => c.primary)).toHaveLength(1);
    // Each account has its own audit rows: pending, then its outcome.
    const rows = h.services.audit.list({ limit: 200, step: 'connect' }).rows;
    expect(rows.filter((r) => r.outcome === 'pending')).toHaveLength(25);
    expect(rows.filter((r) => r.outcome === 'failed')).toHaveLength(4);
    // Every pending row is closed by exactly one outcome row of the same account.
    const outcomes = rows.filter((r) => r.outcome !== 'pending');
    expect(outcomes.filter((r) => r.outcome === 'succeeded')).toHaveLength(21);
    expect(outcomes.map((r) => r.correlationId).sort()).toEqual(rows.filter((r) => r.outcome === 'pending').map((r) => r.correlationId).sort());

    // The admin fixes them; retry just those (the grant from the first step-up still holds).
    for (const a of broken) aws.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    aws.roles.get(arn(ACCOUNT(7)))!.allowedActions = ['iam:*', 'ec2:Describe*', 's3:List*', 'sts:GetCallerIdentity'];
    const retry = done.results.filter((r) => r.status !== 'connected').map((r) => ({ cloud: 'aws' as const, orgId: ORG, roleArn: arn(r.account) }));
    const second = await h.services.batches.wait((await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets: retry })).runId);
    expect(second.results.map((r) => r.status)).toEqual(['connected', 'connected', 'connected', 'connected']);
    expect((await h.ok(ipc.cloud.list, { orgId: ORG })).connections).toHaveLength(25);
    // Running it all again updates, never duplicates.
    const third = await h.services.batches.wait((await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets })).runId);
    expect(new Set(third.results.map((r) => r.status))).toEqual(new Set(['updated']));
  });

  it('Cancel closes the cloud calls in flight and skips the rest; nothing is saved', async () => {
    aws.roles.clear();
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
    const accounts = Array.from({ length: 6 }, (_, i) => ACCOUNT(200 + i));
    for (const a of accounts) aws.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    // The fake holds every answer until the client hangs up (or a minute passes).
    aws.latencyMs = 60_000;
    const abandoned = aws.abandoned;
    try {
      const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets: accounts.map((a) => ({ cloud: 'aws' as const, orgId: ORG, roleArn: arn(a) })), concurrency: 2 });
      // Two accounts are under way, each with a request held at the fake: then Cancel.
      await expect.poll(() => aws.held, { timeout: 30_000 }).toBe(2);
      expect(await h.ok(ipc.cloud.batchCancel, { runId })).toEqual({ cancelled: true });
      const done = await h.services.batches.wait(runId);
      expect(done.cancelled).toBe(true);
      expect(done.results.map((r) => r.status)).toEqual(accounts.map(() => 'cancelled'));
      // Both requests in flight were closed on the wire, not left to run to their minute.
      await expect.poll(() => aws.abandoned - abandoned, { timeout: 30_000 }).toBe(2);
      expect(aws.held).toBe(0);
      // The run opened a pending row for each account before any call; each is closed as cancelled
      // (two while being checked, four never reached), and nothing was connected.
      const rows = h.services.audit.list({ limit: 50, step: 'connect' }).rows;
      const pending = rows.filter((r) => r.outcome === 'pending');
      const closed = rows.filter((r) => r.outcome === 'failed');
      expect(pending).toHaveLength(6);
      expect(new Set(closed.map((r) => r.correlationId))).toEqual(new Set(pending.map((r) => r.correlationId)));
      expect(closed.map((r) => r.detail.error)).toEqual(accounts.map(() => 'cancelled'));
      expect(closed.filter((r) => String(r.detail.message).includes('before this account was checked'))).toHaveLength(4);
      expect((await h.ok(ipc.cloud.list, { orgId: ORG })).connections).toHaveLength(0);
    } finally {
      aws.latencyMs = 0;
    }
  });

  it('a save that fails when it commits (a full disk) is reported as failed, never as connected; every account has a result and a closed row (ninth review I1)', async () => {
    aws.roles.clear();
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
    const accounts = [ACCOUNT(301), ACCOUNT(302), ACCOUNT(303)];
    for (const a of accounts) aws.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    // Statements succeed and only COMMIT fails, as a disk that fills while the log is written:
    // a deferred foreign-key violation that SQLite checks at COMMIT.
    h.services.db.exec(`CREATE TABLE fault_parent (id INTEGER PRIMARY KEY);
      CREATE TABLE fault_child (p INTEGER REFERENCES fault_parent(id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TRIGGER fault_at_commit AFTER INSERT ON integration_store BEGIN INSERT INTO fault_child VALUES (42); END;`);
    const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'aws', orgId: ORG, targets: accounts.map((a) => ({ cloud: 'aws' as const, orgId: ORG, roleArn: arn(a) })), concurrency: 3 });
    const done = await h.services.batches.wait(runId);
    expect(done.results.map((r) => [r.account, r.status])).toEqual(accounts.map((a) => [a, 'failed']));
    expect((await h.ok(ipc.cloud.list, { orgId: ORG })).connections).toHaveLength(0);
    const rows = h.services.audit.list({ limit: 50, step: 'connect' }).rows;
    const closed = new Set(rows.filter((r) => r.outcome === 'failed').map((r) => r.correlationId));
    expect(rows.filter((r) => r.outcome === 'pending').map((r) => closed.has(r.correlationId))).toEqual([true, true, true]);
    expect(rows.filter((r) => r.outcome === 'succeeded')).toEqual([]);
  });

  it('CLI: --accounts FILE (ids, CSV or list-accounts JSON); bad lines by number; exit 1 when some are refused', async () => {
    aws.roles.clear();
    const clock = new TestClock();
    const env = { ...awsEnv(aws, session), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-many-')) };
    const { code } = await enrolMfaWithCli(env, clock);
    const dir = mkdtempSync(join(tmpdir(), 'accounts-'));
    writeFileSync(join(dir, 'bad.csv'), `name,account_id\nProd,${ACCOUNT(1)}\nTypo,44445555\nDup,${ACCOUNT(1)}\n`);
    const calls = aws.callCount();
    const bad = await cli(['connect', 'aws', '--org', ORG, '--accounts', join(dir, 'bad.csv'), '--otp', await code()], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3: "44445555" is not a 12-digit AWS account id.; line 4: Duplicate of line 2.');
    expect(aws.callCount()).toBe(calls);

    for (const n of [1, 2]) aws.addRole({ accountId: ACCOUNT(n), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    writeFileSync(
      join(dir, 'org.json'),
      JSON.stringify({ Accounts: [ACCOUNT(1), ACCOUNT(2), ACCOUNT(3)].map((Id, i) => ({ Id, Name: `a${i}`, Status: 'ACTIVE' })).concat([{ Id: ACCOUNT(9), Name: 'gone', Status: 'SUSPENDED' }]) }),
    );
    const run = await cli(['connect', 'aws', '--org', ORG, '--accounts', join(dir, 'org.json'), '--otp', await code(), '--json'], env, clock);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`skipped ${ACCOUNT(9)} (SUSPENDED)`);
    const out = run.json<BatchProgress>();
    expect(out.results.map((r) => [r.account, r.status])).toEqual([
      [ACCOUNT(1), 'connected'],
      [ACCOUNT(2), 'connected'],
      [ACCOUNT(3), 'refused'],
    ]);
    const text = await cli(['connect', 'aws', '--org', ORG, '--accounts', join(dir, 'org.json'), '--otp', await code()], env, clock);
    expect(text.stdout).toContain(`Retry just these once fixed: ${ACCOUNT(3)}`);
    // Without a choice, a second account through the one-account command exits 2 naming both flags.
    aws.addRole({ accountId: ACCOUNT(5), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    const single = await cli(['connect', 'aws', '--org', ORG, '--role-arn', arn(ACCOUNT(5)), '--otp', await code()], env, clock);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/already has 2 AWS accounts connected/);
    expect(single.stderr).toMatch(/--add.*--replace/);
    const added = await cli(['connect', 'aws', '--org', ORG, '--role-arn', arn(ACCOUNT(5)), '--add', '--otp', await code()], env, clock);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`saved under CredentialKey("cloud_aws", "org:${ORG}/account:${ACCOUNT(5)}")`);
  });
});

describe('several Azure subscriptions and GCP projects in one run', () => {
  let azure: AzureWorld;
  let gcp: GcpWorld;
  let h: Harness;
  beforeAll(async () => {
    azure = await startAzureWorld();
    gcp = await startGcpWorld();
    azure.fake.issuers.set(ISSUER, gcp.fake.issuers.get(ISSUER)!);
  });
  afterAll(async () => {
    await Promise.all([azure.fake.stop(), gcp.fake.stop()]);
  });
  afterEach(() => h.close());

  it('Azure: three subscriptions of one tenant; the one without Reader is refused', async () => {
    resetAzure(azure);
    h = await createHarness({ env: { ...azure.env(), ...gcp.env() } });
    azure.fake.now = () => h.clock.now();
    const sp = azure.setUpCustomer(ORG);
    const subs = ['2b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', '3b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', '4b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b'];
    for (const s of subs) azure.fake.addSubscription(s, TENANT_ID);
    azure.fake.assignRole(subs[0]!, sp, 'Reader');
    azure.fake.assignRole(subs[1]!, sp, 'Contributor');
    await h.stepUp(ORG);
    const tokensBefore = azure.fake.calls('token');
    const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'azure', orgId: ORG, targets: subs.map((subscriptionId) => ({ cloud: 'azure' as const, orgId: ORG, tenantId: TENANT_ID, subscriptionId })) });
    const done = await h.services.batches.wait(runId);
    expect(done.results.map((r) => r.status)).toEqual(['connected', 'connected', 'refused']);
    // One tenant, one app: the run signs in once, afresh, and its three subscriptions share it.
    expect(azure.fake.calls('token') - tokensBefore).toBe(1);
    // A second run signs in afresh again: a run never lives on an earlier one's sign-in.
    const again = await h.ok(ipc.cloud.batchStart, { cloud: 'azure', orgId: ORG, targets: subs.slice(0, 2).map((subscriptionId) => ({ cloud: 'azure' as const, orgId: ORG, tenantId: TENANT_ID, subscriptionId })) });
    await h.services.batches.wait(again.runId);
    expect(azure.fake.calls('token') - tokensBefore).toBe(2);
    expect(done.results[2]!.missing).toEqual(['Reader']);
    const keys = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections.map((c) => c.credentialKey);
    expect(keys).toEqual([`CredentialKey("cloud_azure", "org:${ORG}")`, `CredentialKey("cloud_azure", "org:${ORG}/subscription:${subs[1]}")`]);
    void APP_CLIENT_ID;
  });

  it('CLI: repeated --subscription-id / --project are checked as a pasted list is, before any code or cloud call', async () => {
    resetAzure(azure);
    resetGcp(gcp);
    const clock = new TestClock();
    azure.fake.now = () => clock.now();
    const env = { ...azure.env(), ...gcp.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-many-flags-')) };
    const { code } = await enrolMfaWithCli(env, clock);
    const sp = azure.setUpCustomer(ORG);
    const subs = ['5b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', '6b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b'];
    for (const s of subs) {
      azure.fake.addSubscription(s, TENANT_ID);
      azure.fake.assignRole(s, sp, 'Reader');
    }
    const calls = azure.fake.calls() + gcp.fake.calls();
    const otp = await code();
    const subscriptionFlags = (ids: string[]) => ids.flatMap((id) => ['--subscription-id', id]);
    // The same subscription in capitals is a repeat; a typo is named by its position.
    const bad = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, ...subscriptionFlags([subs[0]!, subs[0]!.toUpperCase(), 'not-a-guid']), '--otp', otp], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--subscription-id #2: Duplicate of --subscription-id #1.; --subscription-id #3: "not-a-guid" is not a GUID');
    expect(bad.stderr).toMatch(/[^.]\. Nothing was connected\.\n/);
    const badProject = await cli(['connect', 'gcp', '--org', ORG, '--project', 'acme-prod-1111:111111111111', '--project', 'acme-prod-1111', '--otp', otp], env, clock);
    expect(badProject.code).toBe(2);
    expect(badProject.stderr).toContain('--project #2: "acme-prod-1111" is not <project id>:<project number>');
    expect(azure.fake.calls() + gcp.fake.calls()).toBe(calls);

    // The code was not spent on the refusals: it still opens the run.
    const run = await cli(['connect', 'azure', '--org', ORG, '--tenant-id', TENANT_ID, ...subscriptionFlags([subs[0]!.toUpperCase(), subs[1]!]), '--otp', otp, '--json'], env, clock);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json<BatchProgress>().results.map((r) => [r.account, r.status])).toEqual([
      [subs[0], 'connected'],
      [subs[1], 'connected'],
    ]);
    h = await createHarness({ dataDir: env.ALPHASWARM_ADMIN_DATA_DIR, clock });
    expect(h.services.integrations.list(ORG).map((c) => c.account)).toEqual(subs);
  });

  it('GCP: two projects, each with its own pool', async () => {
    resetGcp(gcp);
    h = await createHarness({ env: { ...azure.env(), ...gcp.env() } });
    gcp.fake.now = () => h.clock.now();
    const projects = [
      ['acme-prod-1111', '111111111111'],
      ['acme-dev-2222', '222222222222'],
    ] as const;
    const sa = gcp.fake.addServiceAccount(SERVICE_ACCOUNT);
    for (const [id, number] of projects) {
      gcp.fake.addProject(id, number);
      const pool = gcp.fake.addPool(number, poolIdFor(ORG));
      pool.providers.set('alphaswarm-oidc', { issuerUri: ISSUER, allowedAudiences: ['https://alpha-swarm.ai/gcp'], attributeCondition: `assertion.sub == 'alphaswarm:org:${ORG}'`, disabled: false });
      sa.workloadIdentityUsers.push(`principal://iam.googleapis.com/projects/${number}/locations/global/workloadIdentityPools/${poolIdFor(ORG)}/subject/alphaswarm:org:${ORG}`);
      gcp.fake.grant(id, `serviceAccount:${SERVICE_ACCOUNT}`, ['resourcemanager.projects.get', 'iam.serviceAccounts.actAs', 'compute.instances.list']);
    }
    await h.stepUp(ORG);
    const { runId } = await h.ok(ipc.cloud.batchStart, { cloud: 'gcp', orgId: ORG, targets: projects.map(([projectId, projectNumber]) => ({ cloud: 'gcp' as const, orgId: ORG, projectId, projectNumber })) });
    const done = await h.services.batches.wait(runId);
    expect(done.results.map((r) => [r.account, r.status])).toEqual([
      ['acme-prod-1111', 'connected'],
      ['acme-dev-2222', 'connected'],
    ]);
  });
});
