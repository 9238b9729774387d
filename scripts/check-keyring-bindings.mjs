#!/usr/bin/env node
// Check that every packaged app under an electron-builder output folder (default `release/`)
// carries the OS-keychain binding for its own architecture, unpacked from the asar. electron-builder
// only warns when one is missing; the app would then start without a keychain and refuse to store
// any secret. Exit 1 on any app without it.
// Usage: node scripts/check-keyring-bindings.mjs [OUTPUT_DIR] [--platform darwin|win32|linux]
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { keyringBindingFile, keyringBindingPackage } from './lib/keyring-bindings.mjs';
import { packagedAppsFromArgs } from './lib/packaged.mjs';

const { platform, apps } = packagedAppsFromArgs(process.argv.slice(2));
let failed = false;
for (const app of apps) {
  const name = keyringBindingPackage(platform, app.arch);
  const binding = join(app.resources, 'app.asar.unpacked', 'node_modules', ...name.split('/'), keyringBindingFile(platform, app.arch));
  if (existsSync(binding)) console.log(`✓ ${app.fusePath} (${app.arch}): ${name}`);
  else {
    failed = true;
    console.error(`✗ ${app.fusePath} (${app.arch}) has no ${name}: run "node scripts/install-keyring-bindings.mjs" before "npm run dist".`);
  }
}
process.exit(failed ? 1 : 0);
