// Found by the ninth attacker review of issue 24 (probes I1–I5), each with the behaviour that now holds.
// I1 (a save that fails at commit in connect many) is in test/integration/many-accounts.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../main/cli/terminal.js';
import { printableJson } from '../../shared/domain/printable-json.js';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { ipc } from '../support/contracts.js';
import { createHarness } from '../support/harness.js';
import { platformExternalId, platformKey, profilePayload, signProfile } from '../support/profile.js';

describe('I1c the first platform profile names the engineer the app acts as: main confirms it, with a code', () => {
  it('even signed by the key IT pinned, a first profile needs a code, and the prompt says who the app acted as until now', async () => {
    const key = platformKey();
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_PLATFORM_PROFILE_KEYS: JSON.stringify({ keys: [key.publicJwk] }) } });
    try {
      const actorBefore = h.services.router['actorOf']();
      const mallory = { name: 'Mallory', email: 'mallory@alpha-swarm.ai' };
      const text = signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { orgs: [{ org_id: 'acme-corp', aws_external_id: platformExternalId('acme-corp') }], settings: {}, engineer: mallory, sub: mallory.email }));
      expect(await h.fails(ipc.settings.importProfile, { text })).toMatchObject({ code: 'step_up_required', message: expect.stringContaining('the engineer the app acts as') });
      expect(h.services.router['actorOf']()).toBe(actorBefore);
      // Declined at main's own confirmation: nothing imported, the code not spent.
      h.confirmAnswer = false;
      const code = await h.freshCode();
      expect(await h.fails(ipc.settings.importProfile, { text, code })).toMatchObject({ code: 'cancelled' });
      expect(h.prompts.at(-1)!.detail).toMatch(/the first platform profile here: the app has acted as this computer's user until now/);
      expect(h.services.profiles.status().state).toBe('none');
      h.confirmAnswer = true;
      await h.ok(ipc.settings.importProfile, { text, code });
      expect(h.services.profiles.active()?.engineer.email).toBe(mallory.email);
    } finally {
      h.close();
    }
  });
});

describe('I3d/I3e what reaches a terminal or a script', () => {
  it('a --json error redacts credentials as the text does, and escapes a line separator from a file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'json-error-'));
    const file = join(dir, 'accounts-\u2028.txt');
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    writeFileSync(file, `444455556666\n${secret}\n`);
    const args = ['connect', 'aws', '--org', 'acme-corp', '--accounts', file];
    const env = { ALPHASWARM_ADMIN_DATA_DIR: join(dir, 'data') };
    const text = await cli(args, env, new TestClock());
    const json = await cli([...args, '--json'], env, new TestClock());
    expect(json.code).toBe(text.code);
    expect(text.stdout + text.stderr).not.toContain(secret);
    expect(json.stdout + json.stderr).not.toContain(secret);
    expect(json.stdout).not.toMatch(/[\u2028\u2029]/);
    expect(json.json<{ error: { message: string } }>().error.message).toContain('[redacted]');
  });

  it('the Arabic letter mark and zero-width characters are shown, never silently kept', () => {
    const spoof = '4444\u200b5555\u061c6666\u2060\ufeff\u00ad';
    expect(plainText(spoof)).toBe('4444\uFFFD5555\uFFFD6666\uFFFD\uFFFD\uFFFD');
    const json = printableJson(JSON.stringify({ account: spoof }));
    expect(json).toBe('{"account":"4444\\u200b5555\\u061c6666\\u2060\\ufeff\\u00ad"}');
    expect(JSON.parse(json)).toEqual({ account: spoof });
  });
});
