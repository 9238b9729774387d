#!/usr/bin/env node
// `npm run dist`: build the app, then installers for this platform with electron-builder (extra
// arguments are passed on, e.g. `npm run dist -- --dir`).
//
// electron-builder rebuilds better-sqlite3 inside node_modules for Electron's ABI. The tests and the
// CLI need the Node build there, so it is put back afterwards — whether packaging worked or not —
// and checked by loading it, the same way `npm start` keeps its Electron build aside.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const node = (script, args) => spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' }).status ?? 1;

let status = node(join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), ['build']);
if (status === 0) status = node(join(root, 'node_modules', 'electron-builder', 'cli.js'), ['--publish', 'never', ...process.argv.slice(2)]);

console.log('\nRestoring the Node build of better-sqlite3 for the tests and the CLI…');
const npm = process.env.npm_execpath;
const rebuild = npm
  ? spawnSync(process.execPath, [npm, 'rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
const loads = spawnSync(process.execPath, ['-e', 'new (require("better-sqlite3"))(":memory:").close()'], { cwd: root, stdio: 'inherit' });
if (rebuild.status !== 0 || loads.status !== 0) {
  console.error('✗ better-sqlite3 could not be rebuilt for Node; run "npm rebuild better-sqlite3" before "npm test".');
  status ||= 1;
}
process.exit(status);
