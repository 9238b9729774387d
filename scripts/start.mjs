#!/usr/bin/env node
// `npm start`: build, then open the app in Electron — or, where Electron's binary cannot be had,
// in the system's Chromium with the same services behind the same bridge.
//
// Under Electron it runs as a development instance (app.isPackaged is false): its own name and
// userData, so an installed copy of the app does not keep it from starting, and the better-sqlite3
// build below is loaded through ALPHASWARM_SQLITE_NATIVE_BINDING (which a packaged app ignores).
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { electronBinary, sqliteForElectron } from './lib/electron-native.mjs';

const root = resolve(import.meta.dirname, '..');

const built = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = electronBinary(root);
if (electron.binary) {
  const binding = sqliteForElectron(root, { electronVersion: electron.version });
  if (!binding) {
    console.error('Could not build better-sqlite3 for Electron (needs Electron headers from electronjs.org and a C++ toolchain); opening in Chromium instead.');
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
