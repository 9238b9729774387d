import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { HealthService } from '../../main/health/health-service.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, type AzureWorld, SUBSCRIPTION_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { type GcpWorld, PROJECT_ID, PROJECT_NUMBER, startGcpWorld } from '../support/gcp-env.js';
import { CUSTOMER_ACCOUNT, type Harness, createHarness } from '../support/harness.js';
import { ManualDeadlines } from '../support/deadlines.js';
import { storedConnection } from '../support/seed.js';

const ORG = 'acme-corp';
const DEADLINE_MS = 20_000;

/**
 * A health check's deadline cancels its cloud calls (an AbortSignal through the providers to the
 * SDKs): the call is dropped on the wire, not left running unseen until its own, longer timeout.
 * The deadline is fired by hand once the fake holds the request, so no step here depends on how
 * fast the machine is.
 */
describe('health deadlines abort the call in flight', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let azure: AzureWorld;
  let gcp: GcpWorld;
  let cf: CloudflareWorld;
  let h: Harness;

  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
    [azure, gcp, cf] = await Promise.all([startAzureWorld(), startGcpWorld(), startCloudflareWorld()]);
    // Each call may take 20 s before its own timeout: only the deadline can end it sooner.
    h = await createHarness({ env: { ...awsEnv(aws, session), ...azure.env(), ...gcp.env(), ...cf.env(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '20000' } });
    h.services.orgs.ensure(ORG);
  });
  afterAll(async () => {
    h.close();
    await Promise.all([aws.stop(), azure.fake.stop(), gcp.fake.stop(), cf.fake.stop()]);
  });

  const health = (deadlines = new ManualDeadlines()) =>
    new HealthService(h.services.providers, h.services.integrations, h.services.secrets, h.services.audit, h.clock, () => DEADLINE_MS, h.services.logger, deadlines.source);
  const seed = (cloud: 'aws' | 'azure' | 'gcp' | 'cloudflare', record: Record<string, string | boolean | null>) =>
    h.services.integrations.save(storedConnection({ cloud, orgId: ORG, record, connectedAt: new Date().toISOString() }));

  it.each([
    ['aws', () => aws, () => seed('aws', { role_arn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/x`, external_id: 'e', region: 'us-east-1', account_id: CUSTOMER_ACCOUNT })],
    ['azure', () => azure.fake, () => seed('azure', { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: APP_CLIENT_ID, subject: `alphaswarm:org:${ORG}`, principal_object_id: 'x' })],
    ['gcp', () => gcp.fake, () => (gcp.setUpCustomer(ORG), seed('gcp', { project_id: PROJECT_ID, project_number: PROJECT_NUMBER, pool_id: 'p', provider_id: 'alphaswarm-oidc', service_account_email: 'x', subject: 's' }))],
    [
      'cloudflare',
      () => cf.fake,
      () => {
        const token = cf.fake.addToken({ permissionGroups: ['Zone Read'], expiresOn: daysFromNow(30) });
        seed('cloudflare', { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null });
        h.services.secrets.put(connectionSecretName({ cloud: 'cloudflare', orgId: ORG, account: `token-${token.id}` }), token.value);
      },
    ],
  ] as const)('%s: a hanging call is dropped at the deadline', async (cloud, fake, prepare) => {
    for (const c of h.services.integrations.list()) h.services.db.prepare('DELETE FROM integration_store WHERE org_id = ? AND cloud = ?').run(c.orgId, c.cloud);
    prepare();
    // Once without delay, so loading the cloud's SDK is not what the deadline catches.
    await health().run({ kind: 'org', orgId: ORG }, 1, 'test');
    // Google's token exchange is the call google-auth-library makes with a client of its own: the
    // provider hands it the call's transporter, so it is that request which hangs (and is closed) here.
    if (cloud === 'gcp') gcp.fake.latencyApis = new Set(['sts']);
    // The fake holds the request until the client goes away (or a minute passes).
    fake().latencyMs = 60_000;
    const before = fake().abandoned;
    const deadlines = new ManualDeadlines();
    const running = health(deadlines).run({ kind: 'org', orgId: ORG }, 1, 'test');
    try {
      await expect.poll(() => fake().held, { timeout: 30_000 }).toBe(1);
      deadlines.expire();
      const [result] = await running;
      expect(result).toMatchObject({ cloud, status: 'check_failed', reason: 'did not answer within 20 seconds; retry later.'.replace(/^/, `${cloud} `) });
      // The fake saw the request go away: the deadline closed it, not the minute or the HTTP timeout.
      await expect.poll(() => fake().abandoned - before, { timeout: 30_000 }).toBe(1);
      expect(fake().held).toBe(0);
    } finally {
      fake().latencyMs = 0;
      gcp.fake.latencyApis = new Set(['sts', 'iamcredentials', 'crm']);
    }
  });

  it('cancelling a health run closes the check in flight, and the list keeps its last status', async () => {
    for (const c of h.services.integrations.list()) h.services.db.prepare('DELETE FROM integration_store WHERE org_id = ? AND cloud = ?').run(c.orgId, c.cloud);
    const token = cf.fake.addToken({ permissionGroups: ['Zone Read'], expiresOn: daysFromNow(30) });
    seed('cloudflare', { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null });
    h.services.secrets.put(connectionSecretName({ cloud: 'cloudflare', orgId: ORG, account: `token-${token.id}` }), token.value);
    cf.fake.latencyMs = 60_000;
    const before = cf.fake.abandoned;
    const rowsBefore = h.services.audit.list({ step: 'health', limit: 1000 }).rows.length;
    const service = health();
    try {
      const { runId } = service.start({ kind: 'org', orgId: ORG }, 1, 'test');
      await expect.poll(() => cf.fake.held, { timeout: 30_000 }).toBe(1);
      expect(service.cancel(runId)).toBe(true);
      await expect.poll(() => service.progress(runId).finished, { timeout: 30_000 }).toBe(true);
      expect(service.progress(runId)).toMatchObject({ cancelled: true, results: [{ cloud: 'cloudflare', status: 'cancelled' }] });
      await expect.poll(() => cf.fake.abandoned - before, { timeout: 30_000 }).toBe(1);
      // Nothing was learnt: no health row, and the connection's status is untouched.
      expect(h.services.audit.list({ step: 'health', limit: 1000 }).rows.length).toBe(rowsBefore);
      expect(h.services.integrations.list()[0]).toMatchObject({ status: 'connected' });
    } finally {
      cf.fake.latencyMs = 0;
    }
  });
});
