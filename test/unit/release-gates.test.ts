import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builderDefaultDebDepends, missingDepends, parseDepends } from '../../scripts/lib/deb-depends.mjs';
import { signatureProblems } from '../../scripts/lib/mac-signature.mjs';
import { machOArchs } from '../../scripts/lib/mach-o.mjs';
import { classifySkips, declaredPlatforms } from '../../scripts/lib/skip-rule.mjs';
import { broadGrants, icaclsGrants } from '../support/file-access.js';

// The checks that would have caught each release breakage of issue 22, run under Node here. What
// only a macOS or Windows runner can show (a real codesign, a real ACL) is said in the README.
const require = createRequire(import.meta.url);
const semver = require('semver') as { satisfies(v: string, range: string): boolean; minVersion(range: string): { version: string } | null };
const fixture = (name: string) => readFileSync(join('test/fixtures/release', name), 'utf8');
const config = parse(readFileSync('electron-builder.yml', 'utf8'));
const ci = parse(readFileSync('.github/workflows/ci.yml', 'utf8'));
const release = parse(readFileSync('.github/workflows/release.yml', 'utf8'));
type Step = { name?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
const installerSteps: Step[] = release.jobs.installers.steps;
const PRODUCT = config.productName as string;

/** A packaged mac app folder, as electron-builder leaves it, with the given .node files in it. */
function macApp(folder: string, nodes: Record<string, Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-'));
  const resources = join(dir, folder, `${PRODUCT}.app`, 'Contents', 'Resources');
  mkdirSync(join(dir, folder, `${PRODUCT}.app`, 'Contents', 'MacOS'), { recursive: true });
  writeFileSync(join(dir, folder, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT), 'binary');
  for (const [path, bytes] of Object.entries(nodes)) {
    const file = join(resources, 'app.asar.unpacked', path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, bytes);
  }
  return dir;
}

// <mach-o/loader.h> and <mach-o/fat.h>: MH_MAGIC_64, CPU_TYPE_ARM64 / CPU_TYPE_X86_64, FAT_MAGIC.
const CPU = { arm64: 0x0100000c, x86_64: 0x01000007 } as const;
function thin(cpu: keyof typeof CPU): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeInt32LE(CPU[cpu], 4);
  b.writeUInt32LE(6, 12); // MH_DYLIB: a .node is a bundle/dylib
  return b;
}
function fat(...cpus: (keyof typeof CPU)[]): Buffer {
  const b = Buffer.alloc(8 + cpus.length * 20 + 64);
  b.writeUInt32BE(0xcafebabe, 0);
  b.writeUInt32BE(cpus.length, 4);
  cpus.forEach((c, i) => {
    b.writeInt32BE(CPU[c], 8 + i * 20);
    b.writeUInt32BE(0x4000 * (i + 1), 8 + i * 20 + 8);
  });
  return b;
}

