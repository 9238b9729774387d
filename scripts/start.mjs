#!/usr/bin/env node
// `npm start`: build, then open the app in Electron — or, where Electron's binary cannot be had,
// in the system's Chromium with the same services behind the same bridge.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

const built = run(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
if (built.status !== 0) process.exit(built.status ?? 1);

/** Electron's binary, downloading it on first use; undefined with the reason when it cannot be had. */
function electronBinary() {
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
 * better-sqlite3 built for Electron's ABI, kept apart from node_modules so `npm test` (which needs
 * the Node build) keeps working. Built once per Electron version.
 */
function sqliteForElectron(version) {
  const out = join(root, '.electron-native', version, 'better_sqlite3.node');
  if (existsSync(out)) return out;
  const src = join(root, '.electron-native', 'build-better-sqlite3');
  rmSync(src, { recursive: true, force: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3'), src, { recursive: true });
  rmSync(join(src, 'build'), { recursive: true, force: true });
  // node-gyp ships inside npm itself.
  const npmDir = process.env.npm_execpath ? join(process.env.npm_execpath, '..', '..') : join(process.execPath, '..', '..', 'lib', 'node_modules', 'npm');
  const gyp = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const r = run(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], { cwd: src });
  if (r.status !== 0) return undefined;
  mkdirSync(join(root, '.electron-native', version), { recursive: true });
  copyFileSync(join(src, 'build', 'Release', 'better_sqlite3.node'), out);
  return out;
}

const electron = electronBinary();
if (electron.binary) {
  const binding = sqliteForElectron(electron.version);
  if (!binding) {
    console.error('Could not build better-sqlite3 for Electron (needs Electron headers from electronjs.org); opening in Chromium instead.');
  } else {
    const child = spawn(electron.binary, ['.'], { cwd: root, stdio: 'inherit', env: { ...process.env, ALPHASWARM_SQLITE_NATIVE_BINDING: binding } });
    child.on('exit', (code) => process.exit(code ?? 0));
    // Electron owns the window from here.
    await new Promise(() => {});
  }
}

console.log(`Electron's binary is not available here (${electron.reason ?? 'see above'}); opening AlphaSwarm Onboarding in Chromium with the same services instead.`);
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = spawn(process.execPath, [tsx, join(root, 'main', 'browser-host', 'start.ts')], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
