import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE_NAME = 'alphaswarm-broker-acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');
const target = { cloud: 'aws' as const, orgId: ORG, roleArn: ROLE_ARN };

describe('AWS denials named by the policy that made them (never "attach ReadOnlyAccess" when the cause is elsewhere)', () => {
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
    h = await createHarness({ env: awsEnv(fake, session) });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const role = (overrides: Partial<Parameters<AwsFake['addRole']>[0]> = {}) =>
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], ...overrides });

  it('an SCP denying ec2:DescribeRegions is explained as an SCP, for the management account admin', async () => {
    role({ scpDenied: ['ec2:DescribeRegions'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    // Step 4: the simulation's Organizations detail names the SCP; no policy is offered for it.
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    const check = p.checks.find((c) => c.name === 'ec2:DescribeRegions')!;
    expect(check).toMatchObject({ status: 'missing', cause: expect.stringMatching(/service control policy/) });
    expect(check.remedy).toMatch(/^Who can fix it: the management account's admin/);
    expect(check.remedy).not.toMatch(/ReadOnlyAccess/);
    expect(p.remediation).toEqual([]);
    // Step 4*: EC2's own refusal says "with an explicit deny in a service control policy".
    const e = await h.fails(ipc.cloud.enumerate, target);
    expect(e).toMatchObject({ code: 'cloud_denied', details: { denial: 'scp', action: 'ec2:DescribeRegions', awsCode: 'UnauthorizedOperation' } });
    expect(e.message).toContain('service control policy (SCP) explicitly denies ec2:DescribeRegions');
    expect(e.hint).toMatch(/^Who can fix it: The management account's admin/);
    expect(`${e.message} ${e.hint}`).not.toMatch(/ReadOnlyAccess/);
  });

  it('a permissions boundary is named, with the boundary as the fix', async () => {
    role({ boundaryDenied: ['ec2:DescribeRegions', 'iam:GetRole'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.checks.filter((c) => c.status === 'missing').map((c) => c.name)).toEqual(['iam:GetRole', 'ec2:DescribeRegions']);
    for (const c of p.checks.filter((x) => x.status === 'missing')) {
      expect(c.cause).toMatch(/permissions boundary on alphaswarm-broker-acme-corp/);
      expect(c.remedy).toMatch(/^Who can fix it: the customer's IAM admin, by adding .* to the boundary policy/);
    }
    // A role policy cannot lift a boundary: no inline policy is offered.
    expect(p.remediation).toEqual([]);
    const e = await h.fails(ipc.cloud.enumerate, target);
    expect(e).toMatchObject({ code: 'cloud_denied', details: { denial: 'boundary' } });
    expect(e.hint).toContain('boundary policy of alphaswarm-broker-acme-corp');
    expect(e.hint).toContain('Attaching more policies to the role will not help.');
  });

  it('a missing Allow on the role still says what to attach', async () => {
    role({ allowedActions: ['iam:*', 'sts:GetCallerIdentity'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    const e = await h.fails(ipc.cloud.enumerate, target);
    expect(e).toMatchObject({ details: { denial: 'identity-missing' } });
    expect(e.hint).toMatch(/Attach ReadOnlyAccess/);
  });
});
