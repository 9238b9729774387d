import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsFake, type FakePrincipal, READ_ONLY_ACCESS } from '../fakes/aws/aws-fake.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { CUSTOMER_ACCOUNT, EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';

const ORG = 'acme-corp';
const ROLE_NAME = `alphaswarm-broker-${ORG}`;
const ROLE_ARN = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/${ROLE_NAME}`;
const EXTERNAL_ID = createHmac('sha256', EXTERNAL_ID_SECRET).update(`aws:${ORG}`).digest('hex');
/** A read-only role narrowed below SecurityAudit: no access-analyzer or account reads. */
const NARROWED = READ_ONLY_ACCESS.filter((a) => !a.startsWith('access-analyzer:') && !a.startsWith('account:'));

describe('permission tiers, end to end through the CLI against the AWS fake', () => {
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
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tiers-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    };
    ({ code: otp } = await enrolMfaWithCli(env, clock));
  });

  const role = (allowedActions: string[]) => fake.addRole({ accountId: CUSTOMER_ACCOUNT, roleName: ROLE_NAME, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXTERNAL_ID], allowedActions });

  it('step 4 checks the chosen tier and names what is missing', async () => {
    role(NARROWED);
    const standard = await cli(['validate-permissions', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await otp(), '--json'], env, clock);
    expect(standard.code, standard.stderr).toBe(0);
    expect(standard.json()).toMatchObject({ tier: 'standard', allGranted: true });
    const audit = await cli(['validate-permissions', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--tier', 'security-audit', '--otp', await otp(), '--json'], env, clock);
    expect(audit.code).toBe(1);
    const out = audit.json<{ tier: string; checks: { name: string; status: string }[] }>();
    expect(out.tier).toBe('security-audit');
    expect(out.checks.filter((c) => c.status === 'missing').map((c) => c.name)).toEqual(['access-analyzer:ListAnalyzers', 'account:GetAlternateContact']);
    // The simulation asked IAM for exactly the tier's actions.
    expect(fake.callCount('SimulatePrincipalPolicy')).toBe(2);
    const bad = await cli(['validate-permissions', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--tier', 'everything', '--json'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('Choose a tier: core, standard, security-audit.');
  });

  it('core: only the inline policy, and the saved row says core', async () => {
    const boot = await cli(['bootstrap', 'aws', '--org', ORG, '--tier', 'core', '--json'], env, clock);
    const b = boot.json<{ tier: string; artifacts: { id: string; content: string }[] }>();
    expect(b.tier).toBe('core');
    expect(b.artifacts.map((a) => a.id)).toContain('core-policy');
    expect(b.artifacts.map((a) => a.content).join('')).not.toContain('ReadOnlyAccess');
    const core = JSON.parse(b.artifacts.find((a) => a.id === 'core-policy')!.content) as { Statement: { Action: string[] }[] };
    role(core.Statement[0]!.Action);
    const connected = await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--tier', 'core', '--otp', await otp(), '--json'], env, clock);
    expect(connected.code, connected.stdout + connected.stderr).toBe(0);
    const listed = (await cli(['list', '--json'], env, clock)).json<{ connections: { tier: string }[] }>();
    expect(listed.connections[0]!.tier).toBe('core');
    expect((await cli(['list'], env, clock)).stdout).toContain('tier core');
  });

  it('raising a tier gives only the delta, is audited, and saving again records the new tier', async () => {
    role(NARROWED);
    expect((await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--otp', await otp()], env, clock)).code).toBe(0);
    expect((await cli(['list', '--json'], env, clock)).json<{ connections: { tier: string }[] }>().connections[0]!.tier).toBe('standard');

    fake.requests.length = 0;
    const raised = await cli(['raise-tier', 'aws', '--org', ORG, '--tier', 'security-audit', '--json'], env, clock);
    expect(raised.code, raised.stderr).toBe(0);
    const r = raised.json<{ account: string; from: string; to: string; bootstrap: { artifacts: { id: string; content: string }[] } }>();
    expect(r).toMatchObject({ account: CUSTOMER_ACCOUNT, from: 'standard', to: 'security-audit' });
    expect(r.bootstrap.artifacts.map((a) => a.id)).toEqual(['attach-policy', 'terraform']);
    expect(r.bootstrap.artifacts[0]!.content).toBe(`aws iam attach-role-policy --role-name ${ROLE_NAME} --policy-arn arn:aws:iam::aws:policy/SecurityAudit\n`);
    expect(r.bootstrap.artifacts.map((a) => a.content).join('')).not.toMatch(/ReadOnlyAccess|trust|ExternalId/);
    // Offline: no cloud call.
    expect(fake.requests).toEqual([]);
    const rows = (await cli(['audit', 'list', '--step', 'tier_raise', '--json'], env, clock)).json<{ rows: { outcome: string; cloud: string; detail: Record<string, unknown> }[] }>().rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'succeeded', cloud: 'aws', detail: { tier: 'security-audit', from: 'standard', account: CUSTOMER_ACCOUNT, artifacts: ['attach-policy.sh', 'raise-tier.tf'] } });

    // The customer applies it; saving with the new tier checks and records it.
    fake.roles.get(ROLE_ARN)!.allowedActions = [...READ_ONLY_ACCESS];
    const saved = await cli(['connect', 'aws', '--org', ORG, '--role-arn', ROLE_ARN, '--tier', 'security-audit', '--otp', await otp(), '--json'], env, clock);
    expect(saved.code, saved.stdout).toBe(0);
    expect((await cli(['list', '--json'], env, clock)).json<{ connections: { tier: string }[] }>().connections[0]!.tier).toBe('security-audit');

    // Nothing to add any more, and a lower tier is not a raise: refused, audited as failed.
    const again = await cli(['raise-tier', 'aws', '--org', ORG, '--tier', 'standard'], env, clock);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('standard is lower, so there is nothing to add');
    const none = await cli(['raise-tier', 'gcp', '--org', ORG, '--tier', 'security-audit'], env, clock);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('There is no Google Cloud connection for "acme-corp"');
  });
});
