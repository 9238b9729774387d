import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../main/app/services.js';
import { DEVICE_KEYS, parsePinnedKeys } from '../../main/jws/pinned-keys.js';
import { connectionSecretName } from '../../main/credentials/integration-store.js';
import { storedConnection } from '../support/seed.js';
import { verifyBundle } from '../../main/bundles/verify-bundle.js';
import { runCli } from '../../main/cli/run.js';
import { silentLogger } from '../../main/platform/logger.js';
import { CLOUD_KINDS } from '../../shared/domain/cloud.js';
import { APP_CLIENT_ID, APP_OBJECT_ID } from '../support/azure-env.js';
import { GCP_AUDIENCE, SERVICE_ACCOUNT } from '../support/gcp-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { MemoryKeyVault } from '../../main/credentials/keychain.js';
import { repeat, spread } from './repeat.js';
import { type BenchRow, fmt, rate } from './table.js';

const ORGS = 10_000;
const RUNS = 3;
const IDENTITIES = {
  ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: PARTNER_ACCOUNT,
  ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: EXTERNAL_ID_SECRET,
  ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID,
  ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID,
  ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: GCP_AUDIENCE,
  ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: SERVICE_ACCOUNT,
};

/**
 * `batch-bootstrap` of 10,000 orgs × 4 clouds through the real CLI, against a floor measured in the
 * same run: the same HMACs and the serialisation of every file's content (artifacts, README,
 * manifest with its SHA-256s) in memory, without touching the disk.
 */
export async function batchBootstrap(): Promise<BenchRow[]> {
  const work = mkdtempSync(join(tmpdir(), 'bench-batch-'));
  const env = { ...IDENTITIES, ALPHASWARM_ADMIN_DATA_DIR: join(work, 'data') };
  const orgIds = Array.from({ length: ORGS }, (_, i) => `org-${String(i).padStart(5, '0')}`);
  const orgsFile = join(work, 'orgs.csv');
  writeFileSync(orgsFile, `org_id\n${orgIds.join('\n')}\n`);

  const services = await createServices({ env, surface: 'cli', keyVault: new MemoryKeyVault(), logger: silentLogger });
  let files = 0;
  const floor = await repeat(RUNS, () => {
    files = 0;
    const t = performance.now();
    for (const orgId of orgIds) files += services.packs.build(orgId, CLOUD_KINDS).files.length;
    return performance.now() - t;
  });
  services.close();

  const io = { isTTY: false, out: () => {}, err: (t: string) => process.stderr.write(t), prompt: async () => undefined, readStdin: async () => '' };
  // Our code on a RAM-backed folder (where there is one), and the same run on the data disk: the
  // difference is the machine's disk, not the app.
  const folders: [string, string][] = [['RAM-backed folder', existsSync('/dev/shm') ? mkdtempSync('/dev/shm/bench-batch-') : work], ['data disk', work]];
  const rows: BenchRow[] = [{ name: 'batch-bootstrap floor: HMACs + every file serialised in memory', value: spread(floor, ' s', 1000, 1), target: '–', ok: null }];
  for (const [label, base] of folders) {
    let n = 0;
    const wall = await repeat(RUNS, async () => {
      const out = join(base, `packs-${n++}`);
      const t = performance.now();
      const code = await runCli(['batch-bootstrap', '--orgs', orgsFile, '--clouds', CLOUD_KINDS.join(','), '--out', out], { env, io, logger: silentLogger, keyVault: new MemoryKeyVault() });
      const ms = performance.now() - t;
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) throw new Error(`batch-bootstrap exited ${code}`);
      return ms;
    });
    if (base !== work) rmSync(base, { recursive: true, force: true });
    const ratio = wall.median / floor.median;
    rows.push(
      { name: `batch-bootstrap ${ORGS.toLocaleString('en')} orgs × 4 clouds (${files.toLocaleString('en')} files), ${label}`, value: spread(wall, ' s', 1000, 1), target: '–', ok: null },
      { name: `batch-bootstrap / floor, ${label}`, value: `${fmt(ratio, 1)}×`, target: label === 'data disk' ? '– (the disk)' : '≤ 10×', ok: label === 'data disk' ? null : ratio <= 10 },
    );
  }
  rmSync(work, { recursive: true, force: true });
  return rows;
}

/** `bundle verify` of a 100-connection bundle (25 orgs × 4 clouds, 10 audit rows each). */
export async function bundleVerify(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const { publicKey } = generateKeyPairSync('x25519');
  const services = await createServices({
    env: { ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_PLATFORM_BUNDLE_KEY: JSON.stringify(publicKey.export({ format: 'jwk' })) },
    surface: 'cli',
    keyVault: new MemoryKeyVault(),
    logger: silentLogger,
  });
  const now = new Date().toISOString();
  const records = {
    aws: { role_arn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-x`, external_id: 'e', region: 'us-east-1', account_id: CUSTOMER_ACCOUNT },
    azure: { tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', subscription_id: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', client_id: APP_CLIENT_ID, subject: 's', principal_object_id: 'p' },
    gcp: { project_id: 'acme-prod-4821', project_number: '483920174562', pool_id: 'p', provider_id: 'alphaswarm-oidc', service_account_email: SERVICE_ACCOUNT, subject: 's' },
    cloudflare: { template: 'dns_edit', token_id: 'abc', account_owned: false, account_id: null },
  };
  for (let o = 0; o < 25; o++) {
    const orgId = `org-${o}`;
    services.orgs.ensure(orgId);
    for (const cloud of CLOUD_KINDS) {
      const stored = storedConnection({ cloud, orgId, record: records[cloud], connectedAt: now });
      services.integrations.save(stored);
      if (cloud === 'cloudflare') services.secrets.put(connectionSecretName(stored), `cfut_${'x'.repeat(40)}`);
      for (let r = 0; r < 10; r++) services.audit.append({ actor: 'bench', orgId, cloud, step: 'health', outcome: 'succeeded', detail: { run: r } });
    }
  }
  const exported = await services.bundles.export({});
  const trusted = await parsePinnedKeys(JSON.stringify((await services.deviceKey.info()).jwk), 'device', DEVICE_KEYS);
  services.close();
  rmSync(dataDir, { recursive: true, force: true });
  const options = { audience: exported.audience, nowSec: Math.floor(Date.now() / 1000) };
  for (let i = 0; i < 20; i++) await verifyBundle(exported.bundle, trusted, options);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    await verifyBundle(exported.bundle, trusted, options);
    n++;
  }
  const perSec = rate(n, performance.now() - start);
  return [
    { name: `bundle verify, 100 connections + 1,000 audit rows (${fmt(exported.bundle.length / 1024)} KB)`, value: `${fmt(perSec)} /s`, target: '≥ 20 /s (under 50 ms per upload)', ok: perSec >= 20 },
  ];
}
