#!/usr/bin/env node
// Read the fuses of every packaged app under an electron-builder output folder (default
// `release/`) and compare them with electron-builder.yml. Exit 1 on any difference.
// Usage: node scripts/check-fuses.mjs [OUTPUT_DIR] [--platform darwin|win32|linux]
import { resolve } from 'node:path';
import { getCurrentFuseWire } from '@electron/fuses';
import { builderConfig, configuredFuses, findPackagedApps, fuseMismatches } from './lib/packaged.mjs';

const args = process.argv.slice(2);
const platformAt = args.indexOf('--platform');
const platform = platformAt >= 0 ? args.splice(platformAt, 2)[1] : process.platform;
const outputDir = resolve(args[0] ?? 'release');
const config = builderConfig();
const apps = findPackagedApps(outputDir, platform, config);
if (apps.length === 0) {
  console.error(`✗ no packaged app for ${platform} under ${outputDir}; run "npm run dist" first.`);
  process.exit(1);
}
let failed = false;
for (const app of apps) {
  const wire = await getCurrentFuseWire(app.fusePath);
  const problems = fuseMismatches(wire, config.electronFuses);
  if (problems.length) {
    failed = true;
    console.error(`✗ ${app.fusePath}\n${problems.map((p) => `    ${p}`).join('\n')}`);
  } else console.log(`✓ ${app.fusePath}: ${Object.keys(configuredFuses(config.electronFuses)).length} fuses as configured`);
}
process.exit(failed ? 1 : 0);
