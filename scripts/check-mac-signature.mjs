#!/usr/bin/env node
// The signed-build gate: run on macOS by the release job when the certificate secret is set. Every
// .app under the output folder must carry a Developer ID signature with a TeamIdentifier (an ad-hoc
// signature has none, yet passes `codesign --verify`), be accepted by Gatekeeper (`spctl --assess`)
// and have its notarisation ticket stapled (`xcrun stapler validate`). Exit 1 names each failure.
// Usage: node scripts/check-mac-signature.mjs [OUTPUT_DIR] [--team TEAMID]
// (APPLE_TEAM_ID in the environment does what --team does: the identifier must then be that one.)
import { spawnSync } from 'node:child_process';
import { packagedAppsFromArgs } from './lib/packaged.mjs';
import { signatureProblems } from './lib/mac-signature.mjs';

const argv = process.argv.slice(2);
const teamAt = argv.indexOf('--team');
const team = teamAt >= 0 ? argv.splice(teamAt, 2)[1] : process.env.APPLE_TEAM_ID || undefined;
const { apps } = packagedAppsFromArgs([...argv, '--platform', 'darwin']);

/** Runs a tool and keeps what it printed on both streams (codesign -d writes to stderr). */
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.error ? null : r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error.message) : ''}` };
};

let failed = false;
for (const app of apps) {
  const problems = signatureProblems({
    codesign: run('codesign', ['--display', '--verbose=4', app.fusePath]),
    spctl: run('spctl', ['--assess', '--type', 'execute', '--verbose=4', app.fusePath]),
    stapler: run('xcrun', ['stapler', 'validate', app.fusePath]),
    team,
  });
  if (problems.length === 0) console.log(`✓ ${app.fusePath} (${app.arch}): Developer ID signed, accepted by Gatekeeper, ticket stapled`);
  else {
    failed = true;
    for (const p of problems) console.error(`✗ ${app.fusePath} (${app.arch}): ${p}`);
  }
}
if (failed) console.error('The release must not ship: check MAC_CERTIFICATE_P12_BASE64 (a "Developer ID Application" certificate) and the APPLE_API_KEY_* notarisation secrets.');
process.exit(failed ? 1 : 0);
