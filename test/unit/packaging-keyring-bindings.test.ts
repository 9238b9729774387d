import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { keyringBindingFile, keyringBindingsFor } from '../../scripts/lib/keyring-bindings.mjs';

// npm installs only the keychain binding of the machine it runs on; the macOS runner (arm64)
// packages an Intel app too, whose binding npm skipped. The release job must install every binding
// it packages, and check that each packaged app carries its own.
const config = parse(readFileSync('electron-builder.yml', 'utf8'));
const release = parse(readFileSync('.github/workflows/release.yml', 'utf8'));
const RUNNER_OS: Record<string, NodeJS.Platform> = { macos: 'darwin', windows: 'win32', ubuntu: 'linux' };
const PRODUCT = config.productName as string;

describe('the release workflow and the keychain bindings', () => {
  const steps: { run?: string; if?: string }[] = release.jobs.installers.steps;
  const at = (command: string) => steps.findIndex((s) => s.run?.trim() === command);

  it('installs the bindings after npm ci and before packaging, on every runner', () => {
    const install = at('node scripts/install-keyring-bindings.mjs');
    expect(install).toBeGreaterThan(at('npm ci --no-audit --no-fund'));
    expect(install).toBeLessThan(at('npm run dist'));
    expect(steps[install]!.if).toBeUndefined();
  });

  it("each runner's installs cover every architecture electron-builder.yml packages there, pinned by the lockfile", () => {
    const perOs = Object.fromEntries(
      release.jobs.installers.strategy.matrix.include.map((m: { os: string }) => {
        const platform = RUNNER_OS[m.os.split('-')[0]!]!;
        return [platform, keyringBindingsFor('.', config, platform).map((b) => `${b.name}@${b.version}`)];
      }),
    );
    const version = JSON.parse(readFileSync('node_modules/@napi-rs/keyring/package.json', 'utf8')).version;
    expect(perOs).toEqual({
      darwin: [`@napi-rs/keyring-darwin-arm64@${version}`, `@napi-rs/keyring-darwin-x64@${version}`],
      win32: [`@napi-rs/keyring-win32-x64-msvc@${version}`],
      linux: [`@napi-rs/keyring-linux-x64-gnu@${version}`],
    });
  });

  it('checks every packaged app for its binding after packaging', () => {
    expect(at('node scripts/check-keyring-bindings.mjs release')).toBeGreaterThan(at('npm run dist'));
  });

  it('the install script finds the binding npm installed here, and names the ones it would fetch', () => {
    const r = spawnSync(process.execPath, ['scripts/install-keyring-bindings.mjs', '--dry-run'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const b of keyringBindingsFor('.', config, process.platform)) {
      if (b.arch === process.arch) expect(r.stdout).toContain(`✓ ${b.name}@${b.version} (${b.arch}) is installed`);
      else if (!b.installed) expect(r.stdout).toContain(`· ${b.name}@${b.version} (${b.arch}) would be installed from the registry`);
    }
  });
});

describe('scripts/check-keyring-bindings.mjs', () => {
  const run = (dir: string, platform: string) => spawnSync(process.execPath, ['scripts/check-keyring-bindings.mjs', dir, '--platform', platform], { encoding: 'utf8' });
  /** An unpacked app as electron-builder leaves it; `binding` puts the keychain binding in it. */
  const app = (dir: string, platform: 'darwin' | 'win32' | 'linux', folder: string, arch: string, binding: boolean) => {
    const base = join(dir, folder);
    const resources =
      platform === 'darwin' ? join(base, `${PRODUCT}.app`, 'Contents', 'Resources') : join(base, 'resources');
    const executable =
      platform === 'darwin' ? join(base, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT) : platform === 'win32' ? join(base, `${PRODUCT}.exe`) : join(base, config.linux.executableName);
    mkdirSync(join(executable, '..'), { recursive: true });
    writeFileSync(executable, 'electron');
    if (binding) {
      const pkg = { darwin: `keyring-darwin-${arch}`, win32: `keyring-win32-${arch}-msvc`, linux: `keyring-linux-${arch}-gnu` }[platform];
      const where = join(resources, 'app.asar.unpacked', 'node_modules', '@napi-rs', pkg);
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, keyringBindingFile(platform, arch)), 'binding');
    }
  };

  it('fails, naming the package and the fix, when the Intel Mac app lacks its binding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-'));
    app(dir, 'darwin', 'mac-arm64', 'arm64', true);
    app(dir, 'darwin', 'mac', 'x64', false);
    const r = run(dir, 'darwin');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('(arm64): @napi-rs/keyring-darwin-arm64');
    expect(r.stderr).toContain('(x64) has no @napi-rs/keyring-darwin-x64: run "node scripts/install-keyring-bindings.mjs" before "npm run dist".');
  });

  it('passes when every packaged app carries its own, on each platform layout', () => {
    const layouts: ['darwin' | 'win32' | 'linux', string, string][] = [
      ['darwin', 'mac-arm64', 'arm64'],
      ['darwin', 'mac', 'x64'],
      ['win32', 'win-unpacked', 'x64'],
      ['linux', 'linux-unpacked', 'x64'],
    ];
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'release-'));
      for (const [p, folder, arch] of layouts) if (p === platform) app(dir, p, folder, arch, true);
      const r = run(dir, platform);
      expect(r.stderr, platform).toBe('');
      expect(r.status, platform).toBe(0);
    }
  });

  it('fails when there is nothing packaged to check', () => {
    const r = run(mkdtempSync(join(tmpdir(), 'release-')), 'linux');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no packaged app for linux');
  });
});
