import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Services, createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import { silentLogger } from '../../main/platform/logger.js';
import * as cloud from '../../shared/ipc/cloud-onboarding.js';
import { estateConnect, estateScan } from '../../shared/ipc/estate.js';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import type { z } from 'zod';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { estateAccountId, plantEstate } from '../support/aws-estate.js';
import { EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { repeat, spread } from './repeat.js';
import type { BenchRow } from './table.js';

const ACCOUNTS = 1000;
const OUS = 50;
const LATENCY_MS = 100;
const CONCURRENCY = 8;
const RUNS = 3;
const ORG = 'acme-corp';
const MANAGEMENT = '799999999999';

async function call<I extends z.ZodType, O extends z.ZodType>(services: Services, contract: ChannelContract<I, O>, payload: z.input<I>): Promise<z.output<O>> {
  const r = await services.router.call(contract, payload, { actor: 'bench', trusted: true });
  if (!r.ok) throw new Error(`${contract.channel}: ${r.error.message}`);
  return r.value;
}

/**
 * "Connect the whole estate": an AWS Organization of 1,000 member accounts in 50 nested OUs, read
 * from the management account and every account connected, against the fake with 100 ms per call
 * at concurrency 8 — wall time against the ideal (every call's latency spread perfectly over the
 * concurrency), and how much memory the run adds.
 */
export async function estateRun(): Promise<BenchRow[]> {
  const { fake, session } = await startAwsFake();
  const role = `alphaswarm-broker-${ORG}`;
  const ext = externalIdFor(EXTERNAL_ID_SECRET, ORG);
  plantEstate(fake, MANAGEMENT, { ous: OUS, accounts: ACCOUNTS });
  for (const a of [MANAGEMENT, ...Array.from({ length: ACCOUNTS }, (_, i) => estateAccountId(i + 1))]) fake.addRole({ accountId: a, roleName: role, trustedAccountId: PARTNER_ACCOUNT, externalIds: [ext] });
  const growth: number[] = [];
  let calls = 0;
  let discoverMs = 0;
  const wall = await repeat(RUNS, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-estate-'));
    const env = { ...awsEnv(fake, session), ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '10000', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: String(CONCURRENCY) };
    const services = await createServices({ env, surface: 'cli', keyVault: new MemoryKeyVault(), logger: silentLogger });
    services.orgs.ensure(ORG);
    services.grants.grant(ORG);
    // The management account first (it is what reads the tree), and one scan to load the SDKs: not measured.
    fake.latencyMs = 0;
    const management = { cloud: 'aws' as const, orgId: ORG, roleArn: `arn:aws:iam::${MANAGEMENT}:role/${role}` };
    await call(services, cloud.validateIdentity, management);
    await call(services, cloud.validatePermissions, management);
    await call(services, cloud.connect, management);
    await call(services, estateScan, { orgId: ORG, cloud: 'aws' });
    fake.latencyMs = LATENCY_MS;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const answeredBefore = fake.requests.length;
    const t = performance.now();
    const scan = await call(services, estateScan, { orgId: ORG, cloud: 'aws' });
    discoverMs = performance.now() - t;
    const run = await call(services, estateConnect, { orgId: ORG, cloud: 'aws', scanId: scan.scanId, selection: scan.selection });
    const done = await services.batches.wait(run.runId);
    const ms = performance.now() - t;
    calls = fake.requests.length - answeredBefore;
    clearInterval(sampler);
    growth.push(Math.max(peak, process.memoryUsage().rss) - before);
    const ok = done.results.filter((r) => r.status === 'connected' || r.status === 'updated').length;
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (scan.counts.total !== ACCOUNTS || ok !== ACCOUNTS) throw new Error(`read ${scan.counts.total} and connected ${ok} of ${ACCOUNTS} accounts`);
    return ms;
  });
  fake.latencyMs = 0;
  await fake.stop();
  const ideal = (calls * LATENCY_MS) / CONCURRENCY;
  const ratio = wall.median / ideal;
  const growthMb = { median: [...growth].sort((a, b) => a - b)[Math.floor(growth.length / 2)]! / 1048576, min: Math.min(...growth) / 1048576, max: Math.max(...growth) / 1048576 };
  return [
    {
      name: `whole estate: discover + connect ${ACCOUNTS} AWS accounts in ${OUS} OUs (${calls} calls), ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY} (median of ${RUNS})`,
      value: `${spread(wall, ' s', 1000)}; discovery ${(discoverMs / 1000).toFixed(2)} s (last run); ideal ${(ideal / 1000).toFixed(2)} s`,
      target: '—',
      ok: null,
    },
    { name: 'whole estate wall time / ideal', value: `${ratio.toFixed(2)}× (${(wall.min / ideal).toFixed(2)}–${(wall.max / ideal).toFixed(2)})`, target: '≤ 1.30×', ok: ratio <= 1.3 },
    { name: 'whole estate memory growth during the run', value: `${growthMb.median.toFixed(0)} MB (${growthMb.min.toFixed(0)}–${growthMb.max.toFixed(0)})`, target: '< 100 MB', ok: growthMb.median < 100 },
  ];
}
