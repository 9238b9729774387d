import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Exec, PLUTIL, REG_EXE, loadManagedConfig, readMacManagedPreferences, readManagedFile, readWindowsPolicy } from '../../main/managed/managed-config.js';
import { parsePlistDict } from '../../main/managed/plist-xml.js';
import { parseRegQuery } from '../../main/managed/reg-query.js';

// The readers against their tools' real output: `reg query` as Windows prints it (CRLF, four-space
// columns) and XML property lists written by Python's plistlib (what `defaults export` and
// `plutil -convert xml1` print). The names are the settings' own.
const fixture = (name: string) => readFileSync(join('test/fixtures/managed', name), 'utf8');
const APP_ID = 'ai.alpha-swarm.onboarding';

/** `reg query` answering from the fixtures, as Windows does: exit 1 and an ERROR line for a missing key. */
const regFrom = (keys: Record<string, string | null>): Exec => (command, args) => {
  // By absolute path, never from PATH (which anything that starts the app can set).
  expect(command).toBe(REG_EXE);
  const out = keys[args[1]!];
  return out === null || out === undefined ? { status: 1, stdout: '', stderr: fixture('reg-query-missing.txt') } : { status: 0, stdout: out, stderr: '' };
};

describe('reg query output', () => {
  it('reads names, types and data, CRLF and all', () => {
    expect(parseRegQuery(fixture('reg-query-hklm.txt'))).toEqual([
      { name: 'ALPHASWARM_ADMIN_UPDATE_URL', type: 'REG_SZ', data: 'https://updates.example-corp.com/alphaswarm/' },
      { name: 'ALPHASWARM_ADMIN_UPDATE_CHANNEL', type: 'REG_SZ', data: 'beta' },
      { name: 'ALPHASWARM_ADMIN_AUTO_UPDATE', type: 'REG_DWORD', data: '0x0' },
      { name: 'ALPHASWARM_ADMIN_HEALTH_CONCURRENCY', type: 'REG_DWORD', data: '0x4' },
      { name: 'ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES', type: 'REG_MULTI_SZ', data: 'Reader\\0Security Reader' },
    ]);
  });

  it('HKLM wins over HKCU; DWORDs become numbers (0/1 for a yes/no setting); a REG_BINARY is reported', () => {
    const m = readWindowsPolicy(regFrom({ 'HKLM\\Software\\Policies\\AlphaSwarm\\Onboarding': fixture('reg-query-hklm.txt'), 'HKCU\\Software\\Policies\\AlphaSwarm\\Onboarding': fixture('reg-query-hkcu.txt') }));
    expect(m.origin).toBe('HKLM\\Software\\Policies\\AlphaSwarm\\Onboarding and HKCU\\Software\\Policies\\AlphaSwarm\\Onboarding');
    expect(m.values).toEqual({
      ALPHASWARM_ADMIN_UPDATE_URL: 'https://updates.example-corp.com/alphaswarm/',
      ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta',
      ALPHASWARM_ADMIN_AUTO_UPDATE: 'false',
      ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '4',
      ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES: 'Reader,Security Reader',
      ALPHASWARM_ADMIN_AWS_PROFILE: 'corp-partner',
      ALPHASWARM_ADMIN_EXPORT_DIR: '%USERPROFILE%\\AlphaSwarm\\exports',
    });
    expect(m.problems).toEqual([expect.stringContaining('ALPHASWARM_ADMIN_BUNDLE_TTL_HOURS is a REG_BINARY')]);
  });

  it('no policy key at all: nothing managed, nothing reported', () => {
    expect(readWindowsPolicy(regFrom({}))).toEqual({ origin: null, values: {}, problems: [] });
  });

  it.runIf(process.platform === 'win32')('real reg add / reg query round trip under HKCU (only on win32)', () => {
    const key = `HKCU\\Software\\AlphaSwarmTest-${process.pid}\\Onboarding`;
    const add = (name: string, type: string, data: string) => expect(spawnSync('reg', ['add', key, '/v', name, '/t', type, '/d', data, '/f']).status).toBe(0);
    try {
      add('ALPHASWARM_ADMIN_UPDATE_CHANNEL', 'REG_SZ', 'beta');
      add('ALPHASWARM_ADMIN_AUTO_UPDATE', 'REG_DWORD', '0');
      add('ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES', 'REG_MULTI_SZ', 'Reader\\0Security Reader');
      expect(readWindowsPolicy(undefined, [key]).values).toEqual({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta', ALPHASWARM_ADMIN_AUTO_UPDATE: 'false', ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES: 'Reader,Security Reader' });
    } finally {
      spawnSync('reg', ['delete', key.replace(/\\Onboarding$/, ''), '/f']);
    }
  });
});

describe('macOS managed preferences (XML property lists)', () => {
  it("reads plistlib's XML: strings with entities, integers, booleans, arrays", () => {
    expect(parsePlistDict(fixture('managed-prefs.xml.plist'))).toEqual({
      ALPHASWARM_ADMIN_AUTO_UPDATE: false,
      ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN: 'corp-<alphaswarm>-{org_id}',
      ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES: ['Reader', 'Security Reader'],
      ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: 4,
      ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND: 'gcloud auth print-identity-token --audiences="https://alpha-swarm.ai" & echo',
      ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta',
      ALPHASWARM_ADMIN_UPDATE_URL: 'https://updates.example-corp.com/alphaswarm/',
    });
    expect(parsePlistDict('<?xml version="1.0"?><plist version="1.0"><dict/></plist>')).toEqual({});
    expect(() => parsePlistDict('<plist version="1.0"><dict><key>A</key><dict/></dict></plist>')).toThrow(/a <dict> value cannot be a setting/);
    expect(() => parsePlistDict('{"not": "a plist"}')).toThrow(/not an XML property list/);
  });

  const managedDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'managed-prefs-'));
    copyFileSync('test/fixtures/managed/managed-prefs.binary.plist', join(dir, `${APP_ID}.plist`));
    return dir;
  };
  // plutil turns the binary plist into this XML on a Mac; here the XML plistlib wrote from the same data.
  const plutil: Exec = (command, args) => {
    expect([command, ...args.slice(0, 4)]).toEqual([PLUTIL, '-convert', 'xml1', '-o', '-']);
    return { status: 0, stdout: fixture('managed-prefs.xml.plist'), stderr: '' };
  };

  it('the device-wide file for the app id, through plutil: values as settings text, none left out', () => {
    const dir = managedDir();
    const m = readMacManagedPreferences({ appId: APP_ID, dir, user: 'engineer', run: plutil });
    expect(m.origin).toBe(join(dir, `${APP_ID}.plist`));
    expect(m.values).toMatchObject({ ALPHASWARM_ADMIN_AUTO_UPDATE: 'false', ALPHASWARM_ADMIN_HEALTH_CONCURRENCY: '4', ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES: 'Reader,Security Reader', ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta' });
    expect(m.problems).toEqual([]);
  });

  it('a preferences file plutil cannot read is reported, not skipped', () => {
    const dir = managedDir();
    const m = readMacManagedPreferences({ appId: APP_ID, dir, user: 'engineer', run: () => ({ status: 1, stdout: '', stderr: `${APP_ID}.plist: Property List error: Unexpected character b at line 1` }) });
    expect(m.values).toEqual({});
    expect(m.problems).toEqual([expect.stringContaining('cannot be read (ai.alpha-swarm.onboarding.plist: Property List error')]);
  });

  it.runIf(process.platform === 'darwin')("the real plutil reads plistlib's binary plist to the same values (only on darwin)", () => {
    const dir = managedDir();
    expect(readMacManagedPreferences({ appId: APP_ID, dir, user: 'nobody-here' }).values).toEqual(readMacManagedPreferences({ appId: APP_ID, dir, user: 'nobody-here', run: plutil }).values);
  });
});

describe('the managed JSON file', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'managed-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'managed.json'), text);
    return join(dir, 'managed.json');
  };

  it('refuses a secret, an env-only setting and an unknown name, applying the rest', () => {
    const file = write(JSON.stringify({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta', ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET: 'x'.repeat(32), ALPHASWARM_ADMIN_DATA_DIR: '/srv', 'ALPHASWARM_ADMIN_NOPE\u001b[2J': 'x', ALPHASWARM_ADMIN_AUTO_UPDATE: false }));
    const m = readManagedFile(file);
    expect(m.values).toEqual({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta', ALPHASWARM_ADMIN_AUTO_UPDATE: 'false' });
    expect(m.problems).toEqual([
      expect.stringMatching(/^ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET is a secret, and managed configuration may not carry secrets/),
      'ALPHASWARM_ADMIN_DATA_DIR can only be set in the environment; it was not applied.',
      expect.stringMatching(/^"ALPHASWARM_ADMIN_NOPE\\u001b\[2J" is not a setting this app knows/),
    ]);
    expect(JSON.stringify(m)).not.toContain('x'.repeat(32));
  });

  it('malformed JSON, or not an object: nothing applies, and the problem says where and why', () => {
    for (const [text, why] of [
      ['{"ALPHASWARM_ADMIN_UPDATE_CHANNEL": "beta",', 'is not valid JSON'],
      ['["ALPHASWARM_ADMIN_UPDATE_CHANNEL"]', 'is not a JSON object of setting names and values'],
    ] as const) {
      const file = write(text);
      const m = readManagedFile(file);
      expect(m.values).toEqual({});
      expect(m.problems).toEqual([expect.stringContaining(`The managed configuration file ${file} ${why}`)]);
    }
    expect(readManagedFile('/nonexistent/managed.json').problems).toEqual([expect.stringContaining('cannot be read (ENOENT)')]);
  });

  it('ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE stands in where the OS manages nothing, on every platform', () => {
    const file = write('{"ALPHASWARM_ADMIN_UPDATE_CHANNEL": "beta"}');
    const noPolicy = () => ({ status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' });
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const sources = { platform, exec: noPolicy, macManagedDir: '/nonexistent/Managed Preferences', linuxFile: '/nonexistent/managed.json' };
      expect(loadManagedConfig({ ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: file }, sources).values).toEqual({ ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'beta' });
    }
    expect(loadManagedConfig({}, { platform: 'linux', linuxFile: file }).origin).toBe(file);
    expect(loadManagedConfig({}, { platform: 'linux', linuxFile: '/nonexistent/managed.json' }).origin).toBeNull();
  });

  it("never over the OS's own: an environment variable cannot replace what the IT department manages, and says it was ignored", () => {
    const theirs = write('{"ALPHASWARM_ADMIN_UPDATE_CHANNEL": "beta", "ALPHASWARM_ADMIN_AUTO_UPDATE": true}');
    const it = write('{"ALPHASWARM_ADMIN_UPDATE_CHANNEL": "stable"}');
    const linux = loadManagedConfig({ ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: theirs }, { platform: 'linux', linuxFile: it });
    expect(linux).toMatchObject({ origin: it, values: { ALPHASWARM_ADMIN_UPDATE_CHANNEL: 'stable' } });
    expect(linux.problems).toEqual([expect.stringContaining('ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE')]);
    const windows = loadManagedConfig({ ALPHASWARM_ADMIN_MANAGED_CONFIG_FILE: theirs }, { platform: 'win32', exec: () => ({ status: 0, stdout: fixture('reg-query-hklm.txt'), stderr: '' }) });
    expect(windows.origin).toContain('HKLM');
    expect(windows.problems.some((p) => p.includes('is ignored'))).toBe(true);
  });
});