describe('signed-build gate (issue 22, item 1)', () => {
  const adhoc = { codesign: { status: 0, output: fixture('codesign-adhoc.txt') }, spctl: { status: 3, output: fixture('spctl-adhoc.txt') }, stapler: { status: 65, output: fixture('stapler-none.txt') } };
  const signed = { codesign: { status: 0, output: fixture('codesign-developer-id.txt') }, spctl: { status: 0, output: fixture('spctl-notarized.txt') }, stapler: { status: 0, output: fixture('stapler-ok.txt') } };

  it('refuses an ad-hoc signed app, saying each thing a real release has and it lacks', () => {
    expect(signatureProblems(adhoc)).toEqual([
      'signed ad hoc, not with a Developer ID certificate (electron-builder found no signing identity)',
      'no TeamIdentifier in the signature',
      'no "Developer ID Application" authority in the signature chain',
      'Gatekeeper rejects it (spctl --assess): rejected',
      'no notarisation ticket stapled (xcrun stapler validate): AlphaSwarm Onboarding.app does not have a ticket stapled to it.',
    ]);
  });

  it('passes a Developer ID signed, notarised and stapled app; a wrong team is still refused', () => {
    expect(signatureProblems(signed)).toEqual([]);
    expect(signatureProblems({ ...signed, team: 'A1B2C3D4E5' })).toEqual([]);
    expect(signatureProblems({ ...signed, team: 'ZZZZZZZZZZ' })).toEqual(['TeamIdentifier is A1B2C3D4E5, expected ZZZZZZZZZZ']);
  });

  it('signed but not notarised: Gatekeeper and the stapler both say so', () => {
    const unnotarised = { ...signed, spctl: { status: 3, output: `${PRODUCT}.app: rejected\nsource=Unnotarized Developer ID\n` }, stapler: { status: 65, output: fixture('stapler-none.txt') } };
    expect(signatureProblems(unnotarised)).toEqual(['Gatekeeper rejects it (spctl --assess): rejected', expect.stringContaining('no notarisation ticket stapled')]);
  });

  // The workflow test: the gate script, fed an ad-hoc-signed app through the tools' real output.
  describe('scripts/check-mac-signature.mjs with codesign, spctl and xcrun answering as for an app (only on darwin, linux)', () => {
    const tools = (kind: 'adhoc' | 'signed') => {
      const bin = mkdtempSync(join(tmpdir(), 'mac-tools-'));
      const out = kind === 'adhoc' ? ['codesign-adhoc.txt', 'spctl-adhoc.txt', 'stapler-none.txt', 3, 65] : ['codesign-developer-id.txt', 'spctl-notarized.txt', 'stapler-ok.txt', 0, 0];
      for (const [name, file, code, stream] of [['codesign', out[0], 0, 2], ['spctl', out[1], out[3], 2], ['xcrun', out[2], out[4], 1]] as const) {
        copyFileSync(join('test/fixtures/release', String(file)), join(bin, `${name}.out`));
        writeFileSync(join(bin, name), `#!/bin/sh\ncat "$(dirname "$0")/${name}.out" >&${stream}\nexit ${code}\n`);
        chmodSync(join(bin, name), 0o755);
      }
      return bin;
    };
    const gate = (dir: string, bin: string) => spawnSync(process.execPath, [resolve('scripts/check-mac-signature.mjs'), dir], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, APPLE_TEAM_ID: '' } });

    it.runIf(process.platform !== 'win32')('fails the release for an ad-hoc signed app, and passes a notarised one', () => {
      const dir = macApp('mac-arm64');
      const r = gate(dir, tools('adhoc'));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('signed ad hoc, not with a Developer ID certificate');
      expect(r.stderr).toContain('no TeamIdentifier in the signature');
      expect(r.stderr).toContain('The release must not ship');
      const ok = gate(dir, tools('signed'));
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('Developer ID signed, accepted by Gatekeeper, ticket stapled');
    });
  });

  it('release.yml runs the gate on macOS exactly when the certificate secret is set, after the build', () => {
    expect(release.jobs.installers.env.MAC_SIGNED).toBe("${{ secrets.MAC_CERTIFICATE_P12_BASE64 != '' }}");
    const gateAt = installerSteps.findIndex((s) => s.run === 'node scripts/check-mac-signature.mjs release');
    expect(installerSteps[gateAt]!.if).toBe("runner.os == 'macOS' && env.MAC_SIGNED == 'true'");
    expect(gateAt).toBeGreaterThan(installerSteps.findIndex((s) => s.name === 'Build the installers (macOS)'));
  });

  it('the real macOS build lets electron-builder discover the imported identity when the certificate is set', () => {
    const mac = installerSteps.find((s) => s.name === 'Build the installers (macOS)')!;
    expect(mac.run).toBe('npm run dist');
    // Hard-coded "false" here is what kept every release unsigned.
    expect(mac.env!.CSC_IDENTITY_AUTO_DISCOVERY).toBe('${{ env.MAC_SIGNED }}');
  });
});

describe('per-OS certificate variables (item 6)', () => {
  it('each build step names only its own OS certificate; Linux gets none; no step picks one by expression', () => {
    const builds = installerSteps.filter((s) => s.run === 'npm run dist');
    expect(builds.map((s) => s.if)).toEqual(["runner.os == 'macOS'", "runner.os == 'Windows'", "runner.os == 'Linux'"]);
    const [mac, win, linux] = builds.map((s) => JSON.stringify(s.env ?? {}));
    expect(mac).toContain('MAC_CERTIFICATE_P12_BASE64');
    expect(mac).not.toContain('WINDOWS_');
    expect(win).toContain('WINDOWS_CERTIFICATE_PFX_BASE64');
    expect(win).not.toContain('MAC_');
    expect(linux).not.toContain('CSC_');
    // `a && b || c` falls through to c whenever b is empty: the bug that crossed certificates.
    for (const s of installerSteps) for (const v of Object.values(s.env ?? {})) expect(v).not.toMatch(/secrets\.[^}]*\|\|/);
  });
});

