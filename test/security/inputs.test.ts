import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hcl } from '../../shared/artifacts/hcl.js';
import { Fernet } from '../../main/credentials/fernet.js';
import { dataFolderError } from '../../main/db/database.js';
import { parseIdList } from '../../main/packs/id-list.js';
import { orgIdProblem } from '../../shared/domain/org-id.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli, spawnCli } from '../support/cli.js';
import { expectOwnerOnly } from '../support/file-access.js';
import { TestClock } from '../support/clock.js';
import { type Harness, createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { ipc } from '../support/contracts.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'alphaswarm-sec-'));
const baseEnv = (dataDir: string) => ({ ALPHASWARM_ADMIN_DATA_DIR: dataDir, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService() });

/** The literal an HCL string evaluates to, from hcl2json's JSON form (a template: "$${" is a literal "${"). */
const literal = (json: string) => json.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

describe('probe 2: Terraform strings stay literal, whatever they hold', () => {
  const hostile = [
    '${file("/etc/passwd")}',
    '%{ for x in ["a"] }${x}%{ endfor }',
    '$${already escaped}',
    '%%{ also }',
    'quote " backslash \\ end',
    'line\nbreak\r\ttab',
    '\u001b[2J\u0007bell',
    '$',
    '${',
    '}"; resource "null_resource" "x" { provisioner "local-exec" { command = "id" } } #',
  ];
  for (const value of hostile) {
    it(`${JSON.stringify(value)} parses back to itself, with no live interpolation`, async () => {
      const parsed = (await parseHcl('t.tf', `locals {\n  v = ${hcl(value)}\n}\n`)) as { locals: { v: string }[] };
      expect(parsed.locals).toHaveLength(1);
      expect(literal(parsed.locals[0]!.v)).toBe(value);
    });
  }

  it('settings that reach artifacts are checked for what they are: an audience with ${…} or a quote is refused', async () => {
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE: 'https://x/${var.y}' } });
    try {
      expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'gcp', orgId: 'acme-corp' })).toMatchObject({ message: expect.stringMatching(/ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE|audience/i) });
      expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_AZURE_AUDIENCE', value: 'api://x"y' })).toMatchObject({ code: expect.stringMatching(/^(bad_request|config_invalid)$/), message: expect.stringMatching(/quote|URL|URN/i) });
    } finally {
      h.close();
    }
  });
});

describe('probe 4: another spelling of the data folder is the same data folder', () => {
  it('"dir/", "dir/." and "dir" read the same secrets', async () => {
    const dir = scratch();
    const first = await createHarness({ dataDir: dir });
    first.services.secrets.put('probe', 'the same vault');
    first.close();
    for (const spelling of [`${dir}/`, `${dir}/.`, `${dir}//`]) {
      const again = await createHarness({ dataDir: spelling });
      expect(again.services.secrets.read('probe')).toEqual({ status: 'ok', value: 'the same vault' });
      again.close();
    }
  });
});

describe('probe 5: a clock put right does not make secrets unreadable', () => {
  it('a token stamped in the future decrypts when no TTL is asked, as in the reference; with a TTL it is refused', () => {
    const f = new Fernet(Fernet.generateKey());
    const now = 1_800_000_000;
    const token = f.encrypt('written while the clock ran fast', now + 3600);
    expect(f.decrypt(token, { nowSec: now }).toString()).toBe('written while the clock ran fast');
    expect(() => f.decrypt(token, { nowSec: now, ttlSec: 60 })).toThrow();
  });
});

