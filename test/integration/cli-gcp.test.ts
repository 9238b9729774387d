import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ID, PROJECT_NUMBER, type GcpWorld, resetGcp, startGcpWorld } from '../support/gcp-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';

describe('CLI: GCP', () => {
  let world: GcpWorld;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    world = await startGcpWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(() => {
    resetGcp(world);
    clock = new TestClock();
    world.fake.now = () => clock.now();
    env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-gcp-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000' };
  });

  it('bootstrap gcp shows the short pool id for the platform tenant and takes the pool-wide option', async () => {
    const r = await cli(['bootstrap', 'gcp', '--org', '__platform__', '--project-number', PROJECT_NUMBER, '--member-scope', 'pool', '--json'], env, clock);
    expect(r.code).toBe(0);
    const out = r.json<{ poolId: string; member: string }>();
    expect(out.poolId).toMatch(/^alphaswarm-platform-[0-9a-f]{8}$/);
    expect(out.member).toMatch(/^principalSet:\/\/.*\/\*$/);
    const bad = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--member-scope', 'everyone'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--member-scope/);
  });

  it('bootstrap gcp --organization / --folder: the read roles at the parent; bad numbers refused with exit 2', async () => {
    const org = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--organization', '123456789012', '--project-id', PROJECT_ID, '--project-number', PROJECT_NUMBER, '--json'], env, clock);
    expect(org.stderr).toBe('');
    expect(org.code).toBe(0);
    const out = org.json<{ artifacts: { filename: string; content: string }[]; notes: { text: string }[] }>();
    expect(out.artifacts.find((a) => a.filename === 'grant-organization-access.sh')!.content).toMatch(/^gcloud organizations add-iam-policy-binding 123456789012 /m);
    expect(out.notes.map((n) => n.text).join('\n')).toContain(`connect gcp --org acme-corp --organization 123456789012 --project-id ${PROJECT_ID} --project-number ${PROJECT_NUMBER} --discover`);
    const folder = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--folder', 'folders/3589215982'], env, clock);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toContain('gcloud resource-manager folders add-iam-policy-binding 3589215982 ');
    const named = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--folder', 'Engineering'], env, clock);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/--folder: A folder id is a number/);
    const both = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--folder', '1', '--organization', '2'], env, clock);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    const core = await cli(['bootstrap', 'gcp', '--org', 'acme-corp', '--folder', '3589215982', '--tier', 'core'], env, clock);
    expect(core.code).toBe(2);
    expect(core.stderr).toMatch(/cannot be granted at a folder/);
  });

  it('connect gcp, then list', async () => {
    world.setUpCustomer('acme-corp');
    const { code } = await enrolMfaWithCli(env, clock);
    const r = await cli(['connect', 'gcp', '--org', 'acme-corp', '--project-id', PROJECT_ID, '--project-number', PROJECT_NUMBER, '--otp', await code()], env, clock);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await cli(['list'], env, clock)).stdout).toMatch(new RegExp(`acme-corp \\(1 connection\\)\\n  Google Cloud +${PROJECT_ID} +connected +primary`));
    const swapped = await cli(['validate-identity', 'gcp', '--org', 'acme-corp', '--project-id', PROJECT_NUMBER, '--project-number', PROJECT_ID, '--otp', await code()], env, clock);
    expect(swapped.code).toBe(2);
    expect(swapped.stderr).toMatch(/--project-id: "483920174562" is a project number/);
  });
});
