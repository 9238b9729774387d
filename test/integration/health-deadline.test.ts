import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { HealthService } from '../../main/health/health-service.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, type AzureWorld, SUBSCRIPTION_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { type GcpWorld, PROJECT_ID, PROJECT_NUMBER, startGcpWorld } from '../support/gcp-env.js';
import { CUSTOMER_ACCOUNT, type Harness, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';

const ORG = 'acme-corp';
const DEADLINE_MS = 300;

/**
 * A health check's deadline cancels its cloud calls (an AbortSignal through the providers to the
 * SDKs): the call is dropped on the wire, not left running unseen until its own, longer timeout.
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

  const health = () => new HealthService(h.services.providers, h.services.integrations, h.services.secrets, h.services.audit, h.clock, () => DEADLINE_MS, h.services.logger);
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
    // Google's token exchange is made by google-auth-library with a client of its own, which takes no
    // signal: the deadline stops waiting for it (its own timeout ends it). The calls after it —
    // impersonation and Resource Manager — carry the signal, so that is where GCP hangs here.
    if (cloud === 'gcp') gcp.fake.latencyApis = new Set(['iamcredentials', 'crm']);
    fake().latencyMs = 5_000;
    const before = fake().abandoned;
    const started = Date.now();
    const [result] = await health().run({ kind: 'org', orgId: ORG }, 1, 'test');
    fake().latencyMs = 0;
    gcp.fake.latencyApis = new Set(['sts', 'iamcredentials', 'crm']);
    expect(result).toMatchObject({ cloud, status: 'check_failed', reason: expect.stringMatching(/did not answer within/) });
    expect(Date.now() - started).toBeLessThan(3_000);
    // The fake saw the request go away, well before its 5 s answer or the 20 s timeout.
    await expect.poll(() => fake().abandoned - before, { timeout: 2_000 }).toBeGreaterThanOrEqual(1);
  });
});
