import { cfSecret } from '../support/seed.js';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc/index.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { cli } from '../support/cli.js';
import { type Harness, createHarness } from '../support/harness.js';
import { ipc } from '../support/contracts.js';
import type { z } from 'zod';
import type { ChannelContract } from '../../shared/ipc/contract.js';

const CANARY = 'cfut_CANARYcanary0123456789CANARYcanary0123456789';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the Cloudflare token canary', () => {
  let world: CloudflareWorld;
  let h: Harness;
  const received: IpcResult<unknown>[] = [];

  beforeAll(async () => {
    world = await startCloudflareWorld();
    world.fake.addToken({ value: CANARY, permissionGroups: ['Zone Read', 'DNS Write', 'API Tokens Read'], expiresOn: daysFromNow(70) });
    h = await createHarness({ env: world.env(), fileLog: true });
  });
  afterAll(async () => {
    h.close();
    await world.fake.stop();
  });

  it('saves a connection with a recognisable token, then finds it nowhere but encrypted', async () => {
    const call = async <C extends ChannelContract>(contract: C, payload: z.input<C['input']>) => {
      const r = await h.call(contract, payload);
      received.push(r);
      return r;
    };
    await h.stepUp('acme-corp');
    const target = { cloud: 'cloudflare' as const, orgId: 'acme-corp', template: 'dns_edit' as const };
    // A refused paste (the token with a typo appended) must not echo it either.
    await call(ipc.cloud.validateIdentity, { ...target, token: `${CANARY}!` });
    for (const step of [
      () => call(ipc.cloud.bootstrap, target),
      () => call(ipc.cloud.validateIdentity, { ...target, token: CANARY }),
      () => call(ipc.cloud.validatePermissions, target),
      () => call(ipc.cloud.enumerate, target),
      () => call(ipc.cloud.connect, target),
      () => call(ipc.cloud.list, {}),
      () => call(ipc.audit.list, { limit: 1000 }),
      () => call(ipc.settings.status, {}),
    ]) {
      const r = await step();
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    }
    const healthy = (await h.services.health.run({ kind: 'all' }, 4, 'test')).map((r) => r.status);
    expect(healthy).toEqual(['connected']);
    expect(h.services.secrets.read(cfSecret(h, 'acme-corp'))).toEqual({ status: 'ok', value: CANARY });

    const outputs: string[] = [];
    for (const argv of [['list', '--json'], ['list'], ['audit', 'export'], ['audit', 'verify'], ['settings', 'status', '--json']]) {
      const r = await cli(argv, h.env, h.clock);
      outputs.push(r.stdout, r.stderr);
    }

    h.services.db.pragma('wal_checkpoint(PASSIVE)');
    const haystacks: [string, Buffer][] = [
      ...filesUnder(h.dataDir).map((f) => [f, readFileSync(f)] as [string, Buffer]),
      ['renderer responses', Buffer.from(JSON.stringify(received))],
      ['CLI output', Buffer.from(outputs.join('\n'))],
      ['audit rows', Buffer.from(JSON.stringify([...h.services.audit.all()]))],
    ];
    expect(haystacks.map(([name]) => name)).toEqual(expect.arrayContaining([join(h.dataDir, 'alphaswarm.db'), join(h.dataDir, 'logs', 'main.log')]));
    for (const [name, content] of haystacks) {
      expect(content.includes(Buffer.from(CANARY)), `token found in ${name}`).toBe(false);
      expect(content.includes(Buffer.from(CANARY.slice(5, 30))), `part of the token found in ${name}`).toBe(false);
    }
  });

  it('a corrupted ciphertext reads as "re-enter it" in health, never a crash', async () => {
    h.services.db.prepare("UPDATE secrets SET token = substr(token, 1, 50) || 'AAAA' || substr(token, 55) WHERE name = ?").run(cfSecret(h, 'acme-corp'));
    const [result] = await h.services.health.run({ kind: 'org', orgId: 'acme-corp' }, 1, 'test');
    expect(result).toMatchObject({ status: 'check_failed', reason: expect.stringMatching(/cannot be read \(its ciphertext is corrupted\): paste the token again/) });
    expect(await h.ok(ipc.cloud.list, {})).toMatchObject({ connections: [{ status: 'check_failed', hasSecret: true }] });
  });

  it('"Reset local vault" names whose token could not be read, drops it, and marks that connection', async () => {
    // The keychain lost the key the token was encrypted under.
    h.services.db.prepare("UPDATE secrets SET key_id = 'a-key-the-keychain-lost' WHERE name = ?").run(cfSecret(h, 'acme-corp'));
    const reset = await h.ok(ipc.settings.resetVault, { confirm: 'RESET' });
    const account = h.services.integrations.list('acme-corp')[0]!.account;
    expect(reset.dropped).toEqual([`the cloudflare token of acme-corp (${account})`]);
    expect(reset.redo).toEqual([`Paste the cloudflare token of acme-corp again (its connection is kept and marked).`]);
    expect(h.services.secrets.read(cfSecret(h, 'acme-corp'))).toMatchObject({ status: 'missing' });
    expect(await h.ok(ipc.cloud.list, {})).toMatchObject({ connections: [{ status: 'check_failed', statusReason: expect.stringMatching(/lost with the old keychain key: paste it again/) }] });
  });
});
