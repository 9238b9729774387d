import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { listen } from '../fakes/common/http.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, type Harness, PARTNER_ACCOUNT, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';

const ORG = 'acme-corp';
const ROLE_NAME = 'alphaswarm-broker-acme-corp';
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');
const target = { cloud: 'aws' as const, orgId: ORG, roleArn: ROLE_ARN };


describe('AWS failures, each explained', () => {
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
    fake.latencyMs = 0;
    fake.disabledStsRegions.clear();
    h = await createHarness({ env: awsEnv(fake, session) });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const role = (overrides: Parameters<AwsFake['addRole']>[0] extends infer T ? Partial<T> : never = {}) =>
    fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], ...overrides });


  describe('AccessDenied reads the same for three causes, so the message covers all three', () => {
    it.each([
      ['no such role', () => undefined],
      ['a trust policy without AlphaSwarm', () => role({ trustedAccountId: null })],
      ['a trust policy naming another account', () => role({ trustedAccountId: '999988887777' })],
      ['a wrong external id', () => role({ externalIds: ['0'.repeat(64)] })],
    ])('%s', async (_name, arrange) => {
      arrange();
      const e = await h.fails(ipc.cloud.validateIdentity, target);
      expect(e.code).toBe('cloud_denied');
      expect(e.message).toContain(`(1) the role exists in account ${CUSTOMER_ACCOUNT}`);
      expect(e.message).toContain(`arn:aws:iam::${PARTNER_ACCOUNT}:root`);
      expect(e.message).toContain(EXTERNAL_ID);
      expect(e.details).toMatchObject({ expectedPrincipal: `arn:aws:iam::${PARTNER_ACCOUNT}:root`, expectedExternalId: EXTERNAL_ID, roleArn: ROLE_ARN });
      expect(e.hint).toContain('trust_policy.json');
    });
  });

  it('RegionDisabledException names the region and how the account admin activates it', async () => {
    role();
    fake.disableStsRegion(CUSTOMER_ACCOUNT, 'eu-south-1');
    const e = await h.fails(ipc.cloud.validateIdentity, { ...target, region: 'eu-south-1' });
    expect(e).toMatchObject({ code: 'cloud_denied', message: `STS is not activated in eu-south-1 for account ${CUSTOMER_ACCOUNT}.` });
    expect(e.hint).toMatch(/Security Token Service \(STS\) → eu-south-1 → Activate/);
  });

  it('ValidationError points at the ARN field', async () => {
    fake.failNext({ action: 'AssumeRole', kind: 'error', code: 'ValidationError', message: "1 validation error detected: Value at 'roleArn' failed to satisfy constraint" });
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'bad_request', field: 'roleArn' });
  });

  it('InvalidParameterValue says the role probably does not exist as pasted', async () => {
    fake.failNext({ action: 'AssumeRole', kind: 'error', code: 'InvalidParameterValue', message: 'Value for roleArn is invalid.' });
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.code).toBe('cloud_denied');
    expect(e.hint).toMatch(/role does not exist as pasted/);
  });

  it('an engineer session AWS does not know asks to sign in again', async () => {
    h.close();
    h = await createHarness({ env: { ...awsEnv(fake, session), AWS_ACCESS_KEY_ID: 'ASIAUNKNOWNUNKNOWN00', ALPHASWARM_ADMIN_AWS_PROFILE: 'alphaswarm-partner' } });
    await h.stepUp(ORG);
    role();
    // With a profile set, the SDK chain looks for that profile: none exists here.
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.code).toBe('config_missing');
    expect(e.hint).toContain('aws sso login --profile alphaswarm-partner');
  });

  it('InvalidClientTokenId and ExpiredToken ask to sign in again', async () => {
    role();
    fake.failNext({ action: 'AssumeRole', kind: 'error', status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' });
    expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ code: 'cloud_denied', hint: expect.stringMatching(/aws sso login/) });
    fake.failNext({ action: 'AssumeRole', kind: 'error', status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' });
    expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/expired/) });
  });

  it('an endpoint that refuses connections is "unreachable", naming the setting', async () => {
    const dead = await listen(() => undefined);
    await dead.close();
    h.close();
    h = await createHarness({ env: { ...awsEnv(fake, session), ALPHASWARM_ADMIN_AWS_STS_ENDPOINT: dead.url } });
    await h.stepUp(ORG);
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'cloud_unreachable' });
    expect(e.hint).toContain('ALPHASWARM_ADMIN_AWS_STS_ENDPOINT');
  });

  it('a 500 from AWS is AWS-side and retryable', async () => {
    role();
    fake.failNext({ action: 'AssumeRole', kind: 'http500' });
    fake.failNext({ action: 'AssumeRole', kind: 'http500' });
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'cloud_error', message: expect.stringMatching(/internal error \(HTTP 500/) });
  });

  it('malformed XML is reported as a non-AWS answer', async () => {
    role();
    fake.failNext({ action: 'AssumeRole', kind: 'malformed' });
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e.code).toBe('cloud_error');
    expect(e.hint).toContain('ALPHASWARM_ADMIN_AWS_STS_ENDPOINT');
  });

  it('a hung endpoint times out instead of hanging the wizard', async () => {
    role();
    fake.failNext({ action: 'AssumeRole', kind: 'hang' });
    fake.failNext({ action: 'AssumeRole', kind: 'hang' });
    const started = Date.now();
    const e = await h.fails(ipc.cloud.validateIdentity, target);
    expect(e).toMatchObject({ code: 'cloud_unreachable', message: expect.stringMatching(/did not answer in time/) });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('an SCP deny is named as such, with no policy that could not help', async () => {
    role({ scpDenied: ['ec2:DescribeRegions'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    const p = await h.ok(ipc.cloud.validatePermissions, target);
    expect(p.allGranted).toBe(false);
    expect(p.checks.find((c) => c.name === 'ec2:DescribeRegions')).toMatchObject({ status: 'missing', cause: expect.stringMatching(/service control policy/) });
    expect(p.remediation).toEqual([]);
  });

  it('missing permissions get red badges and the exact policy that grants them', async () => {
    role({ allowedActions: ['iam:SimulatePrincipalPolicy', 'sts:GetCallerIdentity'] });
    // Tier core checks exactly AlphaSwarm's own calls.
    const core = { ...target, tier: 'core' as const };
    await h.ok(ipc.cloud.validateIdentity, core);
    const p = await h.ok(ipc.cloud.validatePermissions, core);
    expect(p.checks.filter((c) => c.status === 'missing').map((c) => c.name)).toEqual(['iam:GetRole', 'ec2:DescribeRegions']);
    const policy = JSON.parse(p.remediation[0]!.content);
    expect(policy.Statement[0].Action).toEqual(['iam:GetRole', 'ec2:DescribeRegions']);
    expect(p.remediation[1]!.content).toContain(`aws iam put-role-policy --role-name ${ROLE_NAME}`);
    // And it may not be saved.
    expect(await h.fails(ipc.cloud.connect, core)).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/missing permissions/) });
    const audit = h.services.audit.list({ limit: 10, step: 'permissions' }).rows[0]!;
    expect(audit).toMatchObject({ outcome: 'failed', detail: { missing: ['iam:GetRole', 'ec2:DescribeRegions'] } });
  });

  it('a role that may not simulate its own policy says which action to add', async () => {
    role({ allowedActions: ['ec2:Describe*'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    expect(await h.fails(ipc.cloud.validatePermissions, target)).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/iam:SimulatePrincipalPolicy/) });
  });

  it('a role that may not list regions says so at step 4*', async () => {
    role({ allowedActions: ['iam:*'] });
    await h.ok(ipc.cloud.validateIdentity, target);
    expect(await h.fails(ipc.cloud.enumerate, target)).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/ec2:DescribeRegions/) });
  });

  it('saves nothing before identity and permissions pass for these exact values', async () => {
    role();
    expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'precondition_failed' });
    await h.ok(ipc.cloud.validateIdentity, target);
    expect(await h.fails(ipc.cloud.connect, target)).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/permissions have not been checked/) });
    await h.ok(ipc.cloud.validatePermissions, target);
    // Another region is another target: proven values only.
    expect(await h.fails(ipc.cloud.connect, { ...target, region: 'eu-west-1' })).toMatchObject({ code: 'precondition_failed' });
    expect(h.services.integrations.list()).toEqual([]);
    await h.ok(ipc.cloud.connect, target);
    expect(h.services.integrations.list()).toHaveLength(1);
  });

  it('refuses bad input before any cloud call, changing nothing', async () => {
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, roleArn: 'arn:aws:iam::12:role/x' })).toMatchObject({ code: 'bad_request', field: 'roleArn' });
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, orgId: '../../etc' })).toMatchObject({ code: 'bad_request', field: 'orgId' });
    expect(await h.sendMalformed(ipc.cloud.validateIdentity, { ...target, extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, region: 'mars-1' })).toMatchObject({ code: 'bad_request', field: 'region' });
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, roleArn: 'arn:aws-cn:iam::123456789012:role/x', partition: 'aws-cn', region: 'us-east-1' })).toMatchObject({ code: 'bad_request', field: 'region' });
    expect(fake.requests).toEqual([]);
  });

  it('without step-up nothing reaches the cloud', async () => {
    role();
    h.clock.advance(10 * 60_000); // past the window
    expect(await h.fails(ipc.cloud.validateIdentity, target)).toMatchObject({ code: 'step_up_required' });
    expect(await h.fails(ipc.cloud.validateIdentity, { ...target, orgId: 'other-org' })).toMatchObject({ code: 'step_up_required' });
    expect(fake.requests).toEqual([]);
  });

  it('bootstrap without the partner account or key names the variable', async () => {
    h.close();
    h = await createHarness({ env: { ...awsEnv(fake, session), ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'aws', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID' } });
    h.close();
    h = await createHarness({ env: { ...awsEnv(fake, session), ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: '' } });
    expect(await h.fails(ipc.cloud.bootstrap, { cloud: 'aws', orgId: ORG })).toMatchObject({ code: 'config_missing', details: { variable: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET' } });
  });
});
