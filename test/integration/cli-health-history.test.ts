import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.js';
import { HealthHistoryStore } from '../../main/health/health-history-store.js';
import type { HealthDiff, HealthRunRecord } from '../../shared/domain/health-history.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';

const ORG = 'acme-corp';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

/** Issue 21's "done means": a narrowed policy turning a connection degraded, with a history diff — through the CLI. */
describe('health history through the CLI', () => {
  let fake: AwsFake;
  let session: FakePrincipal;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    ({ fake, session } = await startAwsFake());
  });
  afterAll(async () => fake.stop());
  beforeEach(() => {
    fake.roles.clear();
    clock = new TestClock();
    env = {
      ...awsEnv(fake, session),
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'health-history-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    };
  });

  it('a policy narrowed by an SCP turns the connection degraded; history lists both runs and the diff with the fix', async () => {
    const { code: otp } = await enrolMfaWithCli(env, clock);
    const role = fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    expect((await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await otp()], env, clock)).code).toBe(0);
    expect((await cli(['health', '--org', ORG, '--otp', await otp()], env, clock)).code).toBe(0);

    role.scpDenied = ['s3:ListAllMyBuckets'];
    clock.advance(60_000);
    const narrowed = await cli(['health', '--org', ORG, '--otp', await otp()], env, clock);
    expect(narrowed.code).toBe(1);
    expect(narrowed.stdout).toContain(`✗ acme-corp\taws\t${CUSTOMER_ACCOUNT}\tdegraded\tLost since connected, needed by the standard tier: s3:ListAllMyBuckets`);

    const text = await cli(['health', 'history', '--org', ORG], env, clock);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^aws \d{12} \(tier standard\): 2 runs kept, last checked \S+\n/);
    expect(text.stdout).toContain('✗ degraded  Lost since connected');
    expect(text.stdout).toContain(
      [
        '      changed since #1 (connected → degraded):',
        '        Policy action s3:ListAllMyBuckets',
        `          expected: allowed to ${ROLE_NAME}`,
        '          was:      granted',
        '          now:      missing — Denied by an AWS Organizations service control policy (SCP) on this account or its OU.',
        "          fix:      Who can fix it: the management account's admin, by allowing s3:ListAllMyBuckets in the SCP; a role policy cannot override an SCP.",
      ].join('\n'),
    );

    const json = await cli(['health', 'history', '--org', ORG, '--connection', `aws:${CUSTOMER_ACCOUNT}`, '--json'], env, clock);
    const out = json.json<{ runs: HealthRunRecord[]; diffs: HealthDiff[]; connections: { due: boolean; lastCheckedAt: string }[] }>();
    expect(out.runs.map((r) => r.status)).toEqual(['degraded', 'connected']);
    expect(out.diffs).toEqual([expect.objectContaining({ fromId: 1, toId: 2, changes: [expect.objectContaining({ name: 's3:ListAllMyBuckets', before: 'granted', after: 'missing' })] })]);
    expect(out.connections).toEqual([expect.objectContaining({ due: false })]);

    // Eight days later, with no re-check, the connection is due: from the clock alone, no cloud call.
    clock.advance(8 * 24 * 60 * 60 * 1000);
    const calls = fake.requests.length;
    const later = await cli(['health', 'history', '--org', ORG, '--connection', CUSTOMER_ACCOUNT], env, clock);
    expect(later.stdout).toContain('due for re-check (over 7 days)');
    expect(fake.requests.length).toBe(calls);
  });

  it('bad input exits 2 before anything is read', async () => {
    const cases: [string[], string][] = [
      [['health', 'history'], 'health history needs --org <id>.'],
      [['health', 'history', '--org', 'Not An Org!'], '--org: The org id'],
      [['health', 'history', '--org', ORG, '--limit', 'lots'], '--limit is a whole number from 1 to 200.'],
      [['health', 'history', '--org', ORG, '--limit', '500'], 'limit'],
      [['health', 'history', '--org', ORG, '--connection', 'aws:12 34'], 'A connection is named by its account'],
      [['health', 'history', '--org', ORG, '--cloud', 'aws'], '--connection <cloud>:<account>'],
      [['health', 'history', '--all'], 'health history needs --org <id>.'],
      [['health', 'histories', '--org', ORG], 'Unexpected argument'],
      [['health', '--org', ORG, '--connection', 'aws:1'], '--connection and --limit go with health history.'],
    ];
    for (const [argv, said] of cases) {
      const r = await cli(argv, env, clock);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout + r.stderr, argv.join(' ')).toContain(said);
    }
  });

  it("a cloud's hostile strings are data: no terminal control, no forged line, and JSON escapes them", async () => {
    const db = openDatabase(env.ALPHASWARM_ADMIN_DATA_DIR!, { synchronous: 'NORMAL' });
    const hostile = 'Reader\u001b[2J\u001b]0;pwned\u0007\n✓ connected all good\u202egnp.exe';
    const kept = new HealthHistoryStore(db);
    const base = { orgId: ORG, cloud: 'azure', account: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', credentialKey: 'cloud_azure:org:acme-corp', tier: 'standard', reason: null };
    kept.record({ ...base, checkedAt: '2026-01-01T00:00:00.000Z', status: 'connected', findings: [{ kind: 'role_assignment', name: hostile, expected: 'assigned', actual: 'granted', ok: true, cause: null, fix: null }] }, clock.now());
    kept.record(
      { ...base, checkedAt: '2026-01-02T00:00:00.000Z', status: 'degraded', reason: `Lost: ${hostile}`, findings: [{ kind: 'role_assignment', name: hostile, expected: 'assigned', actual: 'missing', ok: false, cause: hostile, fix: hostile }] },
      clock.now(),
    );
    db.close();
    const text = await cli(['health', 'history', '--org', ORG], env, clock);
    expect(text.code).toBe(0);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text.stdout.split('\n').some((line) => line.startsWith('✓ connected'))).toBe(false);
    expect(text.stdout).toContain('disconnected');
    const json = await cli(['health', 'history', '--org', ORG, '--json'], env, clock);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(json.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(json.stdout).toContain('\\u001b[2J');
    expect(json.json<{ runs: HealthRunRecord[] }>().runs[0]!.findings[0]!.name).toBe(hostile);
  });
});
