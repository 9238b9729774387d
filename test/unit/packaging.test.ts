import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fuseMismatches } from '../../scripts/lib/packaged.mjs';

const require = createRequire(import.meta.url);
// electron-builder's own validator, run on our file exactly as `electron-builder` would.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = parse(readFileSync('electron-builder.yml', 'utf8'));
const validate = (c: unknown) => validateConfiguration(structuredClone(c), new DebugLogger(false));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('the same validator catches a misspelt option (so the check above means something)', async () => {
    await expect(validate({ ...config, mac: { ...config.mac, hardendRuntime: true } })).rejects.toThrow(/configuration\.mac/);
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).rejects.toThrow(/electronFuses/);
  });

  it('builds a dmg with the hardened runtime, an nsis installer, an AppImage and a deb', () => {
    const targets = (os: 'mac' | 'win' | 'linux') => (config[os].target as { target: string }[]).map((t) => t.target);
    expect(targets('mac')).toEqual(['dmg', 'zip']);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    // A generic feed: latest*.yml and app-update.yml are written; the app reads its feed from settings.
    expect(config.publish).toMatchObject({ provider: 'generic', channel: 'latest' });
  });

  it('entitlements grant only JIT, nothing that weakens the hardened runtime', () => {
    const plist = readFileSync('build/entitlements.mac.plist', 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('native modules are unpacked from the asar and rebuilt for Electron while packaging', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', '**/node_modules/better-sqlite3/**']));
    expect(config.npmRebuild).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', '!**/node_modules/tsx/**']));
  });

  it('has its icons in build/: a 1024 px PNG, the Linux sizes and a Windows .ico', () => {
    expect(pngSize('build/icon.png')).toEqual([1024, 1024]);
    for (const s of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(`build/icons/${s}x${s}.png`)).toEqual([s, s]);
    const ico = readFileSync('build/icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(6); // images
  });

  it('npm run dist is scripts/dist.mjs (its sequence is tested in dist-script.test.ts), packaging out/main', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.scripts.dist).toBe('node scripts/dist.mjs');
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('an unsigned Apple Silicon build is re-signed ad hoc after its fuses are flipped, so it launches', () => {
    // @electron/fuses: "arm64 macOS apps must be ad-hoc re-signed after flipping fuses". The smoke
    // copy is never signed, and a dmg built without the certificate secret is not either.
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
    expect(config.mac.target.flatMap((t: { arch: string[] }) => t.arch)).toContain('arm64');
  });
});

describe('scripts/check-fuses.mjs', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  /** A stand-in for Electron's binary: the fuse wire is the only part @electron/fuses reads. */
  const fakeElectron = (path: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, Buffer.concat([Buffer.from('\x7fELF...'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('11111111'), Buffer.from('...')]));
  };
  const asShipped = async (path: string, overrides: Partial<Record<FuseV1Options, boolean>> = {}) => {
    const f = config.electronFuses;
    await flipFuses(path, {
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: f.runAsNode,
      [FuseV1Options.EnableCookieEncryption]: f.enableCookieEncryption,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: f.enableNodeOptionsEnvironmentVariable,
      [FuseV1Options.EnableNodeCliInspectArguments]: f.enableNodeCliInspectArguments,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: f.enableEmbeddedAsarIntegrityValidation,
      [FuseV1Options.OnlyLoadAppFromAsar]: f.onlyLoadAppFromAsar,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: f.loadBrowserProcessSpecificV8Snapshot,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: f.grantFileProtocolExtraPrivileges,
      ...overrides,
    });
  };
  const run = (dir: string, platform: string) => spawnSync(process.execPath, ['scripts/check-fuses.mjs', dir, '--platform', platform], { encoding: 'utf8' });

  it('passes a packaged app whose fuses are as configured, on each platform layout', async () => {
    const layouts: [string, string, string][] = [
      ['linux', 'linux-unpacked/alphaswarm-onboarding', 'linux-unpacked/alphaswarm-onboarding'],
      ['win32', 'win-unpacked/AlphaSwarm Onboarding.exe', 'win-unpacked/AlphaSwarm Onboarding.exe'],
      ['darwin', 'mac-arm64/AlphaSwarm Onboarding.app/Contents/Frameworks/Electron Framework.framework/Electron Framework', 'mac-arm64/AlphaSwarm Onboarding.app'],
    ];
    for (const [platform, binary, reported] of layouts) {
      const dir = mkdtempSync(join(tmpdir(), 'release-'));
      fakeElectron(join(dir, binary));
      if (platform === 'darwin') fakeElectron(join(dir, 'mac-arm64/AlphaSwarm Onboarding.app/Contents/MacOS/AlphaSwarm Onboarding'));
      await asShipped(join(dir, reported));
      const r = run(dir, platform);
      expect(r.stderr, platform).toBe('');
      expect(r.status, platform).toBe(0);
      expect(r.stdout).toContain(`✓ ${join(dir, reported)}: 8 fuses as configured`);
    }
  });

  it('fails, naming the fuse, when the binary differs from the configuration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    const binary = join(dir, 'linux-unpacked/alphaswarm-onboarding');
    fakeElectron(binary);
    await asShipped(binary, { [FuseV1Options.EnableNodeCliInspectArguments]: true });
    const r = run(dir, 'linux');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('enableNodeCliInspectArguments: expected off, binary has on');
    // A copy of the untouched binary (every fuse on) fails on each fuse that should be off.
    const stock = join(mkdtempSync(join(tmpdir(), 'release-')), 'linux-unpacked', 'alphaswarm-onboarding');
    fakeElectron(stock);
    const r2 = run(join(stock, '..', '..'), 'linux');
    expect(r2.stderr).toMatch(/runAsNode: expected off, binary has on[\s\S]*grantFileProtocolExtraPrivileges: expected off/);
  });

  it('reads resetAdHocDarwinSignature as the flip option it is, not as a fuse the binary lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    const binary = join(dir, 'linux-unpacked/alphaswarm-onboarding');
    fakeElectron(binary);
    await asShipped(binary);
    const wire = await getCurrentFuseWire(binary);
    expect(fuseMismatches(wire, config.electronFuses)).toEqual([]);
    // A key that is neither a fuse nor a flip option is still reported.
    expect(fuseMismatches(wire, { ...config.electronFuses, runAsnode: false })).toEqual(['runAsnode: not a fuse this check knows']);
  });

  it('fails when there is nothing packaged to check', () => {
    const r = run(mkdtempSync(join(tmpdir(), 'release-')), 'linux');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no packaged app for linux');
  });

  it('the smoke test scripts parse', () => {
    for (const script of ['scripts/smoke-packaged.mjs', 'scripts/smoke-electron.mjs']) expect(spawnSync(process.execPath, ['--check', script]).status, script).toBe(0);
  });
});

