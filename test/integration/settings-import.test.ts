import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';

describe('settings import-secret', () => {
  it('stores the external-id key encrypted; bootstrap then uses it, and the status says where it came from', async () => {
    const clock = new TestClock();
    const env = {
      ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'import-')),
      ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(),
      ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333',
    };
    const { code } = await enrolMfaWithCli(env, clock);
    expect((await cli(['bootstrap', 'aws', '--org', 'acme-corp'], env, clock)).code).toBe(2);
    const short = await cli(['settings', 'import-secret', 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', '--otp', await code()], env, clock, 'short\n');
    expect(short.code).toBe(2);
    const imported = await cli(['settings', 'import-secret', 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', '--otp', await code(), '--json'], env, clock, 'test-external-id-hmac-key-0123456789\n');
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toContain('test-external-id-hmac-key');
    const boot = await cli(['bootstrap', 'aws', '--org', 'acme-corp', '--json'], env, clock);
    expect(boot.json()).toMatchObject({ externalId: 'a4d03fc1d9a96fb40f2b0cc8ba2cbe57d3da4de2b14256c867fc4361233bf1a3' });
    const status = (await cli(['settings', 'status', '--json'], env, clock)).json<{ clouds: { cloud: string; identities: { name: string; source: string; value: string | null }[] }[] }>();
    expect(status.clouds.find((c) => c.cloud === 'aws')!.identities.find((i) => i.name === 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET')).toMatchObject({ source: 'secret store', value: null });
    const audit = (await cli(['audit', 'export'], env, clock)).stdout;
    expect(audit).toContain('"step":"secret_import"');
    expect(audit).not.toContain('test-external-id-hmac-key');
  });
});
