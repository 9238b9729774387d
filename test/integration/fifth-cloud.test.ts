import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudStepChannels } from '../../shared/ipc/cloud-steps.js';
import { PRODUCTION_CONTRACTS } from '../../shared/ipc/clouds/index.js';
import { NimbusFake } from '../fakes/nimbus/nimbus-fake.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { forCloud } from '../support/contracts.js';
import { type Harness, createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { NIMBUS_BASELINE, nimbusCloud, nimbusContract, nimbusRoleName, nimbusSubject } from '../support/nimbus-cloud.js';

/**
 * A cloud is one module: Nimbus, a fifth cloud that exists only here (one descriptor, its
 * contract and a provider, test/support/nimbus-cloud.ts, and a tiny fake), is registered with the
 * services and the CLI as a parameter and goes through steps 1–5 like the four — through the
 * router with its zod contract, and through the CLI with the flags its descriptor declares.
 */
const ORG = 'acme-corp';
const TENANCY = 'acme-prod';

/** The step channels over this build's clouds and Nimbus: typed by Nimbus's own contract. */
const steps = cloudStepChannels([...PRODUCTION_CONTRACTS, nimbusContract]);

let fake: NimbusFake;
beforeAll(async () => {
  fake = await new NimbusFake().start();
});
afterAll(async () => fake.stop());
beforeEach(() => {
  fake.reset();
  fake.addTenancy(TENANCY, ['invoices', 'backups']);
});

describe('a fifth cloud through the router', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ testClouds: [nimbusCloud(fake.url)] });
    await h.stepUp(ORG);
  });
  afterEach(() => h.close());

  const target = { cloud: 'nimbus', orgId: ORG, tenancyId: TENANCY } as const;

  it('runs choose, bootstrap, identity, permissions, enumerate and save, and lists the connection', async () => {
    // Steps 1–2: Nimbus is one of the clouds; its artifacts name this org's role and subject, offline.
    const boot = forCloud(await h.ok(steps.bootstrap, { cloud: 'nimbus', orgId: ORG }), 'nimbus');
    expect(boot.roleName).toBe('alphaswarm-broker-acme-corp');
    expect(boot.artifacts.map((a) => a.filename)).toEqual(['nimbus-role.json', 'create-role.sh']);
    expect(JSON.parse(boot.artifacts[0]!.content)).toEqual({ role: 'alphaswarm-broker-acme-corp', trust: { principal: 'alphaswarm:broker', subject: 'alphaswarm:org:acme-corp' }, allow: [...NIMBUS_BASELINE] });
    expect(fake.requests).toEqual([]);

    // Step 3 before the customer created the role: Nimbus's refusal, said with what to do next.
    const refused = await h.fails(steps.validateIdentity, target);
    expect(refused).toMatchObject({ code: 'cloud_denied', message: expect.stringMatching(/does not exist in this tenancy, or does not trust AlphaSwarm/), hint: expect.stringMatching(/bootstrap artifacts \(step 2\)/) });
    // A save now is refused before any cloud call: steps 3 and 4 have not passed.
    expect(await h.fails(steps.connect, target)).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/^Not saved/) });

    fake.trust(TENANCY, nimbusRoleName(ORG), nimbusSubject(ORG));
    fake.grant(TENANCY, 'tenancy.read');
    const identity = forCloud(await h.ok(steps.validateIdentity, target), 'nimbus');
    expect(identity).toMatchObject({ tenancyId: TENANCY, principal: 'nimbus:acme-prod:role/alphaswarm-broker-acme-corp' });

    // Step 4: one baseline permission missing is a red "missing" with its fix, and blocks the save.
    const partial = forCloud(await h.ok(steps.validatePermissions, target), 'nimbus');
    expect(partial.allGranted).toBe(false);
    expect(partial.checks).toEqual([
      { name: 'tenancy.read', status: 'granted' },
      { name: 'buckets.list', status: 'missing', remedy: 'nimbus iam add-permission --role alphaswarm-broker-acme-corp --permission buckets.list' },
    ]);
    expect(await h.fails(steps.connect, target)).toMatchObject({ code: 'precondition_failed' });
    fake.grant(TENANCY, 'buckets.list');
    expect(forCloud(await h.ok(steps.validatePermissions, target), 'nimbus').allGranted).toBe(true);
    expect(forCloud(await h.ok(steps.enumerate, target), 'nimbus').buckets.map((b) => b.name)).toEqual(['invoices', 'backups']);

    // Step 5: saved under the platform's key form, and listed with the other clouds' connections.
    expect(await h.ok(steps.connectCheck, target)).toMatchObject({ account: TENANCY, action: 'new', blocker: null });
    const saved = await h.ok(steps.connect, target);
    expect(saved.connection).toMatchObject({ cloud: 'nimbus', credentialKey: 'CredentialKey("cloud_nimbus", "org:acme-corp")', identifier: TENANCY, label: 'Nimbus tenancy acme-prod', primary: true, hasSecret: false, status: 'connected' });
    expect(saved.connection.record).toMatchObject({ tenancy_id: TENANCY, role_name: 'alphaswarm-broker-acme-corp', subject: 'alphaswarm:org:acme-corp' });
    const { connections } = await h.ok(steps.list, { orgId: ORG });
    expect(connections.map((c) => [c.cloud, c.identifier, c.status])).toEqual([['nimbus', TENANCY, 'connected']]);

    // The audit rows name the cloud, as for the four.
    const named = (cloud: string | null) => cloud === 'nimbus';
    const rows = h.services.audit.list({ orgId: ORG, limit: 100 }).rows.filter((r) => named(r.cloud)).map((r) => `${r.step}:${r.outcome}`);
    expect(rows).toEqual(expect.arrayContaining(['identity:failed', 'identity:succeeded', 'permissions:failed', 'permissions:succeeded', 'enumerate:succeeded', 'connect:pending', 'connect:succeeded']));
  });

  it('refuses a bad tenancy id by its contract, before step-up or any call', async () => {
    const e = await h.fails(steps.validateIdentity, { ...target, tenancyId: 'Not A Tenancy!' });
    expect(e).toMatchObject({ code: 'bad_request', field: 'tenancyId', message: expect.stringMatching(/lowercase letters, digits and dashes/) });
    expect(fake.requests).toEqual([]);
  });

  it('closes the request at the cloud when the call is cancelled', async () => {
    fake.trust(TENANCY, nimbusRoleName(ORG), nimbusSubject(ORG));
    fake.latencyMs = 60_000;
    const cancel = new AbortController();
    const call = h.services.router.call(steps.validateIdentity, target, { ...h.caller, signal: cancel.signal });
    await expect.poll(() => fake.held).toBe(1);
    cancel.abort();
    expect(await call).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await expect.poll(() => fake.abandoned).toBe(1);
  });

  it('is not a cloud of the app without the test registering it', async () => {
    const app = await createHarness();
    try {
      await app.stepUp(ORG);
      expect(await app.fails(steps.bootstrap, { cloud: 'nimbus', orgId: ORG })).toMatchObject({ code: 'bad_request', field: 'cloud' });
      expect(await app.fails(steps.validateIdentity, target)).toMatchObject({ code: 'bad_request', field: 'cloud' });
    } finally {
      app.close();
    }
  });
});

