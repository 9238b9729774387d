#!/usr/bin/env node
// `npm test`: every runner (typecheck, unit, integration, browser) in one go, ending with one line
// of totals: "N passed, N failed, N skipped".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { classifySkips } from './lib/skip-rule.mjs';

const began = performance.now();
const root = resolve(import.meta.dirname, '..');
const bin = (pkg, path) => join(root, 'node_modules', pkg, path);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

// The secret store is tested against a real Secret Service: on Linux, re-run inside a private
// D-Bus session with its own unlocked gnome-keyring, so the developer's keyring is never touched.
if (process.platform === 'linux' && process.env.ALPHASWARM_TEST_KEYRING !== 'private') {
  if (has('dbus-run-session') && has('gnome-keyring-daemon')) {
    const scratch = mkdtempSync(join(tmpdir(), 'alphaswarm-keyring-'));
    const runtime = join(scratch, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    const inner = 'echo -n alphaswarm-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$0" "$@"';
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, process.execPath, ...process.argv.slice(1)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ALPHASWARM_TEST_KEYRING: 'private', XDG_DATA_HOME: join(scratch, 'data'), XDG_RUNTIME_DIR: runtime },
    });
    rmSync(scratch, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
  console.log('No Secret Service here (install dbus and gnome-keyring): tests that need the OS keychain will be skipped.');
}

const totals = { passed: 0, failed: 0, skipped: 0 };
// How long each phase took, printed above the totals so a slow phase is seen, not guessed.
const phases = [];
const timed = (name, run) => {
  const started = performance.now();
  const result = run();
  phases.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

// The static checks run beside vitest, at a lower priority, each with its output held back and
// printed whole after the tests: on two cores the tests spend much of their time waiting on local
// servers and disks, and the checks fill that time instead of adding their own minutes to the run.
const background = (phase, name, args) => {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    setPriority(child.pid, 10);
  } catch {
    // Not allowed here: it runs at the same priority.
  }
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((done) => child.on('close', (status) => done({ phase, name, status, output, seconds: (performance.now() - started) / 1000 })));
};
const cache = join(root, 'node_modules', '.cache');

console.log('\n▶ build (renderer, preload, main, CLI)');
const build = timed('build', () => spawnSync(process.execPath, [bin('electron-vite', 'bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' }));
if (build.status !== 0) totals.failed += 1;
// The CLI as users run it: built JavaScript (the spawned-executable tests use it).
const cliBuild = timed('CLI build', () => spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' }));
if (cliBuild.status !== 0) totals.failed += 1;

const checks = [
  // One incremental build of four referenced projects: shared (no Node, no Electron), main and
  // preload (Node), the renderer (DOM, no Node), and tests and tools (both). An unchanged project
  // is not checked again: its build info is in node_modules/.cache/tsc.
  background('typecheck', 'typecheck (tsc -b: shared, main, renderer, tests)', [bin('typescript', 'bin/tsc'), '-b', 'tsconfig.json']),
  background('lint', 'lint (ESLint, zero warnings, cached)', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0', '--cache', '--cache-strategy', 'content', '--cache-location', join(cache, 'eslint', '')]),
  // Dead code stays out: unused files, exports, types and dependencies (knip.jsonc says what it may not see).
  background('knip', 'dead code (knip)', [bin('knip', 'bin/knip.js'), '--no-progress']),
];

console.log('\n▶ vitest (unit, integration, e2e)');
const report = join(root, 'test-results', 'vitest.json');
rmSync(report, { force: true });
// Spawned without blocking, so the checks' output keeps draining while the tests run.
const vitestStarted = performance.now();
const vitest = await new Promise((done) => {
  const child = spawn(process.execPath, [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR },
  });
  child.on('close', (status) => done({ status }));
});
phases.push(`vitest ${((performance.now() - vitestStarted) / 1000).toFixed(1)} s`);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests ?? 0;
  totals.failed += r.numFailedTests ?? 0;
  totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A file that fails to load has no tests to count, but it is a failure.
  totals.failed += (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  // Only the keychain suite may skip, and tests declared "(only on …)" other systems; anything else hides a gap.
  const skips = classifySkips(r, { root, platform: process.platform, requireKeychain: process.env.ALPHASWARM_REQUIRE_KEYCHAIN === '1' });
  if (skips.violations.length) {
    console.log(`\n✗ ${skips.violations.length} test(s) outside the keychain suite skipped; only test/keychain, and tests declared "(only on …)" another system, may skip:`);
    for (const s of skips.violations.slice(0, 20)) console.log(`  ${s}`);
    totals.failed += skips.violations.length;
  }
  if (skips.notApplicable.length) {
    console.log(`\nNot applicable on ${process.platform} (declared for other systems in their titles):`);
    for (const s of skips.notApplicable) console.log(`  ${s}`);
  }
  if (skips.keychain) console.log(`\nThe keychain suite skipped ${skips.keychain} test(s): no OS keychain (Secret Service) answers here. Everything else ran.`);
} else {
  totals.failed += 1;
}
if (vitest.status !== 0 && totals.failed === 0) totals.failed += 1;

for (const check of await Promise.all(checks)) {
  console.log(`\n▶ ${check.name}: ${check.status === 0 ? 'passed' : 'FAILED'} (${check.seconds.toFixed(1)} s, beside the tests)`);
  if (check.output.trim()) console.log(check.output.trimEnd());
  phases.push(`${check.phase} ${check.seconds.toFixed(1)} s`);
  if (check.status === 0) totals.passed += 1;
  else totals.failed += 1;
}

console.log(`\nPhases: ${phases.join(', ')}; total ${((performance.now() - began) / 1000).toFixed(1)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