describe('the release pipeline', () => {
  const workflow = (name: string) => {
    const text = readFileSync(`.github/workflows/${name}`, 'utf8');
    return { text, errors: validateWorkflow(text).errors, parsed: parse(text) };
  };

  it('both workflows are valid GitHub Actions workflows', () => {
    for (const name of ['ci.yml', 'release.yml']) expect(workflow(name).errors, name).toEqual([]);
  });

  it('every push runs .ci/run, which runs the README test command', () => {
    const ci = workflow('ci.yml').parsed;
    expect(Object.keys(ci.on)).toContain('push');
    expect(ci.jobs.test.steps.map((s: { run?: string }) => s.run).filter(Boolean)).toEqual(['bash .ci/run']);
    expect(readFileSync('.ci/run', 'utf8').trim().split('\n').at(-1)).toBe('npm test');
    expect(readFileSync('README.md', 'utf8')).toContain('npm test                    # runs everything');
  });

  it('every push also runs the Node-level suite on macOS and Windows, with their real keychains', () => {
    const ci = workflow('ci.yml').parsed;
    const job = ci.jobs['node-suite'];
    expect(job.strategy.matrix.os.map((os: string) => os.split('-')[0])).toEqual(['macos', 'windows']);
    const runs = job.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test -- --project unit --project integration');
    // The macOS job unlocks a keychain of its own, so no keychain test waits on a prompt.
    expect(runs).toMatch(/security create-keychain[\s\S]*security unlock-keychain[\s\S]*security default-keychain/);
  });

  it('every push smoke-tests the built app in real Electron on Linux, macOS and Windows', () => {
    const ci = workflow('ci.yml').parsed;
    const job = ci.jobs['electron-smoke'];
    expect(job.strategy.matrix.os.map((os: string) => os.split('-')[0])).toEqual(['ubuntu', 'macos', 'windows']);
    const runs: string[] = job.steps.map((s: { run?: string }) => s.run ?? '');
    const build = runs.indexOf('npm run build');
    expect(build).toBeGreaterThan(runs.indexOf('npm ci --no-audit --no-fund'));
    expect(runs.indexOf('xvfb-run -a npm run smoke:electron')).toBeGreaterThan(build);
    expect(runs.indexOf('npm run smoke:electron')).toBeGreaterThan(build);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts['smoke:electron']).toBe('node scripts/smoke-electron.mjs');
  });

  it('tags build installers on macOS, Windows and Linux, check their fuses and smoke-test them', () => {
    const release = workflow('release.yml').parsed;
    expect(release.on.push.tags).toEqual(['v*']);
    const jobs = release.jobs;
    expect(jobs.installers.needs).toBe('test');
    expect(jobs.installers.strategy.matrix.include.map((m: { os: string }) => m.os.split('-')[0])).toEqual(['macos', 'windows', 'ubuntu']);
    const runs = jobs.installers.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npm run dist');
    expect(runs).toContain('node scripts/check-fuses.mjs release');
    expect(runs).toContain('-c.electronFuses.enableNodeCliInspectArguments=true');
    expect(runs).toMatch(/xvfb-run -a node scripts\/smoke-packaged\.mjs release-smoke/);
    // Flipped fuses break a signature: the macOS apps' signatures are verified, the unsigned copy's too.
    expect(runs).toMatch(/codesign --verify --deep --strict[^\n]*"\$app"/);
    expect(runs).toContain('release-smoke/mac*/*.app');
    expect(release.permissions).toEqual({ contents: 'read' });
    expect(jobs.release.permissions).toEqual({ contents: 'write' });
  });
});

