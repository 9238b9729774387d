import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { z } from 'zod';
import { type Services, createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import { estateConnect, estateScan } from '../../shared/ipc/estate.js';
import { APP_CLIENT_ID, TENANT_ID, startAzureWorld } from '../support/azure-env.js';
import { PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT, startGcpWorld } from '../support/gcp-env.js';
import { ISSUER } from '../support/oidc.js';
import { repeat, spread } from './repeat.js';
import type { BenchRow } from './table.js';

const COUNT = 300;
const GROUPS = 12;
const LATENCY_MS = 100;
const CONCURRENCY = 8;
const RUNS = 3;
const ORG = 'acme-corp';

async function call<I extends z.ZodType, O extends z.ZodType>(services: Services, contract: ChannelContract<I, O>, payload: z.input<I>): Promise<z.output<O>> {
  const r = await services.router.call(contract, payload, { actor: 'bench', trusted: true });
  if (!r.ok) throw new Error(`${contract.channel}: ${r.error.message}`);
  return r.value;
}

interface Fake {
  latencyMs: number;
  readonly requests: readonly unknown[];
}

/**
 * One cloud's "whole estate" run, as the AWS row measures it: a fresh data directory, one scan at no
 * latency (loads the SDK; not measured), then with `LATENCY_MS` per call: the scan and the connect
 * run of every account, to the last result. Wall time against the ideal (every call's latency
 * spread perfectly over the concurrency) and the memory the run adds.
 */
async function measure(label: string, noun: string, fake: Fake, env: Record<string, string>, scanInput: z.input<typeof estateScan.input>): Promise<BenchRow[]> {
  let calls = 0;
  let discoverMs = 0;
  let growthBytes = 0;
  const once = async (latencyMs: number) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-estate-'));
    const services = await createServices({
      env: { ...env, ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '10000', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: String(CONCURRENCY) },
      surface: 'cli',
      keyVault: new MemoryKeyVault(),
      logger: silentLogger,
    });
    services.orgs.ensure(ORG);
    services.grants.grant(ORG);
    fake.latencyMs = 0;
    await call(services, estateScan, scanInput);
    fake.latencyMs = latencyMs;
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const answeredBefore = fake.requests.length;
    const t = performance.now();
    const scan = await call(services, estateScan, scanInput);
    discoverMs = performance.now() - t;
    const run = await call(services, estateConnect, { orgId: ORG, cloud: scanInput.cloud, scanId: scan.scanId, selection: scan.selection });
    const done = await services.batches.wait(run.runId);
    const ms = performance.now() - t;
    calls = fake.requests.length - answeredBefore;
    clearInterval(sampler);
    growthBytes = Math.max(peak, process.memoryUsage().rss) - before;
    const ok = done.results.filter((r) => r.status === 'connected' || r.status === 'updated').length;
    services.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (scan.counts.total !== COUNT || ok !== COUNT) throw new Error(`${label}: read ${scan.counts.total} and connected ${ok} of ${COUNT}`);
    return ms;
  };
  const growth: number[] = [];
  const wall = await repeat(RUNS, async () => {
    const ms = await once(LATENCY_MS);
    growth.push(growthBytes);
    return ms;
  });
  const callsAtLatency = calls;
  const discovery = discoverMs;
  // The same at 1 ms a call: what the app itself spends (each save is a durable SQLite transaction, on the event loop).
  const own = await once(1);
  fake.latencyMs = 0;
  const ideal = (callsAtLatency * LATENCY_MS) / CONCURRENCY;
  const ratio = wall.median / ideal;
  const sorted = [...growth].sort((a, b) => a - b);
  const mb = (n: number) => (n / 1048576).toFixed(0);
  const load = `load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
  return [
    {
      name: `whole estate: discover + connect ${COUNT} ${noun} (${callsAtLatency} calls), ${LATENCY_MS} ms/call, concurrency ${CONCURRENCY} (median of ${RUNS})`,
      value: `${spread(wall, ' s', 1000)}; discovery ${(discovery / 1000).toFixed(2)} s (last run); ideal ${(ideal / 1000).toFixed(2)} s; the same at 1 ms/call ${(own / 1000).toFixed(2)} s; ${load}`,
      target: '—',
      ok: null,
    },
    { name: `${label} whole estate wall time / ideal`, value: `${ratio.toFixed(2)}× (${(wall.min / ideal).toFixed(2)}–${(wall.max / ideal).toFixed(2)})`, target: '≤ 1.30×', ok: ratio <= 1.3 },
    { name: `${label} whole estate memory growth during the run`, value: `${mb(sorted[Math.floor(sorted.length / 2)]!)} MB (${mb(sorted[0]!)}–${mb(sorted[sorted.length - 1]!)})`, target: '< 100 MB', ok: sorted[Math.floor(sorted.length / 2)]! < 100 * 1048576 },
  ];
}

/** 300 subscriptions in 12 management groups below one root group, Reader granted at the root. */
export async function azureEstateRun(): Promise<BenchRow[]> {
  const world = await startAzureWorld();
  const { fake } = world;
  fake.addFederatedCredential(APP_CLIENT_ID, { name: `alphaswarm-${ORG}`, issuer: ISSUER, subject: `alphaswarm:org:${ORG}`, audiences: ['api://AzureADTokenExchange'] });
  fake.addTenant(TENANT_ID);
  const sp = fake.consent(TENANT_ID, APP_CLIENT_ID);
  const mg = fake.managementGroups;
  mg.add('estate-root', TENANT_ID, null, 'Estate');
  for (let g = 0; g < GROUPS; g++) mg.add(`bu-${g}`, TENANT_ID, 'estate-root', `Business unit ${g}`);
  for (let n = 0; n < COUNT; n++) {
    const id = `5ab0c0de-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;
    fake.addSubscription(id, TENANT_ID);
    mg.place(id, `bu-${n % GROUPS}`);
  }
  mg.assign('estate-root', sp, 'Reader');
  try {
    return await measure('Azure', `Azure subscriptions in ${GROUPS} management groups`, fake, world.env(), { orgId: ORG, cloud: 'azure', tenantId: TENANT_ID, managementGroupId: 'estate-root' });
  } finally {
    await fake.stop();
  }
}

