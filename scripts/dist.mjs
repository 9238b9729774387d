#!/usr/bin/env node
// `npm run dist`: build the app, then installers for this platform with electron-builder (extra
// arguments are passed on, e.g. `npm run dist -- --dir`).
//
// electron-builder rebuilds better-sqlite3 inside node_modules for Electron's ABI. The tests and the
// CLI need the Node build there, so it is put back afterwards — whether packaging worked or not —
// and checked by loading it, the same way `npm start` keeps its Electron build aside.
//
// @electron/rebuild skips a module whose build/Release/.forge-meta marker matches the target, and
// `npm rebuild` (prebuild-install) puts the Node binary back without removing that marker. Left in
// place, the next packaging run would ship the Node build — and the packaged app would fail at
// `new Database()` with "NODE_MODULE_VERSION … requires …". So the marker goes before every
// electron-builder call and after every restore. Any packaging (the release job's smoke copy too)
// goes through this script, never through electron-builder directly.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where @electron/rebuild records which build of better-sqlite3 node_modules holds. */
export const REBUILD_MARKER = ['node_modules', 'better-sqlite3', 'build', 'Release', '.forge-meta'];

/** Runs a command to completion with the terminal attached; answers its exit status. */
export function spawnRunner(root) {
  return (command, args, options = {}) => spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options }).status ?? 1;
}

/**
 * The whole `npm run dist` sequence. `run(command, args, options)` runs one step and answers its
 * exit status; the tests pass one that records the steps instead of running them.
 */
export function dist({ root, args = [], run = spawnRunner(root), npmExecPath = process.env.npm_execpath, log = console.log, error = console.error }) {
  const node = (script, scriptArgs) => run(process.execPath, [script, ...scriptArgs]);
  const forgetElectronBuild = () => rmSync(join(root, ...REBUILD_MARKER), { force: true });

  let status = node(join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), ['build']);
  if (status === 0) {
    forgetElectronBuild();
    status = node(join(root, 'node_modules', 'electron-builder', 'cli.js'), ['--publish', 'never', ...args]);
  }

  log('\nRestoring the Node build of better-sqlite3 for the tests and the CLI…');
  const rebuilt = npmExecPath
    ? run(process.execPath, [npmExecPath, 'rebuild', 'better-sqlite3'])
    : run('npm', ['rebuild', 'better-sqlite3'], { shell: process.platform === 'win32' });
  forgetElectronBuild();
  const loads = run(process.execPath, ['-e', 'new (require("better-sqlite3"))(":memory:").close()']);
  if (rebuilt !== 0 || loads !== 0) {
    error('✗ better-sqlite3 could not be rebuilt for Node; run "npm rebuild better-sqlite3" before "npm test".');
    status ||= 1;
  }
  return status;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(dist({ root: resolve(import.meta.dirname, '..'), args: process.argv.slice(2) }));
}