describe('docs/SECURITY.md', () => {
  const doc = readFileSync('docs/SECURITY.md', 'utf8');
  const checklist = doc.slice(doc.indexOf("## Electron's security checklist"), doc.indexOf('\n## ', doc.indexOf("## Electron's security checklist") + 1));
  const rows = checklist
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '')));

  it("maps each of Electron's 20 checklist items to code and a test", () => {
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const [n, , where, proof] of rows) {
      expect(where!.length, `item ${n}: where`).toBeGreaterThan(20);
      expect(proof, `item ${n}: proved by`).toMatch(/test\.ts|smoke|check-fuses|as \d+|same as \d+/);
    }
  });

  it('every file it names exists', () => {
    const named = new Set([...doc.matchAll(/`((?:main|preload|shared|renderer|test|scripts|build|docs|\.github)\/[^`\s]+\.(?:ts|tsx|mjs|yml|html|plist))`/g)].map((m) => m[1]!));
    const bare = new Set([...doc.matchAll(/`?([\w-]+\.test\.ts)`?/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(10);
    for (const path of named) expect(() => readFileSync(path), path).not.toThrow();
    const tests = readdirSync('test', { recursive: true }).map(String);
    for (const t of bare) expect(tests.some((f) => f.endsWith(t)), t).toBe(true);
  });

  it('says what is verified here, what only in CI, how to run the Electron smoke test, and the platform caveats', () => {
    const readme = readFileSync('README.md', 'utf8');
    const installers = readme.slice(readme.indexOf('## Installers, hardening and releases'), readme.indexOf('## Layout'));
    for (const text of [installers, doc]) {
      expect(text).toMatch(/verified here|Here, by `npm test`|\*\*Here\*\*/);
      expect(text).toMatch(/on every push/i);
      expect(text).toContain('npm run smoke:electron');
      expect(text).toContain('xvfb-run -a npm run smoke:electron');
      expect(text).toContain('resetAdHocDarwinSignature'); // arm64 signing
      expect(text).toContain('install-keyring-bindings.mjs'); // Intel bindings
      expect(text).toMatch(/Ubuntu 24\.04[\s\S]*AppImage[\s\S]*\.deb/); // the AppImage's sandbox
    }
  });

  it('Dependabot keeps Electron and the actions current (checklist 16)', () => {
    const dependabot = parse(readFileSync('.github/dependabot.yml', 'utf8'));
    expect(dependabot.updates.map((u: { 'package-ecosystem': string }) => u['package-ecosystem'])).toEqual(['npm', 'github-actions']);
  });
});
