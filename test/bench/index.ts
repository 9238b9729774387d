import { quietSdkWarnings } from '../../main/platform/warnings.js';
import { callsPerRun } from './clouds.js';
import { healthRun } from './health.js';
import { batchBootstrap, bundleVerify } from './packs.js';
import { auditAppend, auditVerify, awsBootstrap, rendererSize } from './spine.js';
import { batchConnect } from './batch-connect.js';
import { estateRun } from './estate.js';
import { azureEstateRun, gcpEstateRun } from './estate-clouds.js';
import { cliStart } from './cli.js';
import { windowStart } from './window.js';
import { startNeighbour } from './neighbour.js';
import { platformDelivery } from './platform.js';
import { type BenchRow, printTable } from './table.js';

quietSdkWarnings();
const rows: BenchRow[] = [];
const run = async (label: string, fn: () => BenchRow[] | Promise<BenchRow[]>) => {
  process.stderr.write(`… ${label}\n`);
  rows.push(...(await fn()));
};

await run('audit append', () => auditAppend());
await run('audit verify', () => auditVerify());
await run('AWS bootstrap', () => awsBootstrap());
await run('renderer size', () => rendererSize());
await run('control-plane calls per run', () => callsPerRun());
await run('CLI start', () => cliStart());
await run('window start', () => windowStart());
await run('health re-validation', () => healthRun());
await run('connect many', () => batchConnect());
await run('whole estate', () => estateRun());
await run('whole estate, Azure', () => azureEstateRun());
await run('whole estate, GCP', () => gcpEstateRun());
await run('batch-bootstrap', () => batchBootstrap());
await run('bundle verify', () => bundleVerify());
await run('platform delivery', () => platformDelivery());

// The three overhead targets again, with a busy core beside them (the bootstrap target is for an idle machine).
const beside = ' — beside stress-ng --cpu 1';
const neighbour = startNeighbour();
if (neighbour) {
  try {
    await run('AWS bootstrap, busy neighbour', async () => (await awsBootstrap()).map((r) => ({ ...r, name: r.name + beside, target: '— (idle target)', ok: null })));
    await run('health re-validation, busy neighbour', async () => (await healthRun()).map((r) => ({ ...r, name: r.name + beside })));
    await run('connect many, busy neighbour', async () => (await batchConnect()).map((r) => ({ ...r, name: r.name + beside })));
  } finally {
    await neighbour.stop();
  }
} else {
  rows.push({ name: `AWS bootstrap, health and connect many${beside}`, value: 'not measured: stress-ng is not installed (apt-get install stress-ng)', target: '—', ok: null });
}

console.log('');
printTable(rows);
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;
