import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { storedConnection } from '../support/seed.js';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../main/app/services.js';
import { silentLogger } from '../../main/platform/logger.js';
import { poolIdFor } from '../../main/providers/gcp/pool-id.js';
import { gcpTierGrants } from '../../shared/domain/gcp.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { APP_CLIENT_ID, APP_OBJECT_ID, SUBSCRIPTION_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { FICS_PER_APP } from '../fakes/azure/azure-fake.js';
import { platformKey, profilePayload, signProfile } from '../support/profile.js';
import { daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, startGcpWorld } from '../support/gcp-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { ISSUER } from '../support/oidc.js';
import { repeat, spread } from './repeat.js';
import { type BenchRow, fmt } from './table.js';

const LATENCY_MS = 100;
const PER_CLOUD = 50;
const CONCURRENCY = 8;
const RUNS = 3;

/**
 * Health re-validation of 200 connections (50 per cloud) against the fakes with 100 ms of
 * latency on every call, compared with the ideal: all calls' latency spread perfectly over the
 * configured concurrency.
 */
export async function healthRun(): Promise<BenchRow[]> {
  const [{ fake: aws, session }, azure, gcp, cf] = await Promise.all([startAwsFake(), startAzureWorld(), startGcpWorld(), startCloudflareWorld()]);
  azure.fake.issuers.set(ISSUER, gcp.fake.issuers.get(ISSUER)!);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-health-'));
  const profileKey = platformKey();
  const services = await createServices({
    env: { ...awsEnv(aws, session), ...azure.env(), ...gcp.env(), ...cf.env(), ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '10000', ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [profileKey.publicJwk] }) },
    surface: 'cli',
    keyVault: new MemoryKeyVault(),
    logger: silentLogger,
  });
  const now = new Date().toISOString();
  const save = (cloud: 'aws' | 'azure' | 'gcp' | 'cloudflare', orgId: string, record: Record<string, string | boolean | null>, expiresOn: string | null = null) => {
    services.orgs.ensure(orgId);
    services.integrations.save(storedConnection({ cloud, orgId, record, connectedAt: now, expiresOn }));
  };
  azure.fake.addTenant(TENANT_ID);
  azure.fake.addSubscription(SUBSCRIPTION_ID, TENANT_ID);
  // Entra holds 20 federated credentials per app: the orgs are spread over apps as a profile assigns them.
  const azureApps = Array.from({ length: Math.ceil(PER_CLOUD / FICS_PER_APP) }, (_, i) => {
    const app = i === 0 ? { client: APP_CLIENT_ID, object: APP_OBJECT_ID } : { client: `be0c0000-0000-4000-8000-${String(i).padStart(12, '0')}`, object: `be0c0000-0000-4000-9000-${String(i).padStart(12, '0')}` };
    if (i > 0) azure.fake.addApp(app.client, app.object);
    const sp = azure.fake.consent(TENANT_ID, app.client);
    azure.fake.assignRole(SUBSCRIPTION_ID, sp, 'Reader');
    return { ...app, sp };
  });
  const appOf = (i: number) => azureApps[Math.floor(i / FICS_PER_APP)]!;
  const profileOrgs = Array.from({ length: PER_CLOUD }, (_, i) => {
    const org = `bench-org-${String(i).padStart(3, '0')}`;
    const app = appOf(i);
    return { org_id: org, aws_external_id: createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${org}`).digest('hex'), ...(app.client === APP_CLIENT_ID ? {} : { azure_app_client_id: app.client, azure_app_object_id: app.object }) };
  });
  await services.profiles.import(signProfile(profileKey, profilePayload(Math.floor(Date.now() / 1000), { settings: {}, orgs: profileOrgs })), {}, async () => {});
  gcp.fake.addProject(PROJECT_ID, PROJECT_NUMBER);
  // What health checks for a standard-tier connection (the tier every bench connection has).
  gcp.fake.grant(PROJECT_ID, `serviceAccount:${SERVICE_ACCOUNT}`, gcpTierGrants('standard', PROJECT_ID).map((g) => g.permission));
  const sa = gcp.fake.addServiceAccount(SERVICE_ACCOUNT);
  for (let i = 0; i < PER_CLOUD; i++) {
    const org = `bench-org-${String(i).padStart(3, '0')}`;
    const roleName = `alphaswarm-broker-${org}`;
    const externalId = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${org}`).digest('hex');
    aws.addRole({ accountId: CUSTOMER_ACCOUNT, roleName, trustedAccountId: PARTNER_ACCOUNT, externalIds: [externalId] });
    save('aws', org, { role_arn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${roleName}`, external_id: externalId, region: 'us-east-1', account_id: CUSTOMER_ACCOUNT });
    azure.fake.addFederatedCredential(appOf(i).client, { name: `alphaswarm-${org}`, issuer: ISSUER, subject: `alphaswarm:org:${org}`, audiences: ['api://AzureADTokenExchange'] });
    save('azure', org, { tenant_id: TENANT_ID, subscription_id: SUBSCRIPTION_ID, client_id: appOf(i).client, subject: `alphaswarm:org:${org}`, principal_object_id: appOf(i).sp });
    const pool = gcp.fake.addPool(PROJECT_NUMBER, poolIdFor(org));
    pool.providers.set('alphaswarm-oidc', { issuerUri: ISSUER, allowedAudiences: ['https://alpha-swarm.ai/gcp'], attributeCondition: `assertion.sub == 'alphaswarm:org:${org}'`, disabled: false });
    sa.workloadIdentityUsers.push(`principal://iam.googleapis.com/projects/${PROJECT_NUMBER}/locations/global/workloadIdentityPools/${poolIdFor(org)}/subject/alphaswarm:org:${org}`);
    save('gcp', org, { project_id: PROJECT_ID, project_number: PROJECT_NUMBER, pool_id: poolIdFor(org), provider_id: 'alphaswarm-oidc', service_account_email: SERVICE_ACCOUNT, subject: `alphaswarm:org:${org}` });
    const token = cf.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(60) });
    save('cloudflare', org, { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null }, token.expiresOn);
    services.secrets.put(connectionSecretName({ cloud: 'cloudflare', orgId: org, account: `token-${token.id}` }), token.value);
  }
  for (const f of [aws, azure.fake, gcp.fake, cf.fake]) f.latencyMs = LATENCY_MS;

  let peak = process.memoryUsage().rss;
  const baseline = peak;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let results: Awaited<ReturnType<typeof services.health.run>> = [];
  // The ideal counts the calls the fakes really answered (AWS health also reads the role for drift).
  const answered = () => aws.requests.length + azure.fake.requests.length + gcp.fake.requests.length + cf.fake.requests.length;
  let callsPerRun = 0;
  const walls = await repeat(RUNS, async () => {
    const before = answered();
    const started = performance.now();
    results = await services.health.run({ kind: 'all' }, CONCURRENCY, 'bench');
    const ms = performance.now() - started;
    callsPerRun = answered() - before;
    return ms;
  });
  const wall = walls.median;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const healthy = results.filter((r) => r.status === 'connected').length;
  const totalCalls = callsPerRun;
  const ideal = (totalCalls * LATENCY_MS) / CONCURRENCY;
  const ratio = wall / ideal;
  services.close();
  await Promise.all([aws.stop(), azure.fake.stop(), gcp.fake.stop(), cf.fake.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
  if (healthy !== results.length) throw new Error(`only ${healthy} of ${results.length} connections were healthy: ${JSON.stringify(results.find((r) => r.status !== 'connected'))}`);
  return [
    { name: `health, ${results.length} connections (${totalCalls} calls), ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY} (median of ${RUNS})`, value: `${spread(walls, ' s', 1000)}; ideal ${fmt(ideal / 1000, 2)} s`, target: '—', ok: null },
    { name: 'health wall time / ideal parallel time', value: `${fmt(ratio, 2)}× (${fmt(walls.min / ideal, 2)}–${fmt(walls.max / ideal, 2)})`, target: '≤ 1.20×', ok: ratio <= 1.2 },
    { name: 'health run peak memory (RSS)', value: `${fmt(peak / 1048576, 0)} MB (+${fmt((peak - baseline) / 1048576, 0)} MB during the run)`, target: '—', ok: null },
  ];
}
