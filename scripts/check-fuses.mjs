#!/usr/bin/env node
// Read the fuses of every packaged app under an electron-builder output folder (default
// `release/`) and compare them with electron-builder.yml. Exit 1 on any difference.
// Usage: node scripts/check-fuses.mjs [OUTPUT_DIR] [--platform darwin|win32|linux]
import { getCurrentFuseWire } from '@electron/fuses';
import { builderConfig, configuredFuses, fuseMismatches, packagedAppsFromArgs } from './lib/packaged.mjs';

const config = builderConfig();
const { apps } = packagedAppsFromArgs(process.argv.slice(2), config);
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
