import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Runner, sqliteBuildKey, sqliteForElectron } from '../../scripts/lib/electron-native.mjs';

// `npm start` and the Electron smoke test load better-sqlite3 built for Electron from a cache in
// .electron-native/. A binary built for another Electron, CPU, OS or better-sqlite3 release must
// never be reused: the app would fail at `new Database()` with NODE_MODULE_VERSION or "wrong ELF".
function project(sqliteVersion = '12.11.1') {
  const root = mkdtempSync(join(tmpdir(), 'electron-native-'));
  const sqlite = join(root, 'node_modules', 'better-sqlite3');
  mkdirSync(join(sqlite, 'build', 'Release'), { recursive: true });
  writeFileSync(join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: sqliteVersion }));
  writeFileSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'the Node build');
  // The project's own node-gyp, as npm installs it.
  mkdirSync(join(root, 'node_modules', 'node-gyp', 'bin'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'node-gyp', 'package.json'), JSON.stringify({ name: 'node-gyp', version: '11.0.0' }));
  writeFileSync(join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), '');
  writeFileSync(join(root, 'package.json'), '{}');
  const builds: string[][] = [];
  /** Plays node-gyp: records the arguments and leaves a binary that says what it was built for. */
  const run: Runner = (_command, args, { cwd }) => {
    builds.push([...args.slice(1)]);
    expect(existsSync(join(cwd, 'build'))).toBe(false); // never starts from the Node build's objects
    mkdirSync(join(cwd, 'build', 'Release'), { recursive: true });
    writeFileSync(join(cwd, 'build', 'Release', 'better_sqlite3.node'), `built with ${args.slice(2).join(' ')}`);
    return 0;
  };
  return { root, builds, run };
}

describe("npm start's Electron build of better-sqlite3", () => {
  it('is built once with node-gyp for Electron, its version and the CPU, then reused', () => {
    const p = project();
    const first = sqliteForElectron(p.root, { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', run: p.run });
    expect(p.builds).toEqual([['rebuild', '--release', '--target=45.5.0', '--arch=x64', '--runtime=electron', '--dist-url=https://electronjs.org/headers']]);
    expect(readFileSync(first!, 'utf8')).toContain('--target=45.5.0 --arch=x64 --runtime=electron');
    expect(sqliteForElectron(p.root, { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', run: p.run })).toBe(first);
    expect(p.builds).toHaveLength(1);
    // node_modules keeps the Node build for the tests and the CLI.
    expect(readFileSync(join(p.root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('the Node build');
  });

  it('is built again, into its own folder, for another Electron, CPU or OS', () => {
    const p = project();
    const base = { electronVersion: '45.5.0', platform: 'darwin', arch: 'arm64', run: p.run };
    const paths = [
      sqliteForElectron(p.root, base),
      sqliteForElectron(p.root, { ...base, electronVersion: '46.0.0' }),
      sqliteForElectron(p.root, { ...base, arch: 'x64' }),
      sqliteForElectron(p.root, { ...base, platform: 'linux' }),
    ];
    expect(new Set(paths).size).toBe(4);
    expect(p.builds.map((b) => b.find((a) => a.startsWith('--arch=')))).toEqual(['--arch=arm64', '--arch=arm64', '--arch=x64', '--arch=arm64']);
  });

  it('is built again after better-sqlite3 is upgraded', () => {
    const before = sqliteBuildKey({ electronVersion: '45.5.0', platform: 'linux', arch: 'x64', sqliteVersion: '12.11.1' });
    const after = sqliteBuildKey({ electronVersion: '45.5.0', platform: 'linux', arch: 'x64', sqliteVersion: '12.12.0' });
    expect(after).not.toBe(before);
    const p = project('12.12.0');
    expect(sqliteForElectron(p.root, { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', run: p.run })).toContain(after);
  });

  it('a failed build caches nothing, so the next start tries again', () => {
    const p = project();
    const failing: Runner = (...args) => (p.builds.push([...args[1]]), 1);
    expect(sqliteForElectron(p.root, { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', run: failing })).toBeUndefined();
    expect(sqliteForElectron(p.root, { electronVersion: '45.5.0', platform: 'linux', arch: 'x64', run: p.run })).toBeDefined();
    expect(p.builds).toHaveLength(2);
  });
});
