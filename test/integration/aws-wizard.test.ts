import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { forCloud, ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE_NAME = 'alphaswarm-broker-acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');

describe('AWS through all five steps, against the AWS fake', () => {
  let fake: AwsFake;
  let session: FakePrincipal;
  let h: Harness;

  beforeAll(async () => {
    ({ fake, session } = await startAwsFake());
  });
  afterAll(async () => fake.stop());
  beforeEach(async () => {
    fake.roles.clear();
    fake.requests.length = 0;
    h?.close();
    h = await createHarness({ env: awsEnv(fake, session) });
    await h.ok(ipc.orgs.add, { orgId: ORG, displayName: 'Acme Corp' });
  });

  const target = { cloud: 'aws' as const, orgId: ORG, roleArn: ROLE_ARN };

  it('connects with exactly four control-plane calls and saves the record', async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    const boot = forCloud(await h.ok(ipc.cloud.bootstrap, { cloud: 'aws', orgId: ORG }), 'aws');
    expect(boot.externalId).toBe(EXTERNAL_ID);
    await h.stepUp(ORG);
    const identity = forCloud(await h.ok(ipc.cloud.validateIdentity, target), 'aws');
    expect(identity.accountId).toBe(CUSTOMER_ACCOUNT);
    const perms = await h.ok(ipc.cloud.validatePermissions, target);
    expect(perms.allGranted).toBe(true);
    const regions = forCloud(await h.ok(ipc.cloud.enumerate, target), 'aws');
    expect(regions.regions.map((r) => r.name)).toContain('eu-west-1');
    const saved = await h.ok(ipc.cloud.connect, target);
    // The role's unique id rides along, so a deleted and re-created role is spotted as drift.
    expect(saved.connection.record).toEqual({ role_arn: ROLE_ARN, external_id: EXTERNAL_ID, region: 'us-east-1', account_id: CUSTOMER_ACCOUNT, partition: 'aws', role_id: expect.stringMatching(/^AROA[A-Z2-7]{17}$/) });
    expect(fake.requests.map((r) => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity', 'SimulatePrincipalPolicy', 'DescribeRegions']);
  });

  it("takes just the 12-digit account id: the role is the org's own, named by main", async () => {
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID] });
    await h.stepUp(ORG);
    const byAccount = { cloud: 'aws' as const, orgId: ORG, roleArn: ` ${CUSTOMER_ACCOUNT} ` };
    const identity = forCloud(await h.ok(ipc.cloud.validateIdentity, byAccount), 'aws');
    expect(identity.roleArn).toBe(ROLE_ARN);
    await h.ok(ipc.cloud.validatePermissions, byAccount);
    const saved = await h.ok(ipc.cloud.connect, byAccount);
    expect(saved.connection.record.role_arn).toBe(ROLE_ARN);
    // Anything else still has to be a role ARN, and the message says the short form exists.
    const wrong = await h.fails(ipc.cloud.validateIdentity, { ...byAccount, roleArn: '12345678901' });
    expect(wrong).toMatchObject({ code: 'bad_request', message: expect.stringContaining('12-digit account id') });
  });
});