/** 300 projects in 12 folders below one organisation, the standard tier's roles granted at the organisation. */
export async function gcpEstateRun(): Promise<BenchRow[]> {
  const world = await startGcpWorld();
  const { fake } = world;
  world.setUpCustomer(ORG);
  const organization = '100200300400';
  fake.hierarchy.addOrganization(organization, 'acme.example');
  // The pool's own project belongs to the organisation (a pool never connects another organisation's
  // projects): it and 299 more make the 300.
  fake.projects.get(PROJECT_ID)!.parent = `organizations/${organization}`;
  for (let f = 0; f < GROUPS; f++) fake.hierarchy.addFolder(String(500 + f), `organizations/${organization}`, `Business unit ${f}`);
  for (let n = 0; n < COUNT - 1; n++) fake.addProject(`bench-proj-${String(n + 1).padStart(3, '0')}`, `9100000${String(n + 1).padStart(5, '0')}`, `folders/${500 + (n % GROUPS)}`);
  fake.hierarchy.grantAt(`organizations/${organization}`, `serviceAccount:${SERVICE_ACCOUNT}`, [
    'resourcemanager.projects.get',
    'resourcemanager.folders.get',
    'resourcemanager.folders.list',
    'resourcemanager.organizations.get',
    'iam.serviceAccounts.actAs',
    'compute.instances.list',
  ]);
  try {
    return await measure('GCP', `GCP projects in ${GROUPS} folders`, fake, world.env(), { orgId: ORG, cloud: 'gcp', organizationId: organization, projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER });
  } finally {
    await fake.stop();
  }
}
