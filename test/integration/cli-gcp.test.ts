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