describe('a fifth cloud through the CLI', () => {
  let env: Record<string, string>;
  let clock: TestClock;
  let code: () => Promise<string>;
  const clouds = () => [nimbusCloud(fake.url)];
  const run = (argv: string[]) => cli(argv, env, clock, '', undefined, clouds());

  beforeEach(async () => {
    clock = new TestClock();
    env = { ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-nimbus-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService(), ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000' };
    ({ code } = await enrolMfaWithCli(env, clock));
  });

  it('offers it, bootstraps it, connects it with its own flags, and lists it', async () => {
    // Step 1: the clouds a command knows include Nimbus.
    const unknown = await run(['bootstrap', 'oracle', '--org', ORG]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"oracle" is not a cloud this command knows (aws, azure, gcp, cloudflare, nimbus)');

    // Step 2, offline.
    const boot = await run(['bootstrap', 'nimbus', '--org', ORG]);
    expect(boot.code).toBe(0);
    expect(boot.stdout).toContain('── Create the role (create-role.sh) ──');
    expect(boot.stdout).toContain('nimbus iam create-role --tenancy <tenancy-id> --file nimbus-role.json --name alphaswarm-broker-acme-corp');
    expect(boot.stdout).toContain('"subject": "alphaswarm:org:acme-corp"');

    // Its descriptor's required flag, with its own message.
    const missing = await run(['validate-identity', 'nimbus', '--org', ORG, '--otp', await code()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --tenancy-id <id> (the tenancy the customer created the role in).');

    // The role is not there yet: exit 1, and what to do next.
    const denied = await run(['validate-identity', 'nimbus', '--org', ORG, '--tenancy-id', TENANCY, '--otp', await code()]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/Nimbus refused to let AlphaSwarm sign in[\s\S]*Create the role with the bootstrap artifacts/);

    fake.trust(TENANCY, nimbusRoleName(ORG), nimbusSubject(ORG));
    fake.grant(TENANCY, ...NIMBUS_BASELINE);
    const connected = await run(['connect', 'nimbus', '--org', ORG, '--tenancy-id', TENANCY, '--otp', await code()]);
    expect(connected.stderr).toBe('');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toContain('✓ identity validated');
    expect(connected.stdout).toContain('principal: nimbus:acme-prod:role/alphaswarm-broker-acme-corp');
    expect(connected.stdout).toContain('✓ permissions: 2/2 granted');
    expect(connected.stdout).toContain('✓ buckets: 2');
    expect(connected.stdout).toContain('✓ saved under CredentialKey("cloud_nimbus", "org:acme-corp") (primary)');

    const list = await run(['list', '--org', ORG]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Nimbus Cloud\s+acme-prod\s+connected\s+primary/);
    expect((await run(['list', '--json'])).json<{ connections: { cloud: string; credentialKey: string }[] }>().connections).toEqual([
      expect.objectContaining({ cloud: 'nimbus', credentialKey: 'CredentialKey("cloud_nimbus", "org:acme-corp")' }),
    ]);
  });

  it('is not a cloud of the CLI without the test registering it', async () => {
    const r = await cli(['bootstrap', 'nimbus', '--org', ORG], env, clock);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"nimbus" is not a cloud this command knows (aws, azure, gcp, cloudflare)');
    const flag = await cli(['validate-identity', 'aws', '--org', ORG, '--tenancy-id', TENANCY], env, clock);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--tenancy-id'/);
  });
});