describe('.gitattributes and platform-aware tests (item 2)', () => {
  it('checks text out with LF everywhere, so golden files compare byte for byte on Windows', () => {
    for (const file of ['test/fixtures/golden/pack-acme-prod', 'test/fixtures/release/codesign-adhoc.txt', 'README.md', '.ci/run']) {
      const r = spawnSync('git', ['check-attr', 'text', 'eol', '--', file], { encoding: 'utf8' });
      expect(r.stdout).toContain(`${file}: eol: lf`);
    }
    expect(spawnSync('git', ['check-attr', 'binary', '--', 'build/icon.png'], { encoding: 'utf8' }).stdout).toContain('binary: set');
  });

  it('npm test lets a skip through only from the keychain suite or a test declared for other systems', () => {
    const report = (name: string, fullName: string) => ({ testResults: [{ name: `/repo/${name}`, assertionResults: [{ status: 'skipped', fullName }] }] });
    const posix = report('test/unit/electron-login-shell-path.test.ts', "the login shell's PATH on macOS (only on darwin, linux) reads the PATH");
    expect(declaredPlatforms("the login shell's PATH on macOS (only on darwin, linux) x")).toEqual(['darwin', 'linux']);
    expect(classifySkips(posix, { root: '/repo', platform: 'win32' })).toMatchObject({ notApplicable: [expect.stringContaining('electron-login-shell-path')], violations: [] });
    // On a system the title names, the same skip hides a gap and fails the run.
    expect(classifySkips(posix, { root: '/repo', platform: 'linux' }).violations).toEqual([expect.stringContaining('declared for linux, so it must run here')]);
    expect(classifySkips(report('test/unit/x.test.ts', 'something else'), { root: '/repo', platform: 'win32' }).violations).toHaveLength(1);
    const keychain = report(join('test', 'keychain', 'secret-store.test.ts'), 'stores a secret');
    expect(classifySkips(keychain, { root: '/repo', platform: 'linux' })).toMatchObject({ keychain: 1, violations: [] });
    expect(classifySkips(keychain, { root: '/repo', platform: 'darwin', requireKeychain: true }).violations).toHaveLength(1);
  });

  it('reads icacls output: the profile ACL is the user alone; a grant to Users or Authenticated Users is not', () => {
    const own = 'C:\\Users\\runneradmin\\AppData\\Local\\Temp\\logs-x1\\logs\\main.log';
    expect(icaclsGrants(fixture('icacls-profile.txt'), own).map((g) => g.principal)).toEqual(['NT AUTHORITY\\SYSTEM', 'BUILTIN\\Administrators', 'fv-az123-456\\runneradmin']);
    expect(broadGrants(fixture('icacls-profile.txt'), own)).toEqual([]);
    expect(broadGrants(fixture('icacls-users.txt'), 'C:\\data\\alphaswarm.db')).toEqual(['BUILTIN\\Users:(I)(RX)', 'NT AUTHORITY\\Authenticated Users:(I)(M)']);
  });

  it('no test asserts a POSIX mode directly: they go through expectOwnerOnly, which checks the ACL on Windows', () => {
    const offenders = spawnSync('git', ['grep', '-n', '-E', 'mode & 0o777\\)\\.toBe', '--', 'test'], { encoding: 'utf8' }).stdout.trim();
    expect(offenders).toBe('');
  });
});

describe('the keychain suite on macOS and Windows (item 3)', () => {
  it('the Node-level suite runs the keychain project there, and its skips fail the job', () => {
    const job = ci.jobs['node-suite'];
    const step = (job.steps as Step[]).find((s) => s.run?.startsWith('npm test'))!;
    expect(step.run).toBe('npm test -- --project unit --project integration --project keychain');
    expect(step.env).toMatchObject({ ALPHASWARM_REQUIRE_KEYCHAIN: '1' });
    expect(readFileSync('scripts/test.mjs', 'utf8')).toContain("requireKeychain: process.env.ALPHASWARM_REQUIRE_KEYCHAIN === '1'");
  });
});