describe('probe 6: size limits count the bytes read, pipes included', () => {
  it('"bundle verify -" stops reading a 200 MB pipe at the limit and says why', async () => {
    const dir = scratch();
    const trust = join(dir, 'device.jwk.json');
    writeFileSync(trust, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: Buffer.alloc(32, 1).toString('base64url') }));
    const child = spawn(process.execPath, [resolve('bin/alphaswarm-onboard.mjs'), 'bundle', 'verify', '-', '--trust', trust], { env: { ...process.env, ...baseEnv(dir) } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const chunk = Buffer.alloc(1024 * 1024, 'A');
    let sent = 0;
    let open = true;
    child.stdin.on('error', () => (open = false));
    const feed = async () => {
      while (open && sent < 200) {
        if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r).once('close', r));
        sent += 1;
      }
      if (open) child.stdin.end();
    };
    void feed();
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    open = false;
    expect(code).toBe(2);
    expect(stderr).toMatch(/larger than any bundle/);
    // It gave up near the 32 MB limit, long before the 200 MB were sent.
    expect(sent).toBeLessThan(120);
  }, 60_000);

  it('a token on standard input larger than any token is refused without reading it all', async () => {
    const dir = scratch();
    const r = await spawnCli(['validate-identity', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin'], { ...process.env, ...baseEnv(dir) }, 'x'.repeat(2 * 1024 * 1024));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Standard input is larger than 256 KB/);
  }, 60_000);
});

describe('drafts never hold a credential, whichever field it was pasted into', () => {
  it('main refuses a draft whose value is shaped like a token or a key, and the log has none of it', async () => {
    const h = await createHarness({ fileLog: true });
    for (const value of [`cfut_${'Ab1'.repeat(10)}`, 'Zx9_Zx9-'.repeat(5), `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiJ4In0'}.c2lnbmF0dXJl`, '0123456789abcdef0123456789abcdef01234']) {
      const r = await h.fails(ipc.drafts.save, { orgId: 'acme-corp', draft: { cloud: 'cloudflare', step: 3, target: { accountId: value }, method: 'dashboard', identity: null, permissions: null, enumeration: null, secretNeeded: false } });
      expect(r).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/looks like a token or a key/) });
      expect(JSON.stringify(r)).not.toContain(value);
    }
    expect((await h.ok(ipc.drafts.list, {})).drafts).toEqual([]);
    h.close();
  });
});

describe('probe 9: CSV is parsed as CSV', () => {
  it('a quoted field holding a line break is one value (and not an org id), never an org named by its first line', () => {
    const { ids, problems } = parseIdList('org_id,name\n"new\nline",x\nacme-corp,Acme\n', { column: 'org_id', problem: (v) => orgIdProblem(v) });
    expect(ids).toEqual(['acme-corp']);
    expect(problems).toEqual([expect.objectContaining({ line: 2, value: 'new\nline' })]);
  });
});

