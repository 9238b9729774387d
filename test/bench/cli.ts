import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServices } from '../../main/app/services.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { silentLogger } from '../../main/platform/logger.js';
import { storedConnection } from '../support/seed.js';
import { EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { repeat, spread } from './repeat.js';
import type { BenchRow } from './table.js';

const RUNS = 5;
const BIN = resolve('bin/alphaswarm-onboard.mjs');
const GNU_TIME = '/usr/bin/time';

/** One whole process: wall seconds and peak RSS (KB), as GNU time reports them. */
function measure(args: string[], env: Record<string, string>): { wallMs: number; rssKb: number } {
  const r = spawnSync(GNU_TIME, ['-f', '%e %M', process.execPath, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const [wall, rss] = r.stderr.trim().split('\n').at(-1)!.split(' ');
  return { wallMs: Number(wall) * 1000, rssKb: Number(rss) };
}

/**
 * The CLI as users run it — whole processes of the built executable — against a bare `node -e`
 * doing the same work (the HMAC and printing JSON; reading and printing the rows).
 */
export async function cliStart(): Promise<BenchRow[]> {
  if (!existsSync(GNU_TIME)) return [{ name: 'CLI start (needs GNU time at /usr/bin/time)', value: 'not measured', target: '—', ok: null }];
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  const env = { ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'data'), ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: PARTNER_ACCOUNT, ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: EXTERNAL_ID_SECRET, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: 'alphaswarm-bench' };
  const floorHmac = ['-e', `const h=require('node:crypto').createHmac('sha256',process.env.ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET).update('aws:acme-corp').digest('hex');process.stdout.write(JSON.stringify({externalId:h})+'\\n')`];
  measure([BIN, 'bootstrap', 'aws', '--org', 'acme-corp', '--json'], env); // the data folder is made once
  const rows: BenchRow[] = [];

  const wall = (args: string[]) => repeat(RUNS, () => measure(args, env).wallMs);
  const rss = (args: string[]) => repeat(RUNS, () => measure(args, env).rssKb);
  const boot = await wall([BIN, 'bootstrap', 'aws', '--org', 'acme-corp', '--json']);
  const bootFloor = await wall(floorHmac);
  const bootRss = await rss([BIN, 'bootstrap', 'aws', '--org', 'acme-corp', '--json']);
  const bootRatio = boot.median / bootFloor.median;
  rows.push(
    { name: `CLI bootstrap aws --json, wall (median of ${RUNS})`, value: spread(boot, ' s', 1000), target: '—', ok: null },
    { name: 'floor: node -e, the same HMAC, JSON printed', value: spread(bootFloor, ' s', 1000), target: '—', ok: null },
    { name: 'CLI bootstrap aws / floor', value: `${(bootRatio).toFixed(2)}×`, target: '≤ 4×', ok: bootRatio <= 4 },
    { name: 'CLI bootstrap aws, peak memory (RSS)', value: spread(bootRss, ' MB', 1024, 0), target: '≤ 100 MB', ok: bootRss.median <= 100 * 1024 },
  );

  // 500 saved connections, then `list --json`.
  const services = await createServices({ env, surface: 'cli', keyVault: new MemoryKeyVault(), logger: silentLogger });
  const now = new Date().toISOString();
  for (let i = 0; i < 500; i++) {
    const orgId = `org-${String(Math.floor(i / 5)).padStart(3, '0')}`;
    const account = String(100000000000 + i);
    services.orgs.ensure(orgId);
    services.integrations.save(storedConnection({ cloud: 'aws', orgId, account, primary: i % 5 === 0, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'e'.repeat(64), region: 'us-east-1', account_id: account }, connectedAt: now }));
  }
  services.close();
  const floorList = ['-e', `const D=require(${JSON.stringify(resolve('node_modules/better-sqlite3'))});const db=new D(process.env.ALPHASWARM_ADMIN_DATA_DIR+'/alphaswarm.db',{readonly:true});process.stdout.write(JSON.stringify({connections:db.prepare('SELECT * FROM integration_store').all()})+'\\n')`];
  const list = await wall([BIN, 'list', '--json']);
  const listFloor = await wall(floorList);
  const listRatio = list.median / listFloor.median;
  rows.push(
    { name: `CLI list --json, 500 connections (median of ${RUNS})`, value: spread(list, ' s', 1000), target: '—', ok: null },
    { name: 'floor: node -e, read the rows with better-sqlite3, print JSON', value: spread(listFloor, ' s', 1000), target: '—', ok: null },
    { name: 'CLI list --json / floor', value: `${listRatio.toFixed(2)}×`, target: '≤ 6×', ok: listRatio <= 6 },
  );
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
