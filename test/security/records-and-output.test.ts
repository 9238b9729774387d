import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../main/bundles/verify-bundle.js';
import { chromiumArgs } from '../../main/browser-host/chromium.js';
import { JwsRejected } from '../../main/jws/verify-jws.js';
import { currentWriter, writerIsAlive } from '../../main/platform/process-identity.js';
import { parsePinnedKeys, DEVICE_KEYS } from '../../main/jws/pinned-keys.js';
import { AUDIENCE, NOW_SEC, auditRow, ed25519Key, headerFor, payloadFor, signRaw } from '../support/bundle-forge.js';
import { cli, enrolMfaWithCli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { type CloudflareWorld, daysFromNow, startCloudflareWorld } from '../support/cloudflare-env.js';
import { type Harness, createHarness } from '../support/harness.js';
import { testKeychainService } from '../support/keychain.js';
import { ipc } from '../support/contracts.js';

const device = ed25519Key();
const pinned = async () => parsePinnedKeys(JSON.stringify(device.publicJwk), 'test device', DEVICE_KEYS);
const sign = (header: string, payload: Record<string, unknown>) => signRaw(header, JSON.stringify(payload), device.privateKey);
const reason = async (bundle: string) => {
  try {
    await verifyBundle(bundle, await pinned(), { audience: AUDIENCE, nowSec: NOW_SEC });
    return 'accepted';
  } catch (error) {
    return error instanceof JwsRejected ? error.reason : String(error);
  }
};
/** Terminal control: CSI/OSC introducers, BEL, and the C1 single-byte CSI. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('probe 7: signed bundles are checked strictly', () => {
  it('a header with b64:false (and no crit), jku or x5u is refused', async () => {
    const payload = payloadFor(device.kid);
    for (const extra of [{ b64: false }, { jku: 'https://evil.example/keys' }, { x5u: 'https://evil.example/cert' }]) {
      expect([extra, await reason(sign(headerFor(device.kid, extra), payload))]).toEqual([extra, 'bad_header']);
    }
  });

  it('a lifetime beyond 720 hours is refused, a year-9999 expiry included', async () => {
    expect(await reason(sign(headerFor(device.kid), payloadFor(device.kid, { exp: NOW_SEC + 721 * 3600 })))).toBe('lifetime_too_long');
    expect(await reason(sign(headerFor(device.kid), payloadFor(device.kid, { exp: 253402300799 })))).toBe('lifetime_too_long');
  });

  it('org ids and credential keys must agree with the connections they name', async () => {
    const base = payloadFor(device.kid) as { bundle: Record<string, unknown> & { connections: Record<string, unknown>[] } };
    const wrongOrgs = { ...base, bundle: { ...base.bundle, orgIds: ['someone-else'] } };
    const wrongKey = { ...base, bundle: { ...base.bundle, connections: [{ ...base.bundle.connections[0], credentialKey: 'CredentialKey("cloud_aws", "org:globex")' }] } };
    expect(await reason(sign(headerFor(device.kid), wrongOrgs))).toBe('inconsistent');
    expect(await reason(sign(headerFor(device.kid), wrongKey))).toBe('inconsistent');
    expect(await reason(sign(headerFor(device.kid), payloadFor(device.kid)))).toBe('accepted');
  });
});

describe('probe 8: nothing from outside reaches a terminal as control sequences', () => {
  let world: CloudflareWorld;
  afterEach(async () => world?.fake.stop());

  it('Cloudflare account and zone names with ANSI and OSC sequences are printed as plain text', async () => {
    world = await startCloudflareWorld();
     
    const evil = '\u001b[2J\u001b[H✓ all checks passed\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u009b31m';
    const account = world.fake.addAccount(`Acme ${evil}`);
    world.fake.addZone(`zone${evil}.example`, account.id);
    const token = world.fake.addToken({ format: 'user', permissionGroups: ['Zone Read', 'DNS Write'], expiresOn: daysFromNow(60) });
    const env = { ...world.env(), ALPHASWARM_ADMIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'sec-term-')), ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService() };
    const clock = new TestClock();
    const { code } = await enrolMfaWithCli(env, clock);
    const r = await cli(['enumerate', 'cloudflare', '--org', 'acme-corp', '--template', 'dns_edit', '--token-stdin', '--otp', await code()], env, clock, `${token.value}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('all checks passed'); // the text is kept, as text
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  });

  it('a verified bundle whose strings carry control sequences is printed as plain text', async () => {
    const base = payloadFor(device.kid) as { bundle: Record<string, unknown> & { connections: Record<string, unknown>[] } };
    const hostile = { ...base, bundle: { ...base.bundle, connections: [{ ...base.bundle.connections[0], label: 'x\u001b[2J\u001b]52;c;ZXZpbA==\u0007y', statusReason: '\u009b2J' }] } };
    const dir = mkdtempSync(join(tmpdir(), 'sec-bundle-'));
    writeFileSync(join(dir, 'b.jws'), sign(headerFor(device.kid), hostile));
    writeFileSync(join(dir, 'device.jwk.json'), JSON.stringify(device.publicJwk));
    const clock = new TestClock(NOW_SEC * 1000);
    const r = await cli(['bundle', 'verify', join(dir, 'b.jws'), '--trust', join(dir, 'device.jwk.json')], { ALPHASWARM_ADMIN_DATA_DIR: dir, ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: testKeychainService() }, clock);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('444455556666');
    expect(r.stdout + r.stderr).not.toMatch(CONTROL);
  });
});

describe('probe 10: every failure and every org is in the audit log', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('wrong codes while re-enrolling are rows, like every other wrong code', async () => {
    h = await createHarness();
    await h.enrollMfa();
    expect(await h.fails(ipc.mfa.beginEnrollment, { currentCode: '000000' })).toMatchObject({ code: 'mfa_invalid' });
    const row = h.services.audit.list({ limit: 5, step: 'mfa_enroll', outcome: 'failed' }).rows[0];
    expect(row).toMatchObject({ outcome: 'failed', detail: expect.objectContaining({ error: 'mfa_invalid' }) });
  });

  it('adding an organisation is a row', async () => {
    h = await createHarness();
    await h.ok(ipc.orgs.add, { orgId: 'globex', displayName: 'Globex' });
    expect(h.services.audit.list({ limit: 5, step: 'org_add' }).rows[0]).toMatchObject({ outcome: 'succeeded', orgId: 'globex' });
  });
});

describe('probe 11: a pending row is closed when its writer is gone, even if its pid is reused', () => {
  let h: Harness;
  afterEach(() => h?.close());

  const pending = (detail: Record<string, string | number>) =>
    h.services.audit.append({ actor: 't', orgId: 'acme-corp', cloud: 'aws', step: 'connect', outcome: 'pending', correlationId: crypto.randomUUID(), detail });

  it('tells this process, a reused pid, another boot and a gone process apart', async () => {
    h = await createHarness();
    const me = currentWriter();
    expect(writerIsAlive(me)).toBe(true);
    // The pid is alive (it is this very process), but it started at another time: a reused id.
    expect(writerIsAlive({ ...me, pidStart: String(Number(me.pidStart) - 1000) })).toBe(false);
    // Written before the last reboot.
    expect(writerIsAlive({ ...me, boot: me.boot.startsWith('t:') ? 't:1' : '00000000-0000-0000-0000-000000000000' })).toBe(false);
    expect(writerIsAlive({ pid: 2 ** 22 + 12345, pidStart: '1', boot: me.boot })).toBe(false);
    // The parent (alive, its own start time unknown to this row): judged alive, as before.
    expect(writerIsAlive({ pid: process.ppid })).toBe(true);
  });

  it('at start-up, rows of a reused pid or an earlier boot become interrupted; a live writer keeps its row', async () => {
    h = await createHarness();
    const me = currentWriter();
    pending({ ...me });
    pending({ ...me, pidStart: String(Number(me.pidStart) - 1000) });
    pending({ ...me, boot: me.boot.startsWith('t:') ? 't:1' : '00000000-0000-0000-0000-000000000000' });
    expect(h.services.audit.closeInterrupted()).toBe(2);
    expect(h.services.audit.list({ limit: 10, outcome: 'interrupted' }).total).toBe(2);
  });
});

describe('probe 12: the Chromium fallback is sandboxed unless it runs as root', () => {
  it('keeps the sandbox for an ordinary user, and gives it up (saying so) only as root', () => {
    expect(chromiumArgs(false)).toEqual({ args: expect.not.arrayContaining(['--no-sandbox']), sandboxed: true });
    expect(chromiumArgs(true)).toEqual({ args: expect.arrayContaining(['--no-sandbox']), sandboxed: false });
  });
});

void auditRow;
