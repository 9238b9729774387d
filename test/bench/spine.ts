import { awsProviderWithoutProfile } from '../support/aws-env.js';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '../../main/audit/audit-log.js';
import { openDatabase } from '../../main/db/database.js';
import { systemClock } from '../../main/platform/clock.js';
import { Settings } from '../../main/settings.js';
import { repeat, spread } from './repeat.js';
import { type BenchRow, fmt, rate } from './table.js';

function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  return { dir, db: openDatabase(dir) };
}

/** Audit append (hash chain, WAL, synchronous FULL, one transaction per row) against a raw insert at the same durability. */
export function auditAppend(rows = 3000): BenchRow[] {
  const raw = tempDb();
  // The baseline inserts the same row into a table of the same shape (columns, AUTOINCREMENT,
  // indexes), so the ratio is the cost of the hash chain and its checks, nothing else.
  const ddl = raw.db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'audit_log' AND type IN ('table', 'index') AND sql IS NOT NULL").pluck().all() as string[];
  for (const sql of ddl) raw.db.exec(sql.replace(/\baudit_log\b/g, 'raw').replace(/\baudit_log_(\w+)/g, 'raw_$1'));
  const insert = raw.db.prepare('INSERT INTO raw (ts, actor, org_id, cloud, step, outcome, correlation_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const rawOne = raw.db.transaction((i: number) =>
    insert.run(new Date().toISOString(), 'app:bench', 'acme-corp', 'aws', 'identity', 'succeeded', null, `{"i":${i},"roleArn":"arn:aws:iam::123456789012:role/r"}`, '0'.repeat(64), 'f'.repeat(64)),
  );
  const audited = tempDb();
  const log = new AuditLog(audited.db, systemClock);
  const entry = (i: number) => ({ actor: 'app:bench', orgId: 'acme-corp', cloud: 'aws' as const, step: 'identity' as const, outcome: 'succeeded' as const, detail: { i, roleArn: 'arn:aws:iam::123456789012:role/r' } });
  // Warm both paths, then interleave rounds so disk noise hits both alike.
  for (let i = 0; i < 50; i++) {
    rawOne.immediate(i);
    log.append(entry(i));
  }
  let rawMs = 0;
  let auditMs = 0;
  const rounds = 6;
  const per = Math.floor(rows / rounds);
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    for (let i = 0; i < per; i++) rawOne.immediate(i);
    rawMs += performance.now() - t;
    t = performance.now();
    for (let i = 0; i < per; i++) log.append(entry(i));
    auditMs += performance.now() - t;
  }
  const rawRate = rate(per * rounds, rawMs);
  const auditRate = rate(per * rounds, auditMs);
  raw.db.close();
  audited.db.close();
  rmSync(raw.dir, { recursive: true, force: true });
  rmSync(audited.dir, { recursive: true, force: true });
  const ratio = auditRate / rawRate;
  return [
    { name: 'audit append (chain, WAL, sync FULL)', value: `${fmt(auditRate)} rows/s`, target: '—', ok: null },
    { name: 'raw better-sqlite3 insert, same durability', value: `${fmt(rawRate)} rows/s`, target: '—', ok: null },
    { name: 'audit append / raw insert', value: `${fmt(ratio, 2)}×`, target: '≥ 0.80×', ok: ratio >= 0.8 },
  ];
}

/** `audit verify` over 100k rows. */
export function auditVerify(rows = 100_000): BenchRow[] {
  const { dir, db } = tempDb();
  const log = new AuditLog(db, systemClock);
  db.pragma('synchronous = OFF');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      log.append({ actor: 'app:bench', orgId: `org-${i % 97}`, cloud: 'aws', step: 'permissions', outcome: i % 5 ? 'succeeded' : 'failed', detail: { i, missing: ['ec2:DescribeRegions'] } });
    }
  })();
  const t = performance.now();
  const v = log.verify();
  const ms = performance.now() - t;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  if (!v.ok || v.rowCount !== rows) throw new Error('verify failed on an untouched chain');
  const r = rate(rows, ms);
  return [{ name: `audit verify, ${fmt(rows)} rows`, value: `${fmt(r)} rows/s (${fmt(ms)} ms)`, target: '≥ 200,000 rows/s', ok: r >= 200_000 }];
}

const AWS_BOOTSTRAP_TARGET = 50_000;

/** Complete AWS bootstrap artifact sets (external id HMAC + every artifact), as the provider builds them. */
export async function awsBootstrap(sets = 20_000, runs = 5): Promise<BenchRow[]> {
  const settings = new Settings({
    ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-settings-')),
    ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333',
    ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'bench-external-id-hmac-key-0123456789',
    ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL: 'https://alphaswarm-public.s3.amazonaws.com/alphaswarm-broker-role.yaml',
  });
  const provider = awsProviderWithoutProfile(settings);
  for (let i = 0; i < 2000; i++) provider.bootstrap({ cloud: 'aws', orgId: `warm-${i}` }, []);
  // Every set must be whole: trust policy, CLI, policies, CloudFormation, link, StackSets, Terraform.
  const perSet = provider.bootstrap({ cloud: 'aws', orgId: 'reference' }, []).artifacts.length;
  const r = await repeat(runs, () => {
    const t = performance.now();
    let artifacts = 0;
    // Each set is one operation, as PackService makes one per org: the settings file is checked once per set.
    for (let i = 0; i < sets; i++) artifacts += settings.operation(() => provider.bootstrap({ cloud: 'aws', orgId: `org-${i}` }, [])).artifacts.length;
    const ms = performance.now() - t;
    if (perSet !== 8 || artifacts !== sets * perSet) throw new Error(`unexpected artifact count: ${artifacts} for ${sets} sets of ${perSet}`);
    return rate(sets, ms);
  });
  return [
    {
      name: `AWS bootstrap artifact sets (median of ${runs} × ${fmt(sets)})`,
      value: `${spread(r, ' sets/s', 1, 0)}`,
      target: `≥ ${fmt(AWS_BOOTSTRAP_TARGET)} sets/s`,
      ok: r.median >= AWS_BOOTSTRAP_TARGET,
    },
  ];
}

/** The renderer's JavaScript, gzipped, as the window downloads it. */
export function rendererSize(dir = 'out/renderer/assets'): BenchRow[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
  return [{ name: 'renderer JS, gzipped', value: `${fmt(bytes / 1024, 1)} KB`, target: '≤ 300 KB', ok: bytes <= 300 * 1024 }];
}