describe('the .deb declares its libraries (item 4)', () => {
  it("deb.depends is electron-builder's own default list plus libsecret-1-0", () => {
    const defaults = builderDefaultDebDepends();
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libnotify4', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1']));
    expect(config.deb.depends).toEqual(expect.arrayContaining([...defaults, 'libsecret-1-0']));
  });

  it('reads a Depends field with versions and alternatives', () => {
    const field = 'libgtk-3-0 (>= 3.0), libnotify4, libnss3 | libnss3-nss, xdg-utils:any\n';
    expect(parseDepends(field)).toEqual([['libgtk-3-0'], ['libnotify4'], ['libnss3', 'libnss3-nss'], ['xdg-utils']]);
    expect(missingDepends(field, ['libgtk-3-0', 'libnss3', 'libsecret-1-0'])).toEqual(['libsecret-1-0']);
  });

  it.runIf(process.platform === 'linux')('scripts/check-deb-depends.mjs reads a real .deb built by dpkg-deb: the old list fails, the full one passes (only on linux)', () => {
    const build = (depends: string) => {
      const out = mkdtempSync(join(tmpdir(), 'release-'));
      const root = join(mkdtempSync(join(tmpdir(), 'deb-')), 'pkg');
      mkdirSync(join(root, 'DEBIAN'), { recursive: true });
      writeFileSync(join(root, 'DEBIAN', 'control'), `Package: alphaswarm-onboarding\nVersion: 0.1.0\nArchitecture: amd64\nMaintainer: AlphaSwarm <support@alpha-swarm.ai>\nDepends: ${depends}\nDescription: test\n`);
      const r = spawnSync('dpkg-deb', ['--root-owner-group', '--build', root, join(out, 'alphaswarm-onboarding-0.1.0-linux-amd64.deb')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return spawnSync(process.execPath, ['scripts/check-deb-depends.mjs', out], { encoding: 'utf8' });
    };
    const old = build('libsecret-1-0');
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('does not depend on libgtk-3-0, libnotify4, libnss3');
    const full = build((config.deb.depends as string[]).join(', '));
    expect(full.stderr).toBe('');
    expect(full.status).toBe(0);
  });

  it('release.yml checks the built .deb on Linux', () => {
    expect(installerSteps.find((s) => s.run === 'node scripts/check-deb-depends.mjs release')?.if).toBe("runner.os == 'Linux'");
  });
});

describe('the smokes run the sandbox, launch the Intel app and check native architectures (item 5)', () => {
  it('both smoke scripts launch with chromiumSandbox: true and check no --no-sandbox switch reached the app', () => {
    for (const script of ['scripts/smoke-electron.mjs', 'scripts/smoke-packaged.mjs']) {
      const text = readFileSync(script, 'utf8');
      expect(text, script).toMatch(/electron\.launch\(\{[\s\S]*?chromiumSandbox: true,/);
      expect(text, script).toContain("hasSwitch('no-sandbox')");
    }
  });

  it('the macOS runner packages the smoke copy for arm64 and x64 and launches both', () => {
    const mac = release.jobs.installers.strategy.matrix.include.find((m: { os: string }) => m.os.startsWith('macos'));
    expect(mac['smoke-archs']).toBe('--arm64 --x64');
    const smoke = installerSteps.find((s) => s.if === "runner.os == 'macOS'" && s.run?.includes('smoke-packaged'))!.run!;
    expect(smoke).toContain('node scripts/smoke-packaged.mjs release-smoke --arch arm64');
    expect(smoke).toContain('node scripts/smoke-packaged.mjs release-smoke --arch x64');
    expect(smoke).toContain('node scripts/check-native-arch.mjs release-smoke');
    expect(installerSteps.find((s) => s.run === 'node scripts/check-native-arch.mjs release')?.if).toBe("runner.os == 'macOS'");
  });

  it('reads thin and universal Mach-O headers as lipo -archs does', () => {
    expect(machOArchs(thin('arm64'))).toEqual(['arm64']);
    expect(machOArchs(thin('x86_64'))).toEqual(['x86_64']);
    expect(machOArchs(fat('x86_64', 'arm64'))).toEqual(['x86_64', 'arm64']);
    expect(machOArchs(Buffer.from('\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00', 'latin1'))).toBeNull();
  });

  it.runIf(process.platform !== 'win32')('libmagic (`file`) agrees with the header reader on the same bytes (only on darwin, linux)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'macho-'));
    writeFileSync(join(dir, 'arm64.node'), thin('arm64'));
    writeFileSync(join(dir, 'x64.node'), thin('x86_64'));
    expect(spawnSync('file', ['-b', join(dir, 'arm64.node')], { encoding: 'utf8' }).stdout).toMatch(/Mach-O 64-bit.*arm64/);
    expect(spawnSync('file', ['-b', join(dir, 'x64.node')], { encoding: 'utf8' }).stdout).toMatch(/Mach-O 64-bit.*x86_64/);
  });

  it('scripts/check-native-arch.mjs fails an Intel app carrying an arm64 better-sqlite3, and passes matching ones', () => {
    const sqlite = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    const keyringX64 = 'node_modules/@napi-rs/keyring-darwin-x64/keyring.darwin-x64.node';
    const keyringArm = 'node_modules/@napi-rs/keyring-darwin-arm64/keyring.darwin-arm64.node';
    const run = (dir: string) => spawnSync(process.execPath, ['scripts/check-native-arch.mjs', dir], { encoding: 'utf8' });
    const wrong = run(macApp('mac', { [sqlite]: thin('arm64'), [keyringX64]: thin('x86_64'), [keyringArm]: thin('arm64') }));
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/\(x64\): .*better_sqlite3\.node is built for arm64, needs x86_64/);
    const good = run(macApp('mac-arm64', { [sqlite]: thin('arm64'), [keyringX64]: thin('x86_64'), [keyringArm]: thin('arm64') }));
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('(named for the other CPU; not loaded here)');
    // A binding package named for one CPU holding another is wrong even where it is not loaded.
    expect(run(macApp('mac-arm64', { [sqlite]: thin('arm64'), [keyringX64]: thin('arm64') })).status).toBe(1);
  });
});

