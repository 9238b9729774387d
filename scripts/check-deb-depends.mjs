#!/usr/bin/env node
// Reads the Depends field of every built .deb (`dpkg-deb --field`) and fails when it lacks any of
// electron-builder's default libraries or any electron-builder.yml adds: a minimal Debian or
// Ubuntu install would otherwise fail at first launch for want of GTK, NSS or libsecret.
// Usage: node scripts/check-deb-depends.mjs [OUTPUT_DIR]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builderDefaultDebDepends, missingDepends } from './lib/deb-depends.mjs';
import { builderConfig } from './lib/packaged.mjs';

const outputDir = resolve(process.argv[2] ?? 'release');
const debs = readdirSync(outputDir).filter((f) => f.endsWith('.deb'));
if (debs.length === 0) {
  console.error(`✗ no .deb under ${outputDir}; run "npm run dist" on Linux first.`);
  process.exit(1);
}
const required = [...new Set([...builderDefaultDebDepends(), ...(builderConfig().deb?.depends ?? [])])];
let failed = false;
for (const deb of debs) {
  const r = spawnSync('dpkg-deb', ['--field', join(outputDir, deb), 'Depends'], { encoding: 'utf8' });
  if (r.status !== 0) {
    failed = true;
    console.error(`✗ ${deb}: dpkg-deb could not read its control file: ${(r.stderr || r.error?.message || '').trim()}`);
    continue;
  }
  const missing = missingDepends(r.stdout, required);
  if (missing.length === 0) console.log(`✓ ${deb} depends on ${required.join(', ')}`);
  else {
    failed = true;
    console.error(`✗ ${deb} does not depend on ${missing.join(', ')}: add them to deb.depends in electron-builder.yml.`);
  }
}
process.exit(failed ? 1 : 0);
