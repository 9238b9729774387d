import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';

const ORG = 'acme-gov';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const GOV_PARTNER = '222233334444';
const GOV_ARN = `arn:aws-us-gov:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const CN_ARN = `arn:aws-cn:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

describe('AWS partitions: a GovCloud connection end to end, other partitions refused before any call', () => {
  let fake: AwsFake;
  let commercial: FakePrincipal;
  let gov: FakePrincipal;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    ({ fake, session: commercial } = await startAwsFake());
    gov = fake.addPartnerSession(GOV_PARTNER, 'gov-engineer', 'aws-us-gov');
  });
  afterAll(async () => fake.stop());
  beforeEach(() => {
    fake.roles.clear();
    fake.requests.length = 0;
    clock = new TestClock();
    env = {
      ...awsEnv(fake, commercial),
      ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_US_GOV: GOV_PARTNER,
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'partition-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    };
  });

  it('bootstrap --partition aws-us-gov: the trust principal, policy ARNs, console host and Terraform follow the partition', async () => {
    const r = await cli(['bootstrap', 'aws', '--org', ORG, '--partition', 'aws-us-gov', '--json'], { ...env, ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL: 'https://alphaswarm-public.s3.us-gov-west-1.amazonaws.com/alphaswarm-broker-role.yaml' }, clock);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json<{ partition: string; partnerPrincipal: string; quickCreateUrl: string; artifacts: { id: string; content: string }[] }>();
    expect(out.partition).toBe('aws-us-gov');
    expect(out.partnerPrincipal).toBe(`arn:aws-us-gov:iam::${GOV_PARTNER}:root`);
    expect(out.quickCreateUrl).toMatch(/^https:\/\/console\.amazonaws-us-gov\.com\/cloudformation\/home\?region=us-gov-west-1#/);
    const byId = Object.fromEntries(out.artifacts.map((a) => [a.id, a.content]));
    expect(JSON.parse(byId['trust-policy']!).Statement[0].Principal.AWS).toBe(`arn:aws-us-gov:iam::${GOV_PARTNER}:root`);
    expect(byId['attach-policy']).toContain('--policy-arn arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess');
    expect(byId['terraform']).toContain('data "aws_partition" "current" {}');
    expect(byId['terraform']).toContain(`"AWS": "arn:\${data.aws_partition.current.partition}:iam::${GOV_PARTNER}:root"`);
    expect(byId['terraform']).toContain('condition     = data.aws_partition.current.partition == "aws-us-gov"');
    expect(byId['cloudformation-template']).toContain('!Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"');
    expect(byId['stackset-commands']).toContain('--regions us-gov-west-1');
    // Offline: nothing reached any endpoint.
    expect(fake.requests).toEqual([]);
  });

  it('a partition without a partner account exits 2 naming its setting, before any call', async () => {
    const r = await cli(['bootstrap', 'aws', '--org', ORG, '--partition', 'aws-cn'], env, clock);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("AlphaSwarm's AWS partner account id in AWS China (aws-cn) is not set");
    expect(r.stderr).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_CN');
    const bad = await cli(['bootstrap', 'aws', '--org', ORG, '--partition', 'aws-iso'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Choose a partition: aws, aws-cn, aws-us-gov.');
    const { code } = await enrolMfaWithCli(env, clock);
    const connect = await cli(['validate-identity', 'aws', '--org', ORG, '--partition', 'aws-cn', '--role-arn', CN_ARN, '--otp', await code()], env, clock);
    expect(connect.code).toBe(2);
    expect(connect.stderr).toContain('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_CN');
    expect(fake.requests).toEqual([]);
  });

  it('an aws-cn role ARN is refused for a commercial session, naming its partition, before any call', async () => {
    const { code } = await enrolMfaWithCli(env, clock);
    const r = await cli(['validate-identity', 'aws', '--org', ORG, '--role-arn', CN_ARN, '--otp', await code(), '--json'], env, clock);
    expect(r.code).toBe(2);
    const { error } = r.json<{ error: { code: string; message: string; hint: string; field: string } }>();
    expect(error).toMatchObject({ code: 'bad_request', field: 'roleArn' });
    expect(error.message).toBe('The role ARN is in the aws-cn partition (AWS China), but this connection is for aws (AWS (commercial)).');
    expect(error.hint).toContain('--partition aws-cn');
    expect(fake.requests).toEqual([]);
  });

  it('GovCloud end to end: STS in the partition, the record, list and the bundle carry the partition', async () => {
    fake.addRole({ partition: 'aws-us-gov', accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: GOV_PARTNER, externalIds: [EXTERNAL_ID] });
    // The engineer's own session is in AlphaSwarm's GovCloud partner account.
    const govEnv = { ...env, AWS_ACCESS_KEY_ID: gov.accessKeyId, AWS_SECRET_ACCESS_KEY: gov.secretAccessKey, AWS_SESSION_TOKEN: gov.sessionToken ?? '' };
    const { code } = await enrolMfaWithCli(govEnv, clock);
    const identity = await cli(['validate-identity', 'aws', '--org', ORG, '--partition', 'aws-us-gov', '--role-arn', GOV_ARN, '--otp', await code(), '--json'], govEnv, clock);
    expect(identity.code, identity.stderr).toBe(0);
    expect(identity.json()).toMatchObject({
      cloud: 'aws',
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      assumedRoleArn: expect.stringMatching(/^arn:aws-us-gov:sts::444455556666:assumed-role\//),
      // The endpoint setting points at the fake; without it, STS's GovCloud regional endpoint.
      stsEndpoint: fake.url,
    });
    // Every call was signed for the partition's regions.
    expect(fake.requests.map((q) => [q.action, q.region])).toEqual([
      ['AssumeRole', 'us-gov-west-1'],
      ['GetCallerIdentity', 'us-gov-west-1'],
    ]);

    fake.requests.length = 0;
    const connected = await cli(['connect', 'aws', '--org', ORG, '--partition', 'aws-us-gov', '--role-arn', GOV_ARN, '--otp', await code(), '--json'], govEnv, clock);
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.json()).toMatchObject({ permissions: { allGranted: true }, enumeration: { regions: [{ name: 'us-gov-east-1' }, { name: 'us-gov-west-1' }] } });
    expect(fake.requests.map((q) => q.region)).toEqual(['us-gov-west-1', 'us-gov-west-1', 'us-gov-west-1', 'us-gov-west-1']);

    const listed = (await cli(['list', '--json'], govEnv, clock)).json<{ connections: { record: Record<string, string>; label: string }[] }>();
    expect(listed.connections).toHaveLength(1);
    expect(listed.connections[0]!.record).toMatchObject({ role_arn: GOV_ARN, partition: 'aws-us-gov', region: 'us-gov-west-1', external_id: EXTERNAL_ID });

    // Health re-assumes in the partition, with the GovCloud partner account.
    fake.requests.length = 0;
    const health = await cli(['health', '--org', ORG, '--otp', await code(), '--json'], govEnv, clock);
    expect(health.code, health.stdout + health.stderr).toBe(0);
    expect(fake.requests.every((q) => q.region === 'us-gov-west-1')).toBe(true);

    const file = join(mkdtempSync(join(tmpdir(), 'gov-bundle-')), 'gov.jws');
    expect((await cli(['bundle', 'export', '--out', file, '--otp', await code()], govEnv, clock)).code).toBe(0);
    const payload = JSON.parse(Buffer.from(readFileSync(file, 'utf8').trim().split('.')[1]!, 'base64url').toString('utf8')) as { bundle: { connections: { record: Record<string, string> }[] } };
    expect(payload.bundle.connections[0]!.record.partition).toBe('aws-us-gov');

    // Disconnect's cleanup names the partition's policy ARN.
    const gone = await cli(['disconnect', 'aws', '--org', ORG, '--otp', await code()], govEnv, clock);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain('--policy-arn arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess');
  });
});
