import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { TestClock } from '../support/clock.js';
import { createHarness } from '../support/harness.js';
import { platformKey, profilePayload, signProfile } from '../support/profile.js';
import { ipc } from '../support/contracts.js';

// What an IT department pushes wins over everything, is locked, and is never silently ignored.
// ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE stands in for the OS's own place (the readers of those are
// tested against their real formats in test/unit/managed-config.test.ts).
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const managedFile = (content: unknown) => {
  const file = join(tmp('managed-'), 'managed.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};
type Status = { managed: { origin: string | null; settings: string[]; problems: string[] }; general: { name: string; value: string | null; source: string; lockedBy: string | null }[]; clouds: { cloud: string; identities: { name: string; value: string | null; source: string; lockedBy: string | null }[] }[] };
const setting = (s: Status, name: string) => [...s.general, ...s.clouds.flatMap((c) => c.identities)].find((x) => x.name === name)!;

describe('managed configuration', () => {
  it('precedence: managed > environment > profile > settings file > default, each shown with its source', async () => {
    const key = platformKey();
    const managed = managedFile({ ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '555566667777', ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta' });
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: managed, ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '999988887777', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '6' } });
    try {
      await h.enrollMfa();
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS', value: '24' });
      // An identity setting is a trust decision: it takes a step-up code.
      await h.ok(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_AZURE_AUDIENCE', value: 'api://from-file', code: await h.nextCode() });
      // The profile carries the partner account (managed wins) and the Azure audience (the profile wins over the file).
      await h.ok(ipc.settings.importProfile, {
        text: signProfile(key, profilePayload(Math.floor(h.clock.now() / 1000), { settings: { ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID: '111122223333', ALPHASWARM_ADMIN_AZURE_AUDIENCE: 'api://from-profile' } })),
        acceptFingerprint: key.kid,
        code: await h.nextCode(),
      });
      const r = (name: string) => h.services.settings.resolve(name);
      expect(r('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ value: '555566667777', source: 'managed' });
      expect(r('ALPHASWARM_ADMIN_UPDATE_CHANNEL')).toMatchObject({ value: 'beta', source: 'managed' });
      expect(r('ALPHASWARM_ADMIN_HEALTH_CONCURRENCY')).toMatchObject({ value: '6', source: 'environment' });
      expect(r('ALPHASWARM_ADMIN_AZURE_AUDIENCE')).toMatchObject({ value: 'api://from-profile', source: 'profile' });
      expect(r('ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS')).toMatchObject({ value: '24', source: 'settings file' });
      expect(r('ALPHASWARM_ADMIN_STEP_UP_TTL_SECONDS')).toMatchObject({ value: '300', source: 'default' });
      const status = await h.ok(ipc.settings.status, {});
      expect(status.managed).toEqual({ origin: managed, settings: ['ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', 'ALPHASWARM_ADMIN_UPDATE_CHANNEL'], problems: [] });
      expect(setting(status, 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')).toMatchObject({ source: 'managed', lockedBy: 'managed' });
      // The update service reads the managed channel too.
      expect(await h.ok(ipc.update.status, {})).toMatchObject({ channel: 'beta' });
    } finally {
      h.close();
    }
  });

  it('settings set on a managed setting exits 2 saying so, in the CLI and over IPC; nothing is written', async () => {
    const clock = new TestClock();
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-managed-'), ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: managedFile({ ALPHASWARM_ADMIN_AUTO_UPDATE: false }) };
    const r = await cli(['settings', 'set', 'ALPHASWARM_ADMIN_AUTO_UPDATE', 'true'], env, clock);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ALPHASWARM_ADMIN_AUTO_UPDATE is set by your organisation (managed configuration: ${env.ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE}), which wins over everything else, so it cannot be changed here.`);
    expect(r.stderr).toContain('Ask your IT department');
    expect((await cli(['settings', 'unset', 'ALPHASWARM_ADMIN_AUTO_UPDATE'], env, clock)).code).toBe(2);
    const status = await cli(['settings', 'status'], env, clock);
    expect(status.stdout).toContain(`Managed by your organisation: ${env.ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE} (1 setting, locked)`);
    expect(status.stdout).toMatch(/ALPHASWARM_ADMIN_AUTO_UPDATE = false \[managed\] \(locked: set by your organisation\)/);
    const h = await createHarness({ env });
    try {
      expect(await h.fails(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_AUTO_UPDATE', value: 'true' })).toMatchObject({ code: 'precondition_failed' });
      expect(h.services.settings.file.read().settings).toEqual({});
      expect(await h.ok(ipc.update.status, {})).toMatchObject({ state: 'off', message: 'Updates are turned off by your organisation (ALPHASWARM_ADMIN_AUTO_UPDATE=false).' });
    } finally {
      h.close();
    }
  });

  it('a secret in it is refused (never applied, never echoed); the rest applies', async () => {
    const secret = 'managed-hmac-key-that-must-not-apply-0123456789';
    const h = await createHarness({ env: { ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: managedFile({ ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: secret, ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta' }) } });
    try {
      expect(h.services.settings.resolve('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET').source).not.toBe('managed');
      const status = await h.ok(ipc.settings.status, {});
      expect(status.managed.problems).toEqual([expect.stringContaining('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET is a secret, and managed configuration may not carry secrets')]);
      expect(status.managed.settings).toEqual(['ALPHASWARM_ADMIN_UPDATE_CHANNEL']);
      expect(JSON.stringify(status)).not.toContain(secret);
    } finally {
      h.close();
    }
  });

  it('a malformed file is reported (status, CLI), applies nothing, and is never silently ignored', async () => {
    const clock = new TestClock();
    const file = managedFile('{"ALPHASWARM_ADMIN_AUTO_UPDATE": fals');
    const env = { ALPHASWARM_ADMIN_DATA_DIR: tmp('cli-malformed-'), ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: file };
    const status = await cli(['settings', 'status', '--json'], env, clock);
    expect(status.code).toBe(0);
    expect(status.json<Status>().managed).toEqual({ origin: file, settings: [], problems: [expect.stringMatching(new RegExp(`^The managed configuration file ${file.replace(/[\\.]/g, '\\$&')} is not valid JSON \\(.*\\); nothing in it was applied\\. Ask your IT department to fix it\\.$`))] });
    const text = await cli(['settings', 'status'], env, clock);
    expect(text.stdout).toContain(`! The managed configuration file ${file} is not valid JSON`);
    expect(readFileSync(file, 'utf8')).toBe('{"ALPHASWARM_ADMIN_AUTO_UPDATE": fals');
  });
});
