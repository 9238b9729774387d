import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalIdFor } from '../../main/providers/aws/external-id.js';
import type { AwsFake, FakePrincipal } from '../fakes/aws/aws-fake.js';
import { addAccount, addOu } from '../fakes/aws/organizations-tree.js';
import { awsEnv, startAwsFake } from '../support/aws-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { EXTERNAL_ID_SECRET, PARTNER_ACCOUNT } from '../support/harness.js';

const ORG = 'acme-corp';
const ROLE = 'alphaswarm-broker-acme-corp';
const EXT = externalIdFor(EXTERNAL_ID_SECRET, ORG);
const MANAGEMENT = '600000099999';
const id = (n: number) => `6000000${String(n).padStart(5, '0')}`;
const arn = (account: string) => `arn:aws:iam::${account}:role/${ROLE}`;

interface RunJson {
  total: number;
  skipped: { suspended: string[]; excluded: string[]; management: string | null };
  results: { account: string; status: string; error: { message: string } | null }[];
}
interface ScanJson {
  counts: Record<string, number>;
  entries: { id: string; state: string; reason: string | null }[];
  selectionSource: string;
}

describe('CLI: connect aws --from-organization and estate scan', () => {
  let aws: AwsFake;
  let session: FakePrincipal;
  beforeAll(async () => {
    ({ fake: aws, session } = await startAwsFake());
  });
  afterAll(async () => {
    await aws.stop();
  });

  it('connects the selected accounts (exit 0, 1 when one is refused, 2 for bad input) and scans what is new', async () => {
    const org = aws.addOrganization(MANAGEMENT, []);
    const prod = addOu(org, 'Prod').id;
    const lab = addOu(org, 'Lab').id;
    addAccount(org, { id: id(1), name: 'prod-a', parentId: prod });
    addAccount(org, { id: id(2), name: 'prod-b', parentId: prod });
    addAccount(org, { id: id(3), name: 'lab-a', parentId: lab });
    addAccount(org, { id: id(4), name: 'old', parentId: prod, status: 'SUSPENDED' });
    for (const a of [MANAGEMENT, id(1), id(2), id(3)]) aws.addRole({ accountId: a, roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    const clock = new TestClock();
    const env = { ...awsEnv(aws, session), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-estate-')) };
    const { code } = await enrolMfaWithCli(env, clock);

    // Without the management account connected, the scan says what to do first.
    const early = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'aws'], env, clock);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('Connect the organization');
    expect((await cli(['connect', 'aws', '--org', ORG, '--role-arn', arn(MANAGEMENT), '--otp', await code()], env, clock)).code).toBe(0);

    // Bad input: exit 2, nothing called, no code spent.
    const calls = aws.callCount();
    const badOu = await cli(['connect', 'aws', '--org', ORG, '--from-organization', '--exclude-ou', 'Prod', '--otp', '000000'], env, clock);
    expect(badOu.code).toBe(2);
    expect(badOu.stderr).toMatch(/OU id/);
    expect((await cli(['connect', 'aws', '--org', ORG, '--exclude-ou', lab], env, clock)).code).toBe(2);
    expect((await cli(['connect', 'aws', '--org', ORG, '--from-organization', '--role-arn', arn(id(1))], env, clock)).code).toBe(2);
    expect((await cli(['estate', 'scan', '--org', ORG, '--cloud', 'oracle'], env, clock)).code).toBe(2);
    expect(aws.callCount()).toBe(calls);
    // An OU the organization does not hold: refused after the (code-free) scan, before any code.
    // One character changed (never to itself: OU ids are random, and one in 36 ended in the letter once used here).
    const typoOu = `${lab.slice(0, -1)}${lab.endsWith('z') ? 'y' : 'z'}`;
    const typo = await cli(['connect', 'aws', '--org', ORG, '--from-organization', '--exclude-ou', typoOu, '--otp', '000000'], env, clock);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('holds no OU or account');

    // One account without its role: exit 1, that account named with why.
    aws.roles.delete(arn(id(2)));
    const run = await cli(['connect', 'aws', '--org', ORG, '--from-organization', '--exclude-ou', lab, '--otp', await code(), '--json'], env, clock);
    expect(run.code).toBe(1);
    const out = run.json<RunJson>();
    expect(out.skipped).toEqual({ suspended: [id(4)], excluded: [id(3)], management: MANAGEMENT });
    expect(out.results.map((r) => [r.account, r.status])).toEqual([
      [id(1), 'connected'],
      [id(2), 'refused'],
    ]);

    // The scan uses the saved selection, needs no code, and names what is new after the org grows.
    addAccount(org, { id: id(5), name: 'prod-c', parentId: prod });
    const scan = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'aws', '--json'], env, clock);
    expect(scan.code).toBe(0);
    const s = scan.json<ScanJson>();
    expect(s.selectionSource).toBe('saved');
    expect(s.counts).toEqual({ total: 5, connected: 1, new: 2, excluded: 1, suspended: 1 });
    expect(s.entries.filter((e) => e.state === 'new').map((e) => e.id).sort()).toEqual([id(2), id(5)]);
    const text = await cli(['estate', 'scan', '--org', ORG, '--cloud', 'aws'], env, clock);
    expect(text.stdout).toContain('5 member accounts — 1 connected, 2 new, 1 excluded, 1 suspended');
    expect(text.stdout).toContain(`+ ${id(5)}  new`);
    expect(text.stdout).toContain(`* ${MANAGEMENT}  management`);
    expect(text.stdout).toContain('Connect the new ones: alphaswarm-onboard connect aws --org acme-corp --from-organization');

    // Health says how many the last scan found still waiting, without counting them as unhealthy.
    const health = await cli(['health', '--org', ORG, '--otp', await code()], env, clock);
    expect(health.stdout).toContain(`! ${ORG}: 2 of 5 AWS Organization accounts not yet connected`);

    // Fixed: the next run (saved selection) connects everything left, and exits 0.
    aws.addRole({ accountId: id(2), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    aws.addRole({ accountId: id(5), roleName: ROLE, trustedAccountId: PARTNER_ACCOUNT, externalIds: [EXT] });
    const again = await cli(['connect', 'aws', '--org', ORG, '--from-organization', '--otp', await code()], env, clock);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('(the selection saved by the last run');
    expect(again.stdout).toContain(`management account ${MANAGEMENT} listed apart`);
    expect(again.stdout).toContain(`skipped (suspended): ${id(4)}`);
    expect(again.stdout).toMatch(/3\/3 AWS accounts? connected/);
  });
});
