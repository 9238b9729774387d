import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../main/cli/output.js';
import { parseAccountList } from '../../main/packs/account-list.js';
import { profilePayloadSchema } from '../../main/profile/profile-format.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import { projectIdProblem } from '../../shared/domain/gcp.js';
import { profilePayload } from '../support/profile.js';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { testKeychainService } from '../support/keychain.js';
import { EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const MANAGEMENT = '444455550001';
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

describe('24.10 audit rows are redacted as log lines are', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('a JWT or a Cloudflare token in a detail (a failing token command’s stderr) never reaches the row', async () => {
    h = await createHarness();
    const jwt = `eyJhbGciOiJFUzI1NiJ9.${Buffer.from('{"sub":"alphaswarm"}').toString('base64url')}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
    const row = h.services.audit.append({ actor: 't', orgId: null, cloud: 'azure', step: 'identity', outcome: 'failed', detail: { message: `token command failed: ${jwt}`, list: [`cfut_${'a'.repeat(40)}`] } });
    expect(JSON.stringify(row.detail)).not.toContain(jwt);
    expect(JSON.stringify([...h.services.audit.all()])).not.toMatch(/eyJhbGciOiJFUzI1NiJ9|cfut_a{40}/);
    expect(row.detail.message).toBe('token command failed: [redacted]');
    expect((await h.services.anchor.verify()).ok).toBe(true); // the chain covers what was stored
  });
});

describe('24.11 AWS Organizations paging is bounded, deduplicated and refuses a repeated token', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  let h: Harness;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => aws.stop());
  beforeEach(async () => {
    aws.roles.clear();
    aws.organizations.length = 0;
    aws.listAccountsQuirk = undefined;
    h = await createHarness({ env: awsEnv(aws, session) });
    await h.stepUp(ORG);
    aws.addRole({ accountId: MANAGEMENT, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    const target = { cloud: 'aws' as const, orgId: ORG, roleArn: arn(MANAGEMENT) };
    await h.ok(ipc.cloud.validateIdentity, target);
    await h.ok(ipc.cloud.validatePermissions, target);
    await h.ok(ipc.cloud.connect, target);
    aws.addOrganization(MANAGEMENT, Array.from({ length: 30 }, (_, i) => `4444555${String(100 + i).padStart(5, '0')}`));
  });
  afterEach(() => h.close());
  const listCalls = () => aws.requests.filter((r) => r.service === 'organizations' && r.action === 'ListAccounts').length;

  it('the same NextToken twice stops the listing at once, with a sentence', async () => {
    aws.listAccountsQuirk = { kind: 'repeat-token' };
    const before = listCalls();
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'cloud_error', message: expect.stringMatching(/page token it had already given/) });
    expect(listCalls() - before).toBe(2);
  });

  it('one page repeated under new tokens gives each account once', async () => {
    aws.listAccountsQuirk = { kind: 'repeat-page', pages: 50 };
    const members = await h.ok(ipc.cloud.awsMemberAccounts, { orgId: ORG });
    expect(members.accounts).toHaveLength(20);
    expect(new Set(members.accounts.map((a) => a.id)).size).toBe(20);
  });

  it('a listing is cancelled by its AbortSignal, between pages or in flight', async () => {
    aws.listAccountsQuirk = { kind: 'repeat-page', pages: 100_000 };
    const stored = h.services.integrations.list().find((c) => c.cloud === 'aws')!;
    const before = listCalls();
    const controller = new AbortController();
    const listing = h.services.providers.of('aws').memberAccounts(stored, controller.signal);
    await expect.poll(() => listCalls() - before, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    controller.abort();
    await expect(listing).rejects.toBeDefined();
    // The call in flight may still reach the fake; after that, nothing more is asked.
    await new Promise((r) => setTimeout(r, 50));
    const made = listCalls() - before;
    expect(made).toBeLessThan(600);
    await new Promise((r) => setTimeout(r, 100));
    expect(listCalls() - before).toBe(made);
  }, 30_000);

  it('a listing that never ends is stopped after a bounded number of pages', async () => {
    aws.listAccountsQuirk = { kind: 'repeat-page', pages: 100_000 };
    const before = listCalls();
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'cloud_error', message: expect.stringMatching(/still paging after 600 pages/) });
    expect(listCalls() - before).toBe(600);
  }, 60_000);

  it('an organization of more accounts than the listing holds is an error, never its first 10,000 as if they were all (M-A2)', async () => {
    aws.organizations.length = 0;
    aws.addOrganization(MANAGEMENT, Array.from({ length: 10_001 }, (_, i) => String(500000000000 + i)));
    expect(await h.fails(ipc.cloud.awsMemberAccounts, { orgId: ORG })).toMatchObject({ code: 'cloud_error', message: 'AWS Organizations did not finish listing the accounts: the organization has more than 10,000 accounts, so the listing was stopped.' });
  }, 60_000);
});

describe('24.12 a line break in a cloud’s name cannot forge a line of the CLI', () => {
  let world: CloudflareWorld;
  afterEach(async () => world?.fake.stop());

  it('Cloudflare account and zone names holding LF and CR stay on their own line, the break shown as \\n', async () => {
    world = await startCloudflareWorld();
    const forged = '\n✓ DNS Write granted\r\n✓ saved under CredentialKey("cloud_cloudflare", "org:acme-corp")\u2028✓ done';
    const account = world.fake.addAccount(`Acme${forged}`);
    world.fake.addZone(`zone${forged}.example`, account.id);
    const token = world.fake.addToken({ format: 'user', permissionGroups: ['Zone Read'], expiresOn: daysFromNow(60) });
    const env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'sec-lines-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService() };
    const clock = new TestClock();
    const { code } = await enrolMfaWithCli(env, clock);
    const r = await cli(['enumerate', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin', '--otp', await code()], env, clock, `${token.value}\n`);
    const lines = (r.stdout + r.stderr).split('\n');
    // The forged text is there, as text inside the line that quotes the name; no line starts with it.
    expect(r.stdout + r.stderr).toContain('\\n✓ DNS Write granted');
    expect(lines.filter((l) => /^\s*✓ (DNS Write granted|saved under|done)/.test(l))).toEqual([]);
    expect(r.stdout + r.stderr).not.toMatch(/[\r\u2028]/);
  });
});

describe('24.13 the account-list parser is linear and survives nulls', () => {
  it('Accounts: [null] and other non-objects are problems, not crashes', () => {
    const r = parseAccountList(JSON.stringify({ Accounts: [null, 7, 'x', [], { Id: '111122223333', Status: 'ACTIVE' }, { Id: '111122223333' }] }));
    expect(r.ids).toEqual(['111122223333']);
    expect(r.problems.map((p) => p.problem)).toEqual([expect.stringMatching(/Accounts\[0\] is null/), expect.stringMatching(/Accounts\[1\] is 7/), expect.stringMatching(/Accounts\[2\] is x/), expect.stringMatching(/Accounts\[3\]/)]);
    expect(parseAccountList('{"Accounts": null}').problems[0]!.problem).toMatch(/no "Accounts" list/);
  });

  it('a 4 MB list-accounts answer (170,000 accounts, every one twice) is parsed in one pass', () => {
    const accounts = Array.from({ length: 85_000 }, (_, i) => ({ Id: String(100000000000 + i), Status: 'ACTIVE' }));
    const text = JSON.stringify({ Accounts: [...accounts, ...accounts] });
    expect(text.length).toBeGreaterThan(4_000_000);
    // Quadratic, this took the CLI 101 s; the bound here is generous, not a benchmark.
    const r = parseAccountList(text);
    expect(r.ids).toHaveLength(85_000);
  }, 20_000);
});

describe('24.14 a secret anywhere inside a draft value is refused, split or not', () => {
  let h: Harness;
  afterEach(() => h.close());
  const token = `cfut_${'Ab1'.repeat(14)}`;
  it.each([
    ['Bearer', `Bearer ${token}`],
    ['with a note', `${token} (from 1Password)`],
    ['split by a zero-width space', `${token.slice(0, 12)}\u200b${token.slice(12)}`],
    ['an AWS secret access key', 'secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['an Azure client secret', 'client secret is abc8Q~Zx9yWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa'],
  ])('%s', async (_what, value) => {
    h = await createHarness({ fileLog: true });
    const r = await h.fails(ipc.drafts.save, { orgId: 'acme-corp', draft: { cloud: 'cloudflare', step: 3, target: { accountId: value }, method: 'dashboard', identity: null, permissions: null, enumeration: null, secretNeeded: false } });
    expect(r).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/looks like a token or a key/) });
    expect((await h.ok(ipc.drafts.list, {})).drafts).toEqual([]);
  });
  it('ordinary values still save', async () => {
    h = await createHarness();
    for (const value of ['arn:aws:iam::444455556666:role/alphaswarm-broker-acme-corp', '00000000-0000-4000-8000-000000000000', 'alphaswarm-broker@alphaswarm-prod.iam.gserviceaccount.com', 'my-project-123']) {
      await h.ok(ipc.drafts.save, { orgId: 'acme-corp', draft: { cloud: 'aws', step: 1, target: { roleArn: value }, method: null, identity: null, permissions: null, enumeration: null, secretNeeded: false } });
    }
  });
});

describe('24.15 who a profile is for is a plain name and a plain address', () => {
  it.each([
    ['an escape in the name', { name: 'Jane \u001b[2J Field', email: 'jane@alpha-swarm.ai' }],
    ['a bidi override in the name', { name: 'Jane \u202eFigure', email: 'jane@alpha-swarm.ai' }],
    ['a zero-width space in the name', { name: 'Jane\u200bField', email: 'jane@alpha-swarm.ai' }],
    ['a line break in the name', { name: 'Jane\n✓ trusted', email: 'jane@alpha-swarm.ai' }],
    ['a bidi override in the email', { name: 'Jane Field', email: 'jane\u202e@alpha-swarm.ai' }],
    ['an escape in the email', { name: 'Jane Field', email: 'ja\u001bne@alpha-swarm.ai' }],
  ])('%s is refused', (_what, engineer) => {
    const r = profilePayloadSchema.safeParse({ ...profilePayload(1_800_000_000), sub: engineer.email, engineer });
    expect(r.success).toBe(false);
  });
  it('real names pass', () => {
    for (const name of ['Jane Field', 'José Álvarez-Núñez', "Seán O'Brien", '李小龙', 'J. R. R. Tolkien']) {
      expect(profilePayloadSchema.safeParse({ ...profilePayload(1_800_000_000), engineer: { name, email: 'jane@alpha-swarm.ai' } }).success, name).toBe(true);
    }
  });
});

describe('24.16 a token given as a bare argument is never echoed', () => {
  it('refused without repeating it, in any argument position', async () => {
    const token = `cfut_${'Zq7'.repeat(14)}`;
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'bare-token-')) };
    for (const argv of [['enumerate', 'cloudflare', token], ['enumerate', 'cloudflare', '--org', 'acme-corp', token], ['settings', 'set', 'ALPHASWARM_ADMIN_AWS_PROFILE', token], ['health', `--org=${token}`]]) {
      const r = await cli(argv, env, clock);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).not.toContain(token.slice(5, 25));
      expect(r.stderr).toMatch(/looks like a token/);
    }
  });
});

describe('24.17 a full disk is one clear sentence', () => {
  let h: Harness;
  afterEach(() => h.close());
  it('an IPC call on a full database answers with what to do, not a raw SQLite error', async () => {
    h = await createHarness();
    // SQLite's own "database or disk is full": no more pages may be added to this connection's file.
    const pages = h.services.db.pragma('page_count', { simple: true }) as number;
    h.services.db.pragma(`max_page_count = ${pages}`);
    let full = await h.call(ipc.orgs.add, { orgId: 'org-first', displayName: 'G'.repeat(100) });
    for (let i = 0; i < 5000 && full.ok; i++) full = await h.call(ipc.orgs.add, { orgId: `org-${i}-${'x'.repeat(40)}`, displayName: 'G'.repeat(100) });
    expect(full).toMatchObject({ ok: false, error: { code: 'config_invalid', message: "The disk holding the app's data folder is full, so nothing was changed.", hint: 'Free some space on that disk, then retry.' } });
    expect(exitCodeFor((full as { error: ErrorData }).error)).toBe(2);
  });
});

describe('24.18 batch-bootstrap --orgs has a size cap', () => {
  it('a 5 MB org list is refused at the limit, having read no more', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgs-cap-'));
    writeFileSync(join(dir, 'orgs.txt'), 'acme-corp\n'.repeat(520_000));
    const r = await cli(['batch-bootstrap', '--orgs', join(dir, 'orgs.txt'), '--out', join(dir, 'out')], { ALPHASWARM_ADMIN_DATA_DIR: dir }, new TestClock());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/larger than any org list \(more than 4194304 bytes\); nothing more was read/);
  });
});

describe('24.21 GCP project ids follow Google’s rules', () => {
  it.each(['my-google-project', 'null-project', 'undefined-app', 'ssl-certs-prod', 'example.com:google-x'])('%s is refused (a restricted string)', (id) => {
    expect(projectIdProblem(id)).toMatch(/Google refuses ids containing/);
  });
  it.each(['example.com:my-project', 'corp.example.co.uk:prod-data-1', 'my-project-123'])('%s is accepted', (id) => {
    expect(projectIdProblem(id)).toBeUndefined();
  });
  it.each(['example.com:', ':my-project', 'Example.com:my-project', 'example.com:My-Project', 'a:b:c', 'example.com:my-project-'])('%s is refused', (id) => {
    expect(projectIdProblem(id)).toBeDefined();
  });
});
