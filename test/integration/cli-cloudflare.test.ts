import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CloudflareWorld, daysFromNow, resetCloudflare, startCloudflareWorld } from '../support/cloudflare-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';

describe('CLI: Cloudflare, the token on standard input', () => {
  let world: CloudflareWorld;
  let env: Record<string, string>;
  let clock: TestClock;
  let code: () => Promise<string>;

  beforeAll(async () => {
    world = await startCloudflareWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(async () => {
    resetCloudflare(world);
    clock = new TestClock();
    env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-cf-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000' };
    ({ code } = await enrolMfaWithCli(env, clock));
  });

  it('never takes the token as an argument, and needs --token-stdin', async () => {
    const t = world.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'] });
    const r = await cli(['connect', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token', t.value, '--otp', await code()], env, clock);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/never taken as an argument/);
    expect(r.stderr + r.stdout).not.toContain(t.value);
    expect((await cli(['connect', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--otp', await code()], env, clock)).stderr).toMatch(/--token-stdin/);
    // A value that looks like a flag (random tokens can start with "-") gets the same refusal, and is never echoed.
    for (const args of [['--token', '-Xr9q2LkVh_token'], ['--token=-Xr9q2LkVh_token'], ['--token=abc']]) {
      const dashed = await cli(['connect', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', ...args], env, clock);
      expect(dashed.code).toBe(2);
      expect(dashed.stderr).toMatch(/never taken as an argument/);
      expect(dashed.stderr + dashed.stdout).not.toContain('Xr9q2LkVh_token');
    }
  });

  it('refuses a Global API key read from stdin, naming it', async () => {
    const r = await cli(['validate-identity', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin', '--otp', await code()], env, clock, '0123456789abcdef0123456789abcdef01234\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/This is a Global API key, so it is refused/);
  });

  it('connects, lists expires_on, and health finds a revoked token', async () => {
    const t = world.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(80) });
    const r = await cli(['connect', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin', '--otp', await code()], env, clock, `${t.value}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('? Could not be verified  Zone · DNS Write');
    expect(r.stdout + r.stderr).not.toContain(t.value);
    const list = await cli(['list', '--json'], env, clock);
    expect(list.json<{ connections: { expiresOn: string; hasSecret: boolean }[] }>().connections[0]).toMatchObject({ expiresOn: t.expiresOn, hasSecret: true });
    expect(list.stdout).not.toContain(t.value);

    const healthy = await cli(['health', '--org', 'acme-corp', '--otp', await code()], env, clock);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain('1/1 healthy');

    world.fake.tokens.delete(t.value); // revoked (or rolled) in the dashboard
    const sick = await cli(['health', '--org', 'acme-corp', '--json', '--otp', await code()], env, clock);
    expect(sick.code).toBe(1);
    expect(sick.json()).toMatchObject({ unhealthy: 1, results: [{ status: 'check_failed', reason: expect.stringMatching(/rolled or revoked\. Paste the new value/) }] });
    expect((await cli(['list', '--json'], env, clock)).json()).toMatchObject({ connections: [{ status: 'check_failed' }] });
  });
});
