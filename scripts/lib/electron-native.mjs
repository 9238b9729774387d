// Electron's binary for development (`npm start`, the Electron smoke test), and better-sqlite3
// built for Electron's ABI, kept apart from node_modules so `npm test` (which needs the Node build
// there) keeps working. Plain JavaScript: CI runs these scripts on macOS, Windows and Linux.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Electron's binary, downloading it on first use; `{ reason }` when it cannot be had. */
export function electronBinary(root) {
  const dir = join(root, 'node_modules', 'electron');
  if (!existsSync(dir)) return { reason: 'the electron package is not installed' };
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  if (install.status !== 0) {
    const last = `${install.stderr ?? ''}`.trim().split('\n').filter(Boolean).find((l) => /error|ENOTFOUND|ECONN|EAI_AGAIN|fetch failed/i.test(l));
    return { reason: `its download failed${last ? `: ${last.trim().slice(0, 120)}` : ''}` };
  }
  const pathFile = join(dir, 'path.txt');
  const binary = existsSync(pathFile) ? join(dir, 'dist', readFileSync(pathFile, 'utf8')) : undefined;
  return binary && existsSync(binary) ? { binary, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version } : { reason: 'the download left no binary' };
}

/**
 * The folder a build is cached under: everything that makes the binary differ is in its name, so
 * a build for another Electron, CPU, OS or better-sqlite3 release is never picked up by mistake.
 */
export function sqliteBuildKey({ electronVersion, platform, arch, sqliteVersion }) {
  return `electron-${electronVersion}-${platform}-${arch}-better-sqlite3-${sqliteVersion}`;
}

/** node-gyp: the project's own copy when installed, else the one that ships inside npm. */
function nodeGypScript(root) {
  try {
    return createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const npmDirs = [
      process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..'),
      join(dirname(process.execPath), 'node_modules', 'npm'), // Windows
      join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'), // macOS, Linux
    ].filter(Boolean);
    return npmDirs.map((d) => join(d, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')).find((p) => existsSync(p));
  }
}

const defaultRun = (command, args, options) => spawnSync(command, args, { stdio: 'inherit', ...options }).status ?? 1;

/**
 * better-sqlite3 built for Electron, built once per key (see sqliteBuildKey) from the installed
 * sources with node-gyp (Electron's headers come from electronjs.org). Returns the .node path, or
 * undefined when the build failed. `run` is injectable for the tests.
 */
export function sqliteForElectron(root, { electronVersion, platform = process.platform, arch = process.arch, run = defaultRun }) {
  const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
  const out = join(root, '.electron-native', sqliteBuildKey({ electronVersion, platform, arch, sqliteVersion }), 'better_sqlite3.node');
  if (existsSync(out)) return out;
  const gyp = nodeGypScript(root);
  if (!gyp) return undefined;
  const src = join(root, '.electron-native', 'build-better-sqlite3');
  rmSync(src, { recursive: true, force: true });
  cpSync(sqliteDir, src, { recursive: true });
  rmSync(join(src, 'build'), { recursive: true, force: true });
  const status = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: src });
  const built = join(src, 'build', 'Release', 'better_sqlite3.node');
  if (status !== 0 || !existsSync(built)) return undefined;
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(built, out);
  rmSync(src, { recursive: true, force: true });
  return out;
}
