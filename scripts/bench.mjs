#!/usr/bin/env node
// `npm run bench`: build the renderer (its size is measured), then run every benchmark in one process.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
step([join(root, 'scripts', 'build-cli.mjs')]);
step(['--expose-gc', join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'test', 'bench', 'index.ts')]);
