import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsFake, type FakePrincipal, READ_ONLY_ACCESS } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { type CloudflareWorld, startCloudflareWorld } from '../support/cloudflare-env.js';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import type { PermissionTier } from '../../shared/domain/tiers.js';
import { storedConnection } from '../support/seed.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ISSUER } from '../support/oidc.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

/**
 * Issue 21 §4: a re-check runs the permission check of the connection's saved tier as well as
 * identity. Each cloud's grant is narrowed in its fake after the connection was saved (through the
 * real SDKs, the fakes reached by endpoint settings), which must read **degraded**, naming what was
 * lost and who can fix it; restoring it must read connected again.
 */
describe('health re-checks the saved tier: a narrowed grant is degraded, a restored one healthy', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let azure: AzureWorld;
  let gcp: GcpWorld;
  let cf: CloudflareWorld;
  let h: Harness;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    azure = await startAzureWorld();
    gcp = await startGcpWorld();
    cf = await startCloudflareWorld();
    azure.fake.issuers.set(ISSUER, gcp.fake.issuers.get(ISSUER)!);
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), azure.fake.stop(), gcp.fake.stop(), cf.fake.stop()]);
  });
  afterEach(() => {
    h.close();
    aws.roles.clear();
    resetAzure(azure);
    resetGcp(gcp);
  });

  async function open(): Promise<Harness> {
    h = await createHarness({ env: { ...awsEnv(aws, session), ...azure.env(), ...gcp.env(), ...cf.env() } });
    azure.fake.now = gcp.fake.now = () => h.clock.now();
    h.services.orgs.ensure(ORG);
    return h;
  }
  const save = (cloud: 'aws' | 'azure' | 'gcp' | 'cloudflare', record: Record<string, string | boolean | null>, tier: PermissionTier = 'standard') => {
    const now = new Date(h.clock.now()).toISOString();
    const stored = storedConnection({ cloud, orgId: ORG, record, connectedAt: now, tier });
    h.services.integrations.save(stored);
    return stored;
  };
  const recheck = async () => (await h.services.health.run({ kind: 'org', orgId: ORG }, 1, 'test'))[0]!;
  const listed = async () => (await h.ok(ipc.cloud.list, { orgId: ORG })).connections[0]!;

  it('AWS: an SCP that now denies a standard-tier action is degraded, naming the action and the management account admin', async () => {
    await open();
    const role = aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    save('aws', { role_arn: ROLE_ARN, external_id: EXTERNAL_ID, region: 'us-east-1', account_id: CUSTOMER_ACCOUNT });
    expect(await recheck()).toMatchObject({ status: 'connected', reason: null });

    role.scpDenied = ['ec2:DescribeInstances'];
    const narrowed = await recheck();
    expect(narrowed.status).toBe('degraded');
    expect(narrowed.reason).toMatch(/^Lost since connected, needed by the standard tier: ec2:DescribeInstances \(Denied by an AWS Organizations service control policy/);
    expect(narrowed.reason).toContain("Who can fix it: the management account's admin");
    expect(narrowed.reason).not.toContain('Attach ReadOnlyAccess');
    expect(await listed()).toMatchObject({ status: 'degraded', statusReason: narrowed.reason });

    role.scpDenied = [];
    expect(await recheck()).toMatchObject({ status: 'connected', reason: null });
    expect(await listed()).toMatchObject({ status: 'connected' });

    // Every run was kept, and consecutive runs diff to exactly what changed, with the fix.
    const { runs, diffs } = await h.ok(ipc.health.history, { orgId: ORG, cloud: 'aws', account: CUSTOMER_ACCOUNT });
    expect(runs.map((r) => r.status)).toEqual(['connected', 'degraded', 'connected']);
    expect(runs.every((r) => r.tier === 'standard')).toBe(true);
    const trust = runs[1]!.findings.find((f) => f.kind === 'trust_policy')!;
    expect(trust).toMatchObject({ ok: true, actual: 'as expected', expected: `trusts arn:aws:iam::${PARTNER_ACCOUNT}:root with sts:ExternalId ${EXTERNAL_ID}, and nothing else` });
    expect(diffs).toHaveLength(2);
    expect(diffs[1]).toMatchObject({ fromId: runs[2]!.id, toId: runs[1]!.id, fromStatus: 'connected', toStatus: 'degraded' });
    expect(diffs[1]!.changes).toEqual([
      expect.objectContaining({ kind: 'action', name: 'ec2:DescribeInstances', expected: `allowed to ${ROLE_NAME}`, before: 'granted', after: 'missing', nowOk: false, fix: expect.stringContaining("the management account's admin") }),
    ]);
    expect(diffs[0]!.changes).toEqual([expect.objectContaining({ name: 'ec2:DescribeInstances', before: 'missing', after: 'granted', nowOk: true })]);
  });

  it('AWS: the saved tier decides what is checked (security-audit reads removed from the role)', async () => {
    await open();
    const role = aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], allowedActions: [...READ_ONLY_ACCESS, 'access-analyzer:ListAnalyzers', 'account:GetAlternateContact'] });
    save('aws', { role_arn: ROLE_ARN, external_id: EXTERNAL_ID, region: 'us-east-1', account_id: CUSTOMER_ACCOUNT }, 'security-audit');
    expect((await recheck()).status).toBe('connected');
    role.allowedActions = READ_ONLY_ACCESS.filter((a) => !a.startsWith('access-analyzer:'));
    const narrowed = await recheck();
    expect(narrowed.status).toBe('degraded');
    expect(narrowed.reason).toContain('needed by the security-audit tier: access-analyzer:ListAnalyzers (No policy attached to the role allows it.)');
    expect(narrowed.reason).not.toContain('account:GetAlternateContact');
  });

  it('Azure: the Reader assignment removed is degraded, naming the role and the az command that restores it', async () => {
    await open();
    const sp = azure.setUpCustomer(ORG);
    save('azure', { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: APP_CLIENT_ID, subject: `alphaswarm:org:${ORG}`, principal_object_id: sp });
    expect(await recheck()).toMatchObject({ status: 'connected' });

    const assignments = azure.fake.subscriptions.get(SUBSCRIPTION_ID)!.roleAssignments;
    const removed = assignments.splice(0);
    const narrowed = await recheck();
    expect(narrowed.status).toBe('degraded');
    // Without Reader it cannot even read the assignments: said so, not "no role" as if it could see.
    expect(narrowed.reason).toContain("needed by the standard tier: Reader (AlphaSwarm's service principal may not even read role assignments on this subscription");
    expect(narrowed.reason).toContain(`az role assignment create --assignee-object-id ${sp} --assignee-principal-type ServicePrincipal --role Reader --scope /subscriptions/${SUBSCRIPTION_ID}`);

    assignments.push(...removed);
    expect(await recheck()).toMatchObject({ status: 'connected' });
  });

  it('GCP: a permission dropped from the binding is degraded, naming it and the gcloud binding that restores it', async () => {
    await open();
    gcp.setUpCustomer(ORG);
    save('gcp', { project_id: PROJECT_ID, project_number: PROJECT_NUMBER, pool_id: 'alphaswarm-broker-acme-corp', provider_id: 'alphaswarm-oidc', service_account_email: SERVICE_ACCOUNT, subject: `alphaswarm:org:${ORG}` });
    expect(await recheck()).toMatchObject({ status: 'connected' });

    const held = gcp.fake.projects.get(PROJECT_ID)!.grants.get(`serviceAccount:${SERVICE_ACCOUNT}`)!;
    held.delete('compute.instances.list');
    const narrowed = await recheck();
    expect(narrowed.status).toBe('degraded');
    expect(narrowed.reason).toContain('compute.instances.list');
    expect(narrowed.reason).toContain(`gcloud projects add-iam-policy-binding ${PROJECT_ID} --member=serviceAccount:${SERVICE_ACCOUNT} --role=roles/viewer`);

    held.add('compute.instances.list');
    expect(await recheck()).toMatchObject({ status: 'connected' });
  });

  it('Cloudflare: a permission group edited out of the token is degraded, naming the group by scope', async () => {
    await open();
    const token = cf.fake.addToken({ permissionGroups: ['API Tokens Read', 'Zone Read', 'DNS Write'] });
    const stored = save('cloudflare', { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null });
    h.services.secrets.put(connectionSecretName(stored), token.value);
    expect(await recheck()).toMatchObject({ status: 'connected' });

    token.permissionGroups = ['API Tokens Read', 'Zone Read'];
    const narrowed = await recheck();
    expect(narrowed.status).toBe('degraded');
    expect(narrowed.reason).toContain('needed by the dns_edit template: Zone · DNS Write');
    expect(narrowed.reason).toContain('add DNS Write under Zone permissions');
    expect(narrowed.reason).not.toContain(token.value);
    const kept = await h.ok(ipc.health.history, { orgId: ORG });
    expect(kept.runs[0]!.findings.find((f) => f.kind === 'permission_group' && !f.ok)).toMatchObject({ name: 'Zone · DNS Write', expected: 'held by the token', actual: 'missing' });
    expect(JSON.stringify(h.services.db.prepare('SELECT * FROM health_runs').all())).not.toContain(token.value);

    token.permissionGroups = ['API Tokens Read', 'Zone Read', 'DNS Write'];
    expect(await recheck()).toMatchObject({ status: 'connected' });
  });
});
