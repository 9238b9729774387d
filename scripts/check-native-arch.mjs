#!/usr/bin/env node
// Every native module (.node) unpacked in every macOS app must be built for that app's CPU: an
// Intel app carrying an arm64 better-sqlite3 starts, then fails at its first database call. The
// per-architecture keychain packages both ride along in each app (npm installs them side by side);
// one named for the other CPU is never loaded there, so it only has to match its own name.
// Usage: node scripts/check-native-arch.mjs [OUTPUT_DIR]
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { machOArchsFor, machOArchsOfFile } from './lib/mach-o.mjs';
import { packagedAppsFromArgs } from './lib/packaged.mjs';

const { apps } = packagedAppsFromArgs([...process.argv.slice(2), '--platform', 'darwin']);
let failed = false;
for (const app of apps) {
  const unpacked = join(app.resources, 'app.asar.unpacked');
  const modules = readdirSync(unpacked, { recursive: true }).map(String).filter((f) => f.endsWith('.node'));
  if (modules.length === 0) {
    failed = true;
    console.error(`✗ ${app.fusePath} (${app.arch}): no native module under app.asar.unpacked (better-sqlite3 must be there)`);
  }
  for (const file of modules) {
    const archs = machOArchsOfFile(join(unpacked, file));
    // A package named for one CPU (…-darwin-x64, …-darwin-arm64) must hold that CPU.
    const named = /darwin-(x64|arm64|universal)[\\/]/.exec(file)?.[1];
    const want = machOArchsFor(named ?? app.arch);
    const where = `${app.fusePath} (${app.arch}): ${relative(app.resources, join(unpacked, file))}`;
    if (!archs) {
      failed = true;
      console.error(`✗ ${where} is not a Mach-O file`);
    } else if (!want.every((a) => archs.includes(a))) {
      failed = true;
      console.error(`✗ ${where} is built for ${archs.join(', ')}, needs ${want.join(', ')}: rebuild it for this architecture (npm run dist does).`);
    } else console.log(`✓ ${where}: ${archs.join(', ')}${named && named !== app.arch ? ' (named for the other CPU; not loaded here)' : ''}`);
  }
}
process.exit(failed ? 1 : 0);
