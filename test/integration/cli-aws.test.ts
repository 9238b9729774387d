import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeAt } from '../../main/mfa/totp.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, spawnCli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';

const ORG = 'acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/alphaswarm-broker-acme-corp`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

describe('CLI: AWS from bootstrap to list', () => {
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
    fake.requests.length = 0;
    clock = new TestClock();
    env = {
      ...awsEnv(fake, session),
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    };
  });

  it('bootstrap aws --json has the documented fields, offline', async () => {
    const r = await cli(['bootstrap', 'aws', '--org', ORG, '--json'], { ...env, ALPHASWARM_ADMIN_AWS_STS_ENDPOINT: 'http://127.0.0.1:9' }, clock);
    expect(r.code).toBe(0);
    const out = r.json<{ orgId: string; externalId: string; roleName: string; trustPolicy: { Statement: { Principal: { AWS: string } }[] } }>();
    expect(out).toMatchObject({ orgId: ORG, externalId: EXTERNAL_ID, roleName: 'alphaswarm-broker-acme-corp' });
    expect(out.trustPolicy.Statement[0]!.Principal.AWS).toBe(`arn:aws:iam::${PARTNER_ACCOUNT}:root`);
    expect(fake.requests).toEqual([]);
  });

  it('bootstrap --out writes every artifact as a file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'out-')), 'acme');
    const r = await cli(['bootstrap', 'aws', '--org', ORG, '--out', dir], env, clock);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['alphaswarm-broker-role.yaml', 'attach-policy.sh', 'baseline_policy.json', 'create-role.sh', 'main.tf', 'stackset.sh', 'trust_policy.json']);
    expect(JSON.parse(readFileSync(join(dir, 'trust_policy.json'), 'utf8')).Statement[0].Condition.StringEquals['sts:ExternalId']).toBe(EXTERNAL_ID);
  });

  it('exit 2 for bad input or configuration, naming what is wrong', async () => {
    const noAccount = await cli(['bootstrap', 'aws', '--org', ORG], { ...env, ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '' }, clock);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain("AlphaSwarm's AWS partner account id is not set");
    expect(noAccount.stderr).toContain('variable: ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID');
    const badOrg = await cli(['bootstrap', 'aws', '--org', 'Acme Corp'], env, clock);
    expect(badOrg.code).toBe(2);
    expect(badOrg.stderr).toMatch(/--org: The org id/);
    const unknownFlag = await cli(['bootstrap', 'aws', '--org', ORG, '--force'], env, clock);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--force'/);
    const badArn = await cli(['validate-identity', 'aws', '--org', ORG, '--role-arn', 'arn:aws:iam::1:role/x', '--otp', '123456'], env, clock);
    expect(badArn.code).toBe(2);
    const noCloud = await cli(['bootstrap', '--org', ORG], env, clock);
    expect(noCloud.code).toBe(2);
    expect((await cli(['frobnicate'], env, clock)).code).toBe(2);
  });

  it('walks enrol → connect → list → disconnect, with exit codes and JSON', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    const enrol = await cli(['mfa', 'enroll', '--json'], env, clock);
    expect(enrol.code).toBe(0);
    const seed = new URL(enrol.json<{ otpauthUri: string }>().otpauthUri).searchParams.get('secret')!;
    const code = async () => {
      clock.advance(30_000);
      return codeAt(seed, clock.now() / 1000);
    };
    expect((await cli(['mfa', 'confirm', '--otp', await code()], env, clock)).code).toBe(0);
    expect((await cli(['mfa', 'status', '--json'], env, clock)).json()).toMatchObject({ enrolled: true });

    const noOtp = await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN], env, clock);
    expect(noOtp.code).toBe(2);
    expect(noOtp.stderr).toContain('--otp');

    const connected = await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await code(), '--json'], env, clock);
    expect(connected.code).toBe(0);
    expect(connected.json()).toMatchObject({ identity: { accountId: CUSTOMER_ACCOUNT }, permissions: { allGranted: true }, connection: { credentialKey: 'CredentialKey("cloud_aws", "org:acme-corp")' } });
    expect(fake.requests.map((r) => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity', 'SimulatePrincipalPolicy', 'DescribeRegions']);

    const list = await cli(['list', '--json'], env, clock);
    expect(list.json<{ connections: { record: Record<string, string> }[] }>().connections[0]!.record).toEqual({
      role_arn: ROLE_ARN,
      external_id: EXTERNAL_ID,
      region: 'us-east-1',
      account_id: CUSTOMER_ACCOUNT,
      partition: 'aws',
      role_id: expect.stringMatching(/^AROA/),
    });
    expect((await cli(['list'], env, clock)).stdout).toMatch(new RegExp(`acme-corp \\(1 connection\\)\\n  AWS +${CUSTOMER_ACCOUNT} +connected +primary +not yet sent to the platform`));

    const gone = await cli(['disconnect', 'aws', '--org', ORG, '--otp', await code()], env, clock);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('aws iam delete-role --role-name alphaswarm-broker-acme-corp');
    expect((await cli(['list', '--json'], env, clock)).json()).toEqual({ connections: [] });

    const verify = await cli(['audit', 'verify', '--json'], env, clock);
    expect(verify.code).toBe(0);
    expect(verify.json()).toMatchObject({ ok: true });
    const exported = await cli(['audit', 'export'], env, clock);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ type: 'head', ok: true });
    expect(lines.filter((l) => l.step === 'connect').map((l) => l.outcome)).toEqual(['pending', 'succeeded']);
  });

  it('Ctrl-C during a step closes the request on the wire and exits 130, saying nothing was changed', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    const { code } = await enrolMfaWithCli(env, clock);
    const otp = await code();
    // The fake holds AssumeRole until the client hangs up (or a minute passes).
    fake.latencyMs = 60_000;
    const abandoned = fake.abandoned;
    const interrupt = new AbortController();
    try {
      const running = cli(['validate-identity', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', otp, '--json'], env, clock, '', interrupt.signal);
      await expect.poll(() => fake.held, { timeout: 30_000 }).toBe(1);
      interrupt.abort();
      const r = await running;
      expect(r.code).toBe(130);
      expect(r.json()).toMatchObject({ error: { code: 'cancelled', message: 'The call was cancelled before the cloud answered; nothing was changed.' } });
      await expect.poll(() => fake.abandoned - abandoned, { timeout: 30_000 }).toBe(1);
    } finally {
      fake.latencyMs = 0;
    }
  });

  it('exit 1 when the cloud says no', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: 'alphaswarm-broker-acme-corp', trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], allowedActions: ['iam:Simulate*'] });
    const { code } = await enrolMfaWithCli(env, clock);
    const perms = await cli(['validate-permissions', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await code()], env, clock);
    expect(perms.code).toBe(1);
    expect(perms.stdout).toContain('✗ Missing required  iam:GetRole');
    const denied = await cli(['validate-identity', 'aws', '--org', 'other-org', '--role-arn', ROLE_ARN, '--otp', await code(), '--json'], env, clock);
    expect(denied.code).toBe(1);
    expect(denied.json()).toMatchObject({ error: { code: 'cloud_denied' } });
  });

  it('the installed executable runs as a user would run it', async () => {
    const r = await spawnCli(['bootstrap', 'aws', '--org', ORG, '--json'], { ...process.env, ...env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ externalId: EXTERNAL_ID });
    const help = await spawnCli(['help'], { ...process.env, ...env });
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 the cloud or the platform said no');
  });
});
