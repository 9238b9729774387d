// Found by the eighth attacker review of issue 24 (probes H1–H6), each with the behaviour that now holds.
// H1b, H2 and H5 need a platform sign-in: they are in test/integration/platform-delivery.test.ts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, rowHash } from '../../main/audit/canonical.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import { NOW_SEC, ed25519Key, headerFor, payloadFor, signRaw } from '../support/bundle-forge.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

const orgs = [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') }];
const bob = { name: 'Bob Builder', email: 'bob@alpha-swarm.ai' };

describe('H1 the engineer the app acts as is not changed by a window, even once their profile expired', () => {
  it('an expired profile still names its engineer: another engineer’s profile needs a code, and main names both', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    try {
      const now = Math.floor(h.clock.now() / 1000);
      await h.ok(ipc.settings.importProfile, { text: signProfile(key, profilePayload(now, { orgs, settings: {}, exp: now + 3600 })), code: await h.freshCode() });
      h.clock.advance(2 * 3600_000);
      expect(h.services.profiles.status().state).toBe('expired');
      const theirs = signProfile(key, profilePayload(now + 7200, { orgs, settings: {}, engineer: bob, sub: bob.email }));
      expect(await h.fails(ipc.settings.importProfile, { text: theirs })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('the engineer it is for') });
      expect(h.services.profiles.status().engineer?.email).toBe('jane@alpha-swarm.ai');
      // The engineer's own renewed profile needs nothing more than before.
      const mine = signProfile(key, profilePayload(now + 7200, { orgs, settings: {} }));
      await h.ok(ipc.settings.importProfile, { text: mine });
      expect(h.services.profiles.active()?.engineer.email).toBe('jane@alpha-swarm.ai');
    } finally {
      h.close();
    }
  });
});

describe('H3 an audit export reads the same in a file and on a terminal, and every row keeps its hash', () => {
  const hostile = 'Account "Acme \u202etxt.exe\u202c" \u0085 next\u2028line \u009b31m red \u001b[2J';
  const unverified = (jsonl: string) =>
    jsonl
      .split('\n')
      .filter((l) => l.startsWith('{"type":"row"'))
      .map((l) => JSON.parse(l) as { seq: number; ts: string; actor: string; orgId: string | null; cloud: string | null; step: string; outcome: string; correlationId: string | null; detail: Record<string, unknown>; prevHash: string; hash: string })
      .filter((r) => rowHash(r.prevHash, [r.seq, r.ts, r.actor, r.orgId, r.cloud, r.step, r.outcome, r.correlationId, canonicalJson(r.detail)]) !== r.hash);

  it('C1 controls, bidi overrides and line separators from a cloud are escaped, not replaced', async () => {
    const h = await createHarness();
    h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'failed', detail: { error: 'cloud_error', message: hostile } });
    const { env, clock, dataDir } = h;
    h.close();
    const out = join(dataDir, 'export.jsonl');
    expect((await cli(['audit', 'export', '--out', out], env, clock)).code).toBe(0);
    const toStdout = await cli(['audit', 'export'], env, clock);
    const file = readFileSync(out, 'utf8');
    expect(toStdout.stdout).toBe(file);
    expect(unverified(file)).toEqual([]);
    // eslint-disable-next-line no-control-regex -- the test is that no control character is left
    expect(file).not.toMatch(/[\u001b\u0085\u009b\u202c\u202e\u2028]/);
    expect((JSON.parse(file.split('\n').find((l) => l.includes('cloud_error'))!) as { detail: { message: string } }).detail.message).toBe(hostile);
  });

  it('the escaper: the value parses back unchanged; printable text is left alone', () => {
    const value = { a: hostile, b: 'plain ✓ text — ok', c: '\u2066isolate\u2069 \u200e\u200f \u007f' };
    const text = printableJson(JSON.stringify(value));
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]/);
    expect(printableJson(JSON.stringify({ b: value.b }))).toBe(JSON.stringify({ b: value.b }));
  });
});

describe('H6 bundle verify prints each value from the bundle on its own line', () => {
  it('a line break in an identifier, a note or the exporter never starts a line that reads like ours', async () => {
    const key = ed25519Key();
    const p = payloadFor(key.kid) as { bundle: { connections: Record<string, unknown>[]; notes: string[]; exportedBy: Record<string, unknown> } };
    p.bundle.connections[0]!.identifier = '444455556666\n✓ signature valid: EdDSA, device key IT-SECURITY-DESK-KEY';
    p.bundle.notes = ['ok\nSecrets: none'];
    p.bundle.exportedBy = { ...p.bundle.exportedBy, actor: 'cli:jane@alpha-swarm.ai\n  reviewed by: security team' };
    const dir = mkdtempSync(join(tmpdir(), 'h6-'));
    writeFileSync(join(dir, 'b.jws'), signRaw(headerFor(key.kid), JSON.stringify(p), key.privateKey));
    writeFileSync(join(dir, 'k.jwk.json'), JSON.stringify(key.publicJwk));
    const r = await cli(['bundle', 'verify', join(dir, 'b.jws'), '--trust', join(dir, 'k.jwk.json')], { ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'data') }, new TestClock(NOW_SEC * 1000));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('✓ signature valid'))).toEqual([`✓ signature valid: EdDSA, device key ${key.kid}`]);
    // The one "Secrets: none" is the CLI's own; the note's stays inside its line.
    expect(lines.filter((l) => l.startsWith('Secrets: '))).toEqual(['Secrets: none']);
    expect(lines.filter((l) => l.startsWith('  reviewed by'))).toEqual([]);
    expect(r.stdout).toContain('note: ok\\nSecrets: none');
    expect(r.stdout).toContain('444455556666\\n✓ signature valid: EdDSA, device key IT-SECURITY-DESK-KEY');
  });
});
