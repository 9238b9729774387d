import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOrgList } from '../../main/packs/org-list.js';
import { sha256 } from '../../main/packs/org-pack.js';
import { APP_CLIENT_ID, APP_OBJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from '../support/azure-env.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { GCP_AUDIENCE, PROJECT_ID, PROJECT_NUMBER, SERVICE_ACCOUNT } from '../support/gcp-env.js';
import { expectGolden, listFiles } from '../support/golden.js';
import { type Harness, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

/** Every identity a pack needs, fixed, so the output can be compared byte for byte. */
const FULL_ENV = {
  ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: PARTNER_ACCOUNT,
  ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: EXTERNAL_ID_SECRET,
  ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL: 'https://alphaswarm-templates.s3.amazonaws.com/broker-role.yaml',
  ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID: APP_CLIENT_ID,
  ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: APP_OBJECT_ID,
  ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: GCP_AUDIENCE,
  ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL: SERVICE_ACCOUNT,
};

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

function readTree(dir: string): { path: string; content: string }[] {
  return listFiles(dir).map((path) => ({ path, content: readFileSync(join(dir, path), 'utf8') }));
}

describe('artifact packs', () => {
  let h: Harness | undefined;
  afterEach(() => h?.close());

  it('an org pack holds every artifact and Terraform of every cloud, exactly as reviewed', async () => {
    h = await createHarness({ env: FULL_ENV });
    const pack = h.services.packs.build('acme-prod', ['aws', 'azure', 'gcp', 'cloudflare']);
    expect(pack.skipped).toEqual([]);
    expectGolden('pack-acme-prod', pack.files);
    for (const tf of ['aws/main.tf', 'azure/alphaswarm-tenant.tf', 'azure/customer-tenant.tf', 'gcp/main.tf']) expect(pack.files.map((f) => f.path)).toContain(tf);
  });

  it('the platform tenant gets its own pack, with the short GCP pool id', async () => {
    h = await createHarness({ env: FULL_ENV });
    const pack = h.services.packs.build('__platform__', ['aws', 'gcp']);
    expectGolden('pack-platform', pack.files);
  });

  it("the wizard's step 2 shows the same Terraform, with the values it was given filled in", async () => {
    h = await createHarness({ env: FULL_ENV });
    type Out = { artifacts: { filename: string; content: string }[] };
    const tf = (o: Out, cloud: string) => o.artifacts.filter((a) => a.filename.endsWith('.tf')).map((a) => ({ path: `${cloud}/${a.filename}`, content: a.content }));
    const aws = await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: 'acme-prod' });
    const azure = await h.ok(ipc.cloud.bootstrap, { cloud: 'azure', orgId: 'acme-prod', tenantId: TENANT_ID, subscriptionId: SUBSCRIPTION_ID });
    const gcp = await h.ok(ipc.cloud.bootstrap, { cloud: 'gcp', orgId: 'acme-prod', projectId: PROJECT_ID, projectNumber: PROJECT_NUMBER, memberScope: 'pool' });
    expectGolden('terraform-filled-in', [...tf(aws, 'aws'), ...tf(azure, 'azure'), ...tf(gcp, 'gcp')]);
  });

  it('the manifest lists every other file with its SHA-256 and size', async () => {
    h = await createHarness({ env: FULL_ENV });
    const pack = h.services.packs.build('acme-prod', ['aws', 'cloudflare']);
    const manifest = JSON.parse(pack.files.find((f) => f.path === 'manifest.json')!.content);
    const others = pack.files.filter((f) => f.path !== 'manifest.json');
    expect(manifest.files).toEqual(others.map((f) => ({ path: f.path, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content) })));
    expect(manifest.clouds).toEqual({ aws: 'included', cloudflare: 'included' });
  });

  it('a cloud without its identity is left out of the pack, said so, and the rest still goes in', async () => {
    h = await createHarness({ env: { ...FULL_ENV, ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: '' } });
    const pack = h.services.packs.build('acme-prod', ['aws', 'gcp']);
    expect(pack.included).toEqual(['aws']);
    expect(pack.skipped[0]).toMatchObject({ cloud: 'gcp', reason: expect.stringContaining('ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE') });
    const readme = pack.files.find((f) => f.path === 'README.md')!.content;
    expect(readme).toContain('## Not included');
    expect(readme).toMatch(/Google Cloud: .*ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE/);
  });

  it('"Export artifacts" writes the pack to the export folder and reports each file', async () => {
    const exportDir = tmp('exports-');
    h = await createHarness({ env: { ...FULL_ENV, ALPHASWARM_ADMIN_EXPORT_DIR: exportDir } });
    const r = await h.ok(ipc.artifacts.exportPack, { orgId: 'acme-prod' });
    expect(r.directory).toBe(join(exportDir, 'packs', 'acme-prod'));
    expect(listFiles(r.directory)).toEqual(r.files.map((f) => f.path).sort());
    for (const f of r.files) expect(sha256(readFileSync(join(r.directory, f.path), 'utf8'))).toBe(f.sha256);
    // Exporting again replaces the pack whole and leaves nothing half-written behind.
    await h.ok(ipc.artifacts.exportPack, { orgId: 'acme-prod', clouds: ['aws'] });
    expect(listFiles(join(exportDir, 'packs')).every((p) => p.startsWith('acme-prod/'))).toBe(true);
    expect(listFiles(r.directory).some((p) => p.startsWith('gcp/'))).toBe(false);
    const bad = await h.call(ipc.artifacts.exportPack, { orgId: 'Acme Prod' });
    expect(bad.ok).toBe(false);
  });
});