describe('Node ^22.13 or 24 (item 7)', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));

  it("every Node that engines admits satisfies every locked package's engines.node, so a fresh clone installs without EBADENGINE", () => {
    // 22.12 was the issue's floor (Electron 45's tooling); ESLint 10 wants ^22.13, which this found.
    expect(pkg.engines.node).toBe('^22.13.0 || >=24');
    const admitted = [semver.minVersion(pkg.engines.node)!.version, '22.23.3', '24.0.0', '24.11.1', process.versions.node].filter((v) => semver.satisfies(v, pkg.engines.node));
    expect(admitted).toContain('22.13.0');
    const refused = Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>).flatMap(([path, p]) =>
      path !== '' && typeof p.engines?.node === 'string' ? admitted.filter((v) => !semver.satisfies(v, p.engines!.node!)).map((v) => `${path} wants node ${p.engines!.node}, not ${v}`) : [],
    );
    expect(refused).toEqual([]);
    expect(lock.packages[''].engines.node).toBe(pkg.engines.node);
  });

  it('every workflow sets up Node 24 (the LTS line Electron 45 embeds), none Node 20', () => {
    for (const wf of [ci, release]) {
      const jobs: Record<string, { steps: (Step & { uses?: string })[] }> = wf.jobs;
      for (const job of Object.values(jobs)) {
        for (const s of job.steps.filter((x) => (x.uses ?? '').startsWith('actions/setup-node'))) expect(s.with!['node-version']).toBe(24);
      }
    }
  });

  it('.ci/run installs Node 22 from the npm registry when the machine has an older one, and builds against its headers', () => {
    const run = readFileSync('.ci/run', 'utf8');
    expect(run).toContain('npm install --no-save --no-audit --no-fund --prefix .ci/node node@22');
    expect(run).toMatch(/export PATH="\$PWD\/\.ci\/node\/node_modules\/\.bin:\$PATH"/);
    expect(run).toContain('npm_config_nodedir');
    expect(run.indexOf('node@22')).toBeLessThan(run.indexOf('npm ci'));
    expect(readFileSync('README.md', 'utf8')).toContain('Needs Node.js 22.13 or later');
  });
});

describe("the README's release section (item 4 of the task)", () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### What is verified where'), readme.indexOf('### Running the Electron smoke test by hand'));

  it('says per OS what a release tag proves, and what CI does not prove', () => {
    for (const os of ['**macOS**', '**Windows**', '**Linux**']) expect(section).toContain(os);
    expect(section).toContain('**What CI does not prove**');
    expect(section).toContain('signed-build gate');
    expect(section).toMatch(/ad-hoc-signed\*\* app \(it fails/);
    expect(readme).not.toContain('signs over it properly');
  });

  it('the release keeps what the update feed serves: latest*.yml, the mac zips, block maps', () => {
    const installers = (release.jobs.installers.strategy.matrix.include as { installers: string }[]).map((m) => m.installers).join('\n');
    for (const f of ['release/latest-mac.yml', 'release/latest.yml', 'release/latest-linux.yml', 'release/*.zip', 'release/*.blockmap']) expect(installers).toContain(f);
  });
});
