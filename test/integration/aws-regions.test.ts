import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

describe('a region allow-list: saved with the connection, and DescribeRegions is never called', () => {
  let fake: AwsFake;
  let session: FakePrincipal;
  let env: Record<string, string>;
  let clock: TestClock;
  let otp: () => Promise<string>;

  beforeAll(async () => {
    ({ fake, session } = await startAwsFake());
  });
  afterAll(async () => fake.stop());
  beforeEach(async () => {
    fake.roles.clear();
    fake.requests.length = 0;
    clock = new TestClock();
    env = {
      ...awsEnv(fake, session),
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'regions-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    };
    ({ code: otp } = await enrolMfaWithCli(env, clock));
  });

  it('connect --regions skips DescribeRegions (even where an SCP denies it); health does too', async () => {
    // An SCP denies listing regions: without an allow-list, step 4 and 4* would be refused.
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], scpDenied: ['ec2:DescribeRegions'] });
    const r = await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--regions', 'eu-west-1, eu-central-1', '--otp', await otp(), '--json'], env, clock);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      permissions: { allGranted: true },
      enumeration: { regions: [{ name: 'eu-central-1', endpoint: 'ec2.eu-central-1.amazonaws.com', optInStatus: 'allow-listed' }, { name: 'eu-west-1' }] },
    });
    expect(fake.callCount('DescribeRegions')).toBe(0);
    const listed = (await cli(['list', '--json'], env, clock)).json<{ connections: { record: Record<string, string> }[] }>();
    expect(listed.connections[0]!.record.regions).toBe('eu-west-1,eu-central-1');

    fake.requests.length = 0;
    const health = await cli(['health', '--org', ORG, '--otp', await otp(), '--json'], env, clock);
    expect(health.json()).toMatchObject({ unhealthy: 0 });
    expect(fake.callCount('DescribeRegions')).toBe(0);
    expect(fake.callCount('SimulatePrincipalPolicy')).toBe(1);
  });

  it('without an allow-list DescribeRegions is called once; a region outside the partition is refused before any call', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    expect((await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await otp()], env, clock)).code).toBe(0);
    expect(fake.callCount('DescribeRegions')).toBe(1);
    fake.requests.length = 0;
    const bad = await cli(['validate-identity', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--regions', 'eu-west-1,cn-north-1', '--otp', await otp(), '--json'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ error: { code: 'bad_request', field: 'regions', message: expect.stringContaining('cn-north-1') } });
    const twice = await cli(['validate-identity', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--regions', 'eu-west-1,eu-west-1', '--json'], env, clock);
    expect(twice.code).toBe(2);
    expect(twice.stdout).toContain('A region is named twice.');
    expect(fake.requests).toEqual([]);
  });
});
