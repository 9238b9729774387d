import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, startAzureWorld } from '../support/azure-env.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { PROJECT_ID, PROJECT_NUMBER, type GcpWorld, startGcpWorld } from '../support/gcp-env.js';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { storedConnection } from '../support/seed.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { codeAt } from '../../main/mfa/totp.js';
import { ISSUER } from '../support/oidc.js';
import { forCloud, type InputOf, ipc } from '../support/contracts.js';
import { HealthService } from '../../main/health/health-service.js';
import { ManualDeadlines } from '../support/deadlines.js';

const ORG = 'acme-corp';
const ROLE_NAME = 'alphaswarm-broker-acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const NEW_SECRET = 'rotated-external-id-hmac-key-9876543210';
const extId = (key: string) => createHmac('sha256', key).update(`aws:${ORG}`).digest('hex');

describe('living with connections: rotation, health, disconnect and verify cleanup', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let azure: AzureWorld;
  let gcp: GcpWorld;
  let cf: CloudflareWorld;
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    azure = await startAzureWorld();
    gcp = await startGcpWorld();
    cf = await startCloudflareWorld();
    // One issuer key for both federations: the harness signs with the GCP world's key file.
    azure.fake.issuers.set(ISSUER, gcp.fake.issuers.get(ISSUER)!);
  });
  afterAll(async () => {
    await Promise.all([aws.stop(), azure.fake.stop(), gcp.fake.stop(), cf.fake.stop()]);
  });
  afterEach(async () => {
    for (const h of harnesses.splice(0)) h.close();
  });

  async function open(options: Parameters<typeof createHarness>[0] = {}): Promise<Harness> {
    const h = await createHarness({ ...options, env: { ...awsEnv(aws, session), ...azure.env(), ...gcp.env(), ...cf.env(), ...options.env } });
    harnesses.push(h);
    azure.fake.now = gcp.fake.now = () => h.clock.now();
    return h;
  }

  it('AWS: a changed external-id key flags the connection and rotates it without downtime', async () => {
    aws.roles.clear();
    const role = aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [extId(EXTERNAL_ID_SECRET)] });
    const first = await open();
    await first.stepUp(ORG);
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: ROLE_ARN };
    await first.ok(ipc.cloud.validateIdentity, target);
    await first.ok(ipc.cloud.validatePermissions, target);
    await first.ok(ipc.cloud.connect, target);
    const seed = first.services.secrets.read('mfa/seed') as { value: string };

    // The platform rotates the key: a new process starts with the new one.
    const clock = first.clock;
    const h = await open({ dataDir: first.dataDir, clock, keychainService: first.env.ALPHASWARM_ADMIN_KEYCHAIN_SERVICE, env: { ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: NEW_SECRET } });
    const [listed] = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections;
    expect(listed).toMatchObject({ status: 'rotated_key', statusReason: expect.stringMatching(/re-run the wizard/) });

    // Health still works: it uses the external id the record holds, never a recomputed one.
    clock.advance(30_000);
    await h.ok(ipc.mfa.verify, { orgId: ORG, code: await codeAt(seed.value, clock.now() / 1000) });
    expect((await h.services.health.run({ kind: 'org', orgId: ORG }, 8, 'test'))[0]).toMatchObject({ status: 'connected' });

    const boot = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: ORG }), 'aws');
    expect(boot.rotation).toMatchObject({ oldExternalId: extId(EXTERNAL_ID_SECRET), newExternalId: extId(NEW_SECRET) });
    const byId = Object.fromEntries(boot.artifacts.map((a) => [a.id, a.content]));
    expect(JSON.parse(byId['rotation-transitional-policy']!).Statement[0].Condition.StringEquals['sts:ExternalId']).toEqual([extId(EXTERNAL_ID_SECRET), extId(NEW_SECRET)]);
    expect(JSON.parse(byId['rotation-final-policy']!).Statement[0].Condition.StringEquals['sts:ExternalId']).toBe(extId(NEW_SECRET));

    // The admin applies part 1; the new id validates; saving switches the record; part 2 follows.
    role.externalIds = [extId(EXTERNAL_ID_SECRET), extId(NEW_SECRET)];
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    const saved = await h.ok(ipc.cloud.connect, target);
    expect(saved.connection.status).toBe('connected');
    expect(saved.connection.record.external_id).toBe(extId(NEW_SECRET));
    expect(saved.followUp.map((a) => a.id)).toEqual(['rotation-final-policy']);
    role.externalIds = [extId(NEW_SECRET)];
    expect((await h.services.health.run({ kind: 'org', orgId: ORG }, 8, 'test'))[0]).toMatchObject({ status: 'connected' });
    const connectRows = h.services.audit.list({ limit: 10, step: 'connect', outcome: 'succeeded' }).rows;
    expect(connectRows[0]!.detail).toMatchObject({ rotatedFromKey: expect.any(String), rotatedToKey: expect.any(String) });
  });

  it('health: bounded, one row per connection, and one slow cloud never stalls the others', async () => {
    // No clock decides this: GCP holds its answer until the deadline is fired by hand, and that
    // happens only once the other three are done — which is what "never stalls" means.
    const h = await open({ env: { ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '20000' } });
    // Four saved connections (seeded as step 5 would leave them).
    const now = new Date().toISOString();
    const seed = (cloud: 'aws' | 'azure' | 'gcp' | 'cloudflare', record: Record<string, string | boolean | null>, expiresOn: string | null = null) =>
      h.services.integrations.save(storedConnection({ cloud, orgId: ORG, record, connectedAt: now, expiresOn }));
    h.services.orgs.ensure(ORG);
    aws.roles.clear();
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [extId(EXTERNAL_ID_SECRET)] });
    seed('aws', { role_arn: ROLE_ARN, external_id: extId(EXTERNAL_ID_SECRET), region: 'us-east-1', account_id: CUSTOMER_ACCOUNT });
    const sp = azure.setUpCustomer(ORG);
    seed('azure', { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: APP_CLIENT_ID, subject: `alphaswarm:org:${ORG}`, principal_object_id: sp });
    gcp.setUpCustomer(ORG);
    seed('gcp', { project_id: PROJECT_ID, project_number: PROJECT_NUMBER, pool_id: 'alphaswarm-broker-acme-corp', provider_id: 'alphaswarm-oidc', service_account_email: 'x', subject: `alphaswarm:org:${ORG}` });
    const token = cf.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(10) });
    seed('cloudflare', { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null }, token.expiresOn);
    h.services.secrets.put(connectionSecretName(storedConnection({ cloud: 'cloudflare', orgId: ORG, record: { token_id: token.id, account_id: null } })), token.value);

    gcp.fake.latencyMs = 60_000; // GCP hangs past every deadline
    const deadlines = new ManualDeadlines();
    const health = new HealthService(h.services.providers, h.services.integrations, h.services.secrets, h.services.audit, h.clock, () => 20_000, h.services.logger, deadlines.source);
    const { runId } = health.start({ kind: 'org', orgId: ORG }, 2, 'test');
    try {
      // The other three are done while GCP's request is still held.
      await expect.poll(() => ({ completed: health.progress(runId).completed, gcpHeld: gcp.fake.held }), { timeout: 60_000 }).toEqual({ completed: 3, gcpHeld: 1 });
      deadlines.expire();
      await expect.poll(() => health.progress(runId).finished, { timeout: 30_000 }).toBe(true);
    } finally {
      gcp.fake.latencyMs = 0;
    }
    const { results } = health.progress(runId);
    const byCloud = Object.fromEntries(results.map((r) => [r.cloud, r]));
    expect(byCloud.aws).toMatchObject({ status: 'connected' });
    expect(byCloud.azure).toMatchObject({ status: 'connected' });
    expect(byCloud.cloudflare).toMatchObject({ status: 'connected', reason: expect.stringMatching(/expires in/) });
    expect(byCloud.gcp).toMatchObject({ status: 'check_failed', reason: 'gcp did not answer within 20 seconds; retry later.' });
    expect(h.services.audit.list({ limit: 10, step: 'health' }).total).toBe(4);
    const listed = (await h.ok(ipc.cloud.list, { orgId: ORG })).connections;
    expect(Object.fromEntries(listed.map((c) => [c.cloud, c.status]))).toEqual({ aws: 'connected', azure: 'connected', gcp: 'check_failed', cloudflare: 'expiring' });
  });

  it('a health run can be cancelled: what has not started is skipped', async () => {
    const h = await open();
    h.services.orgs.ensure(ORG);
    const now = new Date().toISOString();
    for (let i = 0; i < 6; i++) {
      const org = `org-${i}`;
      h.services.orgs.ensure(org);
      h.services.integrations.save(storedConnection({ cloud: 'aws', orgId: org, record: { role_arn: ROLE_ARN, external_id: 'x', region: 'us-east-1', account_id: CUSTOMER_ACCOUNT }, connectedAt: now }));
    }
    aws.latencyMs = 200;
    const { runId, total } = h.services.health.start({ kind: 'all' }, 1, 'test');
    expect(total).toBe(6);
    await new Promise((r) => setTimeout(r, 250));
    expect(h.services.health.cancel(runId)).toBe(true);
    for (let i = 0; i < 50 && !h.services.health.progress(runId).finished; i++) await new Promise((r) => setTimeout(r, 100));
    aws.latencyMs = 0;
    const progress = h.services.health.progress(runId);
    expect(progress).toMatchObject({ finished: true, cancelled: true, completed: 6 });
    expect(progress.results.filter((r) => r.status === 'cancelled').length).toBeGreaterThanOrEqual(4);
  });

  it.each(['aws', 'azure', 'gcp', 'cloudflare'] as const)('%s: disconnect, then verify cleanup before and after the vendor side is removed', async (cloud) => {
    const h = await open();
    await h.stepUp(ORG);
    let target: InputOf<typeof ipc.cloud.validateIdentity>;
    let removeVendorSide: () => void;
    if (cloud === 'aws') {
      aws.roles.clear();
      aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [extId(EXTERNAL_ID_SECRET)] });
      target = { cloud, orgId: ORG, roleArn: ROLE_ARN };
      removeVendorSide = () => aws.roles.clear();
    } else if (cloud === 'azure') {
      azure.fake.apps.get(APP_CLIENT_ID)!.federatedCredentials.length = 0;
      azure.setUpCustomer(ORG);
      target = { cloud, orgId: ORG, tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID };
      removeVendorSide = () => (azure.fake.apps.get(APP_CLIENT_ID)!.federatedCredentials.length = 0);
    } else if (cloud === 'gcp') {
      gcp.fake.pools.clear();
      gcp.setUpCustomer(ORG);
      target = { cloud, orgId: ORG, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER };
      removeVendorSide = () => gcp.fake.pools.clear();
    } else {
      const t = cf.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write', 'API Tokens Read'], expiresOn: daysFromNow(60) });
      target = { cloud, orgId: ORG, template: 'dns_edit', token: t.value };
      removeVendorSide = () => cf.fake.tokens.delete(t.value);
    }
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    const gone = await h.ok(ipc.cloud.disconnect, { cloud, orgId: ORG });
    expect(gone.cleanup.length).toBeGreaterThan(0);
    expect(await h.ok(ipc.cloud.verifyCleanup, { orgId: ORG, cleanupId: gone.cleanupId })).toMatchObject({ verified: false });
    removeVendorSide();
    expect(await h.ok(ipc.cloud.verifyCleanup, { orgId: ORG, cleanupId: gone.cleanupId })).toMatchObject({ verified: true });
    // Each check has its pending row first (a cleanup closed is a change), then its outcome.
    const rows = h.services.audit.list({ limit: 10, step: 'verify_cleanup' }).rows.map((r) => r.outcome);
    expect(rows).toEqual(['succeeded', 'pending', 'failed', 'pending']);
    // Once verified, the item is closed (and any secret it kept is gone): nothing left to check.
    expect(await h.call(ipc.cloud.verifyCleanup, { orgId: ORG, cleanupId: gone.cleanupId })).toMatchObject({ ok: false, error: { code: 'precondition_failed', message: expect.stringMatching(/already verified/) } });
    expect(h.services.db.prepare("SELECT count(*) FROM secrets WHERE name LIKE 'cleanup/%'").pluck().get()).toBe(0);
  });

  it('dismiss a cleanup: checked before step-up, kept with its reason, and then closed to verify and dismiss alike', async () => {
    const h = await open();
    const unknown = '00000000-0000-4000-8000-000000000000';
    // Before any step-up: an unknown item is refused as such, not with a request for a code.
    expect(await h.call(ipc.cloud.dismissCleanup, { orgId: ORG, cleanupId: unknown, reason: 'Deleted by hand.' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await h.stepUp(ORG);
    aws.roles.clear();
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [extId(EXTERNAL_ID_SECRET)] });
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: ROLE_ARN };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    const gone = await h.ok(ipc.cloud.disconnect, { cloud: 'aws', orgId: ORG });
    expect(await h.call(ipc.cloud.dismissCleanup, { orgId: ORG, cleanupId: gone.cleanupId, reason: 'no' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const reason = 'The customer deleted the role by hand; checked in their console.';
    const { item } = await h.ok(ipc.cloud.dismissCleanup, { orgId: ORG, cleanupId: gone.cleanupId, reason });
    expect(item).toMatchObject({ status: 'dismissed', dismissReason: reason, closedAt: expect.any(String) });
    expect(h.services.audit.list({ limit: 5, step: 'cleanup_dismiss' }).rows.map((r) => [r.outcome, r.detail.reason])).toEqual([
      ['succeeded', reason],
      ['pending', reason],
    ]);
    expect(await h.call(ipc.cloud.verifyCleanup, { orgId: ORG, cleanupId: gone.cleanupId })).toMatchObject({ ok: false, error: { code: 'precondition_failed', message: expect.stringMatching(/already dismissed/) } });
    expect(await h.call(ipc.cloud.dismissCleanup, { orgId: ORG, cleanupId: gone.cleanupId, reason })).toMatchObject({ ok: false, error: { code: 'precondition_failed', message: expect.stringMatching(/already dismissed/) } });
  });

  it('verify cleanup needs the same org', async () => {
    const h = await open();
    await h.stepUp('other-org');
    expect(await h.call(ipc.cloud.verifyCleanup, { orgId: 'other-org', cleanupId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

