import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Services, createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { FLUSH_CONCURRENCY } from '../../main/platform-client/delivery-service.js';
import { silentLogger } from '../../main/platform/logger.js';
import { PlatformFake } from '../fakes/platform/platform-fake.js';
import { platformKey, profilePayload, signProfile } from '../support/profile.js';
import { storedConnection } from '../support/seed.js';
import { type BenchRow, fmt } from './table.js';

const LATENCY_MS = 50;
const QUEUED = 200;
const LARGE = 500;

const never = new AbortController().signal;

async function world(): Promise<{ fake: PlatformFake; services: Services; dataDir: string }> {
  const key = platformKey('EdDSA');
  const fake = new PlatformFake({ alg: 'EdDSA', kid: key.kid, privateKey: key.privateKey });
  await fake.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-platform-'));
  const services = await createServices({
    env: { ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_PLATFORM_URL: fake.url, ALPHASWARM_ADMIN_TEST_MODE: '1', ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify(key.publicJwk), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '30000' },
    surface: 'cli',
    keyVault: new MemoryKeyVault(),
    logger: silentLogger,
    // The device flow's poll interval is the platform's to set; the bench does not wait it out.
    sleep: () => Promise.resolve(),
  });
  // The engineer's profile: deliveries go to the engineer it names (the platform serves it to her sign-in).
  const profile = signProfile(key, profilePayload(Math.floor(Date.now() / 1000), { settings: {}, orgs: [] }));
  await services.profiles.import(profile, {}, async () => undefined);
  fake.profile = profile;
  return { fake, services, dataDir };
}

function saveAws(services: Services, orgId: string, account: string, primary: boolean): void {
  services.orgs.ensure(orgId);
  services.integrations.save(
    storedConnection({ cloud: 'aws', orgId, account, primary, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'e'.repeat(64), region: 'us-east-1', account_id: account }, connectedAt: new Date().toISOString() }),
  );
}

async function signIn(services: Services, fake: PlatformFake): Promise<void> {
  fake.deviceFlow = { pendingPolls: 0, outcome: 'approve', slowDownAt: [] };
  const start = await services.platformAuth.startSignIn(never);
  await services.platformAuth.finishSignIn(start.flowId, never);
}

/**
 * The outbox against the fake platform with 50 ms on every request: 200 queued bundles flushed at
 * the outbox's concurrency, against the ideal (every request's latency spread perfectly over it);
 * and one 500-connection bundle sent, its receipt verified.
 */
export async function platformDelivery(): Promise<BenchRow[]> {
  const { fake, services, dataDir } = await world();
  try {
    // The device key first, as any first start shows it (see the report: a first-ever export on an empty log trips the anchor).
    await services.deviceKey.info();
    // Queued before any sign-in (a 401 before sign-in queues without a request), one bundle per org.
    for (let i = 0; i < QUEUED; i++) {
      const org = `bench-org-${String(i).padStart(3, '0')}`;
      saveAws(services, org, '444455556666', true);
      const r = await services.delivery.push([org], never);
      if (r.state !== 'queued') throw new Error(`expected a queued send, got ${r.state}`);
    }
    await signIn(services, fake);
    fake.latencyMs = LATENCY_MS;
    const before = fake.requests.length;
    const started = performance.now();
    const results = await services.delivery.flush(never);
    const wall = performance.now() - started;
    const requests = fake.requests.length - before;
    const delivered = results.filter((r) => r.state === 'delivered').length;
    if (delivered !== QUEUED) throw new Error(`only ${delivered} of ${QUEUED} queued sends were delivered: ${JSON.stringify(results.find((r) => r.state !== 'delivered'))}`);
    // The ideal: the sends spread over the concurrency, plus the requests made once before them (refresh, enrolment).
    const ideal = Math.ceil(QUEUED / FLUSH_CONCURRENCY) * LATENCY_MS + (requests - QUEUED) * LATENCY_MS;
    const ratio = wall / ideal;

    // One bundle of 500 connections (one org, 500 AWS accounts), sent and its receipt verified.
    fake.latencyMs = 0;
    for (let i = 0; i < LARGE; i++) saveAws(services, 'bench-large', String(100000000000 + i), i === 0);
    const bigStarted = performance.now();
    const big = await services.delivery.push(['bench-large'], never);
    const bigMs = performance.now() - bigStarted;
    if (big.state !== 'delivered' || big.connections.length !== LARGE || big.connections.some((c) => c.state !== 'delivered')) throw new Error(`the ${LARGE}-connection bundle was not delivered whole: ${big.state}`);
    const bytes = services.delivery.outbox.get(big.jti)!.body.length;

    return [
      { name: `outbox flush, ${QUEUED} queued bundles, ${LATENCY_MS} ms/request, concurrency ${FLUSH_CONCURRENCY}`, value: `${fmt(wall / 1000, 2)} s; ideal ${fmt(ideal / 1000, 2)} s (${requests} requests)`, target: '—', ok: null },
      { name: 'outbox flush wall time / ideal parallel time', value: `${fmt(ratio, 2)}×`, target: '≤ 1.30×', ok: ratio <= 1.3 },
      { name: `${LARGE}-connection bundle: export, send, receipt verified`, value: `${fmt(bigMs, 0)} ms (${fmt(bytes / 1024, 0)} KB)`, target: '—', ok: null },
    ];
  } finally {
    services.close();
    await fake.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
