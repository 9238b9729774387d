#!/usr/bin/env node
// Install the @napi-rs/keyring binding for every architecture electron-builder.yml packages on this
// platform — on an arm64 Mac, the x64 one npm skipped — at the version and integrity
// package-lock.json pins. Run after `npm ci`, before `npm run dist`. Nothing to do on a platform
// that packages only its own architecture.
// Usage: node scripts/install-keyring-bindings.mjs [--dry-run]   (--dry-run: say what it would do)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { keyringBindingsFor } from './lib/keyring-bindings.mjs';
import { builderConfig } from './lib/packaged.mjs';

const root = resolve(import.meta.dirname, '..');
const dryRun = process.argv.includes('--dry-run');
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

for (const binding of keyringBindingsFor(root, builderConfig(), process.platform)) {
  const spec = `${binding.name}@${binding.version}`;
  if (binding.installed) {
    console.log(`✓ ${spec} (${binding.arch}) is installed`);
    continue;
  }
  if (dryRun) {
    console.log(`· ${spec} (${binding.arch}) would be installed from the registry`);
    continue;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'keyring-binding-'));
  // npm pack fetches the tarball without touching node_modules or the lockfile (npm install would
  // refuse a package for another CPU, or re-resolve the tree).
  const packed = spawnSync(npm[0], [...npm[1], 'pack', spec, '--json', '--pack-destination', scratch], {
    cwd: root,
    encoding: 'utf8',
    shell: process.platform === 'win32' && !process.env.npm_execpath,
  });
  if (packed.status !== 0) fail(`npm pack ${spec} failed: ${(packed.stderr ?? '').trim().split('\n').at(-1)}`);
  const [info] = JSON.parse(packed.stdout);
  if (info?.integrity !== binding.integrity) fail(`${spec} from the registry has integrity ${info?.integrity}, package-lock.json pins ${binding.integrity}; not installing it.`);
  const target = join(root, 'node_modules', ...binding.name.split('/'));
  mkdirSync(target, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', join(scratch, info.filename), '-C', target, '--strip-components=1'], { stdio: 'inherit' });
  rmSync(scratch, { recursive: true, force: true });
  if (untar.status !== 0) fail(`could not unpack ${spec} into ${target}.`);
  console.log(`✓ ${spec} (${binding.arch}) installed from the registry, integrity as pinned`);
}
