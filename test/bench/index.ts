import { quietSdkWarnings } from '../../main/platform/warnings.js';
import { callsPerRun } from './clouds.js';
import { healthRun } from './health.js';
import { batchBootstrap, bundleVerify } from './packs.js';
import { auditAppend, auditVerify, awsBootstrap, rendererSize } from './spine.js';
import { batchConnect } from './batch-connect.js';
import { cliStart } from './cli.js';
import { windowStart } from './window.js';
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
await run('batch-bootstrap', () => batchBootstrap());
await run('bundle verify', () => bundleVerify());
await run('platform delivery', () => platformDelivery());

console.log('');
printTable(rows);
process.exitCode = rows.some((r) => r.ok === false) ? 1 : 0;
