import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SUBSCRIPTION_ID, TENANT_ID, type AzureWorld, resetAzure, startAzureWorld } from '../support/azure-env.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { expectOwnerOnly } from '../support/file-access.js';
import { TestClock } from '../support/clock.js';
import { testKeychainService } from '../support/keychain.js';
import { ISSUER } from '../support/oidc.js';

describe('CLI: Azure and the OIDC issuer', () => {
  let world: AzureWorld;
  let env: Record<string, string>;
  let clock: TestClock;

  beforeAll(async () => {
    world = await startAzureWorld();
  });
  afterAll(async () => world.fake.stop());
  beforeEach(() => {
    resetAzure(world);
    clock = new TestClock();
    world.fake.now = () => clock.now();
    env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-az-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000' };
  });

  it('bootstrap azure fills in the tenant and subscription it is given', async () => {
    const r = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--tenant-id', TENANT_ID, '--subscription-id', SUBSCRIPTION_ID, '--json'], env, clock);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ subject: 'alphaswarm:org:acme-corp', consentUrl: expect.stringContaining(TENANT_ID) });
    const bad = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--tenant-id', '{nope}'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tenant-id: /);
  });

  it('bootstrap azure --management-group grants at the group; a bad id or both scopes are refused before anything', async () => {
    const r = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--tenant-id', TENANT_ID, '--management-group', 'Contoso-Prod', '--json'], env, clock);
    expect(r.code).toBe(0);
    const out = r.json<{ artifacts: { id: string; content: string }[]; notes: { text: string }[] }>();
    const grant = out.artifacts.find((a) => a.id === 'role-assignment')!;
    expect(grant.content).toContain('--scope /providers/Microsoft.Management/managementGroups/Contoso-Prod');
    expect(grant.content).not.toContain('az account set');
    expect(out.notes.map((n) => n.text).join('\n')).toContain('--management-group Contoso-Prod --discover');
    const text = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--management-group', 'Contoso-Prod'], env, clock);
    expect(text.stdout).toContain('── Grant Reader on management group Contoso-Prod (grant-role.sh) ──');
    const bad = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--management-group', 'Contoso Prod;rm'], env, clock);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--management-group: A management group id holds only letters/);
    const both = await cli(['bootstrap', 'azure', '--org', 'acme-corp', '--management-group', 'contoso', '--subscription-id', SUBSCRIPTION_ID], env, clock);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
  });

  it('connect azure, then list', async () => {
    world.setUpCustomer('acme-corp');
    const { code } = await enrolMfaWithCli(env, clock);
    const r = await cli(['connect', 'azure', '--org', 'acme-corp', '--tenant-id', TENANT_ID, '--subscription-id', SUBSCRIPTION_ID, '--otp', await code()], env, clock);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ saved under CredentialKey("cloud_azure", "org:acme-corp")');
    expect((await cli(['list'], env, clock)).stdout).toMatch(new RegExp(`acme-corp \\(1 connection\\)\\n  Azure +${SUBSCRIPTION_ID} +connected +primary`));
    const missing = await cli(['validate-identity', 'azure', '--org', 'acme-corp', '--tenant-id', TENANT_ID, '--otp', await code()], env, clock);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--subscription-id');
  });

  it('oidc keygen writes a private key for the user alone; oidc discovery publishes its public half', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'issuer-'));
    const keyFile = join(dir, 'issuer.pem');
    const gen = await cli(['oidc', 'keygen', '--out', keyFile, '--json'], env, clock);
    expect(gen.code).toBe(0);
    expectOwnerOnly(keyFile, 0o600);
    expect((await cli(['oidc', 'keygen', '--out', keyFile], env, clock)).code).toBe(2);
    const out = join(dir, 'site');
    const disc = await cli(['oidc', 'discovery', '--out', out], { ...env, ALPHASWARM_ADMIN_OIDC_SIGNING_KEY_FILE: keyFile }, clock);
    expect(disc.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(out, '.well-known', 'openid-configuration'), 'utf8'));
    expect(doc).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}jwks.json` });
    const keys = JSON.parse(readFileSync(join(out, 'jwks.json'), 'utf8')).keys;
    expect(keys[0]).toMatchObject({ kid: gen.json<{ kid: string }>().kid, alg: 'RS256' });
    expect(JSON.stringify(keys)).not.toContain('"d"');
    expect(existsSync(join(out, 'issuer.pem'))).toBe(false);
  });
});
