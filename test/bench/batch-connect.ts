import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import { silentLogger } from '../../main/platform/logger.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { repeat, spread } from './repeat.js';
import type { BenchRow } from './table.js';

const ACCOUNTS = 200;
const LATENCY_MS = 100;
const CONCURRENCY = 8;
const RUNS = 3;

/**
 * "Connect many": 200 AWS accounts of one org validated and saved against the fake with 100 ms per
 * call at concurrency 8 — wall time against the ideal (every call's latency spread perfectly over
 * the concurrency), and how much memory the run adds.
 */
export async function batchConnect(): Promise<BenchRow[]> {
  const { fake, session } = await startAwsFake();
  const org = 'acme-corp';
  const role = `alphaswarm-broker-${org}`;
  const ext = externalIdFor(EXTERNAL_ID_SECRET, org);
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => String(444400000000 + i));
  for (const a of accounts) fake.addRole({ accountId: a, roleName: role, trustedAccountId: PARTNER_ACCOUNT, externalIds: [ext] });
  const growth: number[] = [];
  // The ideal counts the calls the fake really answered.
  let calls = 0;
  const wall = await repeat(RUNS, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-batch-connect-'));
    const services = await createServices({ env: { ...awsEnv(fake, session), ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '10000' }, surface: 'cli', keyVault: new MemoryKeyVault(), logger: silentLogger });
    services.orgs.ensure(org);
    // Warm the SDK once, then measure the run itself.
    fake.latencyMs = 0;
    await services.batches.wait(services.batches.start(org, 'aws', [{ cloud: 'aws', orgId: org, roleArn: `arn:aws:iam::${accounts[0]}:role/${role}` }], 1, 'bench').runId);
    fake.latencyMs = LATENCY_MS;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const answeredBefore = fake.requests.length;
    const t = performance.now();
    const { runId } = services.batches.start(org, 'aws', accounts.map((a) => ({ cloud: 'aws' as const, orgId: org, roleArn: `arn:aws:iam::${a}:role/${role}` })), CONCURRENCY, 'bench');
    const done = await services.batches.wait(runId);
    const ms = performance.now() - t;
    calls = fake.requests.length - answeredBefore;
    clearInterval(sampler);
    growth.push(Math.max(peak, process.memoryUsage().rss) - before);
    const ok = done.results.filter((r) => r.status === 'connected' || r.status === 'updated').length;
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (ok !== ACCOUNTS) throw new Error(`only ${ok} of ${ACCOUNTS} accounts connected`);
    return ms;
  });
  fake.latencyMs = 0;
  await fake.stop();
  const ideal = (calls * LATENCY_MS) / CONCURRENCY;
  const ratio = wall.median / ideal;
  const maxGrowth = Math.max(...growth) / 1048576;
  return [
    { name: `connect many: ${ACCOUNTS} AWS accounts (${calls} calls), ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY} (median of ${RUNS})`, value: `${spread(wall, ' s', 1000)}; ideal ${(ideal / 1000).toFixed(2)} s`, target: '—', ok: null },
    { name: 'connect many wall time / ideal', value: `${ratio.toFixed(2)}×`, target: '≤ 1.30×', ok: ratio <= 1.3 },
    { name: 'connect many memory growth during the run (largest of the runs)', value: `${maxGrowth.toFixed(0)} MB`, target: '< 50 MB', ok: maxGrowth < 50 },
  ];
}