describe('batch-bootstrap', () => {
  const clock = new TestClock();
  const env = () => ({ ...FULL_ENV, ALPHASWARM_ADMIN_DATA_DIR: tmp('batch-data-') });

  it('two runs over the same orgs give byte-identical folders', async () => {
    const orgs = join(tmp('orgs-'), 'orgs.txt');
    writeFileSync(orgs, 'acme-prod\nglobex\n__platform__\n');
    const [a, b] = [tmp('pack-a-'), tmp('pack-b-')];
    expect((await cli(['batch-bootstrap', '--orgs', orgs, '--out', a], env(), clock)).code).toBe(0);
    expect((await cli(['batch-bootstrap', '--orgs', orgs, '--out', b], env(), clock)).code).toBe(0);
    expect(listFiles(a)).toEqual(listFiles(b));
    expect(readTree(a)).toEqual(readTree(b));
    expect(listFiles(a).filter((p) => p.endsWith('README.md'))).toEqual(['__platform__/README.md', 'acme-prod/README.md', 'globex/README.md']);
  });

  it('reports bad and duplicate rows of a CSV with their line numbers, and skips only them', async () => {
    const orgs = join(tmp('orgs-'), 'orgs.csv');
    writeFileSync(orgs, 'name,org_id\nAcme,acme-prod\n"Globex, Inc",globex\nBad,Not An Org\nAgain,acme-prod\n\nEvil,../etc\n');
    const out = tmp('pack-');
    const r = await cli(['batch-bootstrap', '--orgs', orgs, '--clouds', 'aws,cloudflare', '--out', out, '--json'], env(), clock);
    expect(r.code).toBe(2);
    expect(r.json()).toMatchObject({
      written: 2,
      badRows: [
        { line: 4, value: 'Not An Org' },
        { line: 5, value: 'acme-prod', problem: 'Duplicate of line 2.' },
        { line: 7, value: '../etc', problem: 'The org id contains path characters.' },
      ],
      skipped: [],
    });
    expect(listFiles(out).map((p) => p.split('/')[0])).toEqual(expect.arrayContaining(['acme-prod', 'globex']));
    expect(new Set(listFiles(out).map((p) => p.split('/')[0]))).toEqual(new Set(['acme-prod', 'globex']));
    const text = await cli(['batch-bootstrap', '--orgs', orgs, '--clouds', 'aws', '--out', out], env(), clock);
    expect(text.stderr).toContain('! line 4: "Not An Org" skipped — The org id has');
    expect(text.stderr).toContain('! line 5: "acme-prod" skipped — Duplicate of line 2.');
  });

  it('a missing identity stops only that cloud, and says which and why', async () => {
    const orgs = join(tmp('orgs-'), 'orgs.txt');
    writeFileSync(orgs, 'acme-prod\nglobex\n');
    const out = tmp('pack-');
    const r = await cli(['batch-bootstrap', '--orgs', orgs, '--out', out], { ...env(), ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID: '' }, clock);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('✓ wrote 2 org packs');
    expect(r.stderr).toMatch(/! azure left out of 2 packs: The object id of AlphaSwarm's Entra app .* is not set, so Azure cannot be set up \(ALPHASWARM_ADMIN_AZURE_APP_OBJECT_ID\)\./);
    expect(listFiles(out).some((p) => p.startsWith('acme-prod/azure/'))).toBe(false);
    expect(listFiles(out)).toContain('acme-prod/gcp/main.tf');
  });

  it('refuses unusable arguments before writing anything', async () => {
    const out = tmp('pack-');
    const e = env();
    expect((await cli(['batch-bootstrap', '--out', out], e, clock)).stderr).toContain('Missing --orgs FILE');
    const unknown = await cli(['batch-bootstrap', '--orgs', 'x', '--clouds', 'aws,oracle', '--out', out], e, clock);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown: oracle');
    const missing = await cli(['batch-bootstrap', '--orgs', join(out, 'nope.csv'), '--out', out], e, clock);
    expect(missing.stderr).toContain('ENOENT');
    expect(listFiles(out)).toEqual([]);
  });
});

describe('org list parsing', () => {
  it('takes one id per line, ignoring blanks, comments and a byte-order mark', async () => {
    expect(parseOrgList('\uFEFFacme-prod\r\n# comment\n\nglobex\n')).toEqual({ orgIds: ['acme-prod', 'globex'], problems: [] });
  });
  it('refuses a CSV whose columns do not include org_id', async () => {
    expect(parseOrgList('name,id\na,b\n').problems[0]).toMatchObject({ line: 1, problem: expect.stringContaining('none is named org_id') });
  });
});