describe('probe 13: rough edges', () => {
  it('a data folder that cannot be written says which folder and what to do (offline bootstrap too)', async () => {
    const dir = scratch();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const r = await cli(['bootstrap', 'aws', '--org', 'acme-corp'], { ...baseEnv(join(file, 'data')) }, new TestClock());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(file);
    expect(r.stderr).not.toMatch(/Unexpected failure|please report/i);
    for (const code of ['EROFS', 'EACCES', 'ENOSPC'] as const) {
      const e = dataFolderError('/data/folder', Object.assign(new Error(code), { code }));
      expect(e).toMatchObject({ message: expect.stringContaining('/data/folder'), hint: expect.any(String) });
    }
  });

  it('"audit list | head -1" ends quietly when the reader goes away', async () => {
    const h = await createHarness();
    // One transaction: 1,500 rows with a disk sync each took half a minute on a busy machine.
    h.services.audit.appendAll(Array.from({ length: 1500 }, (_, i) => ({ actor: 'app:test', orgId: 'acme-corp', cloud: 'aws' as const, step: 'health' as const, outcome: 'succeeded' as const, detail: { i } })));
    h.close();
    const child = spawn(process.execPath, [resolve('bin/alphaswarm-onboard.mjs'), 'audit', 'list', '--limit', '1000'], { env: { ...process.env, ...h.env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number>((done) => child.on('close', (c) => done(c ?? -1)));
    expect(stderr).not.toMatch(/EPIPE|Error:|at .*\.js/);
    expect(code).toBe(0);
  }, 60_000);
});

describe('probe 13: inputs are checked before a code is spent', () => {
  let fake: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  beforeAll(async () => {
    ({ fake, session } = await startAwsFake());
  });
  afterAll(async () => fake.stop());

  it('a typo in the tenant id costs no code and no lockout count, with MFA enrolled or not', async () => {
    const dir = scratch();
    const env = { ...baseEnv(dir), ...awsEnv(fake, session) };
    const clock = new TestClock();
    // Not enrolled: the tenant id is what is wrong, not "MFA is not set up".
    const before = await cli(['validate-identity', 'azure', '--org', 'acme-corp', '--tenant-id', 'not-a-guid', '--subscription-id', '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', '--otp', '123456'], env, clock);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/tenant id/i);
    expect(before.stderr).not.toMatch(/MFA is not set up|not set up yet/);

    const { code } = await enrolMfaWithCli(env, clock);
    h = await createHarness({ dataDir: dir, clock, env });
    const state = () => h.services.db.prepare('SELECT failures, last_time_step FROM mfa_state WHERE id = 1').get();
    const rows = () => h.services.audit.list({ limit: 100, step: 'mfa_verify' }).total;
    const [s0, r0] = [state(), rows()];
    const otp = await code();
    const typo = await cli(['validate-identity', 'azure', '--org', 'acme-corp', '--tenant-id', '72f988bf-86f1-41af-91ab-2d7cd011db4', '--subscription-id', '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', '--otp', otp], env, clock);
    expect(typo.code).toBe(2);
    expect(state()).toEqual(s0);
    expect(rows()).toBe(r0);
    // The same code still works once the typo is fixed (it was never spent).
    const fixed = await cli(['validate-identity', 'aws', '--org', 'acme-corp', '--role-arn', 'arn:aws:iam::444455556666:role/x', '--otp', otp], env, clock);
    expect(fixed.stderr).not.toMatch(/already used|not valid/);
    h.close();
  });

  it('a save that cannot happen (steps 3 and 4 not proved in this run, e.g. a draft resumed after a restart) is refused before step-up', async () => {
    h = await createHarness({ env: awsEnv(fake, session) });
    const target = { cloud: 'aws' as const, orgId: 'acme-corp', roleArn: 'arn:aws:iam::444455556666:role/x' };
    expect(await h.ok(ipc.cloud.connectCheck, target)).toMatchObject({ action: 'new', blocker: expect.stringMatching(/identity has not been validated/) });
    expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/^Not saved: identity has not been validated/) });
    h.close();
  });

  it('over IPC too: a bad input is answered before step-up is asked for', async () => {
    h = await createHarness({ env: awsEnv(fake, session) });
    expect(await h.fails(ipc.cloud.validateIdentity, { cloud: 'aws', orgId: 'acme-corp', roleArn: 'arn:aws:iam::12345:role/x' })).toMatchObject({ code: 'bad_request' });
    expect(await h.fails(ipc.cloud.validateIdentity, { cloud: 'aws', orgId: 'acme-corp', roleArn: 'arn:aws:iam::444455556666:role/x' })).toMatchObject({ code: 'step_up_required' });
    h.close();
  });
});

describe('probe 12: file modes', () => {
  it('the data folder is 0700 and the database files 0600, even in an existing 0755 folder', async () => {
    const dir = scratch();
    const h = await createHarness({ dataDir: dir });
    h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    expectOwnerOnly(dir, 0o700);
    const files = readdirSync(dir).filter((n) => n.startsWith('alphaswarm.db') || n.endsWith('.db') || n.endsWith('-wal') || n.endsWith('-shm'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expectOwnerOnly(join(dir, f), 0o600);
    h.close();
  });
});
