import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REBUILD_MARKER, type Runner, dist } from '../../scripts/dist.mjs';

// `npm run dist` against a recording of what it runs and what each electron-builder call would
// package. The recording plays the two tools as they behave: @electron/rebuild (inside
// electron-builder) skips better-sqlite3 when build/Release/.forge-meta matches its target and
// otherwise rebuilds it and writes the marker; `npm rebuild` (prebuild-install) puts the Node
// binary back and leaves the marker alone.
const TARGET = `${process.platform}--${process.arch}--140`;

function rig(builderStatus = 0) {
  const root = mkdtempSync(join(tmpdir(), 'dist-'));
  const release = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release');
  mkdirSync(release, { recursive: true });
  const binary = join(release, 'better_sqlite3.node');
  const marker = join(root, ...REBUILD_MARKER);
  writeFileSync(binary, 'node build');
  const steps: string[] = [];
  const packaged: { args: readonly string[]; binary: string }[] = [];
  const run: Runner = (command, args) => {
    const [script, ...rest] = args;
    if (basename(script ?? '') === 'electron-vite.js') {
      steps.push(`electron-vite ${rest.join(' ')}`);
      return 0;
    }
    if (script?.endsWith(join('electron-builder', 'cli.js'))) {
      if (!(existsSync(marker) && readFileSync(marker, 'utf8') === TARGET)) {
        writeFileSync(binary, 'electron build');
        writeFileSync(marker, TARGET);
      }
      steps.push(`electron-builder ${rest.join(' ')}`);
      packaged.push({ args: rest, binary: readFileSync(binary, 'utf8') });
      return builderStatus;
    }
    if (rest.join(' ') === 'rebuild better-sqlite3') {
      writeFileSync(binary, 'node build');
      steps.push('npm rebuild better-sqlite3');
      return 0;
    }
    if (script === '-e' && command === process.execPath) {
      steps.push('load better-sqlite3 in Node');
      return readFileSync(binary, 'utf8') === 'node build' ? 0 : 1;
    }
    throw new Error(`dist ran something unexpected: ${command} ${args.join(' ')}`);
  };
  const once = (args: string[] = []) => dist({ root, args, run, npmExecPath: '/usr/lib/node_modules/npm/bin/npm-cli.js', log: () => {}, error: () => {} });
  return { root, binary, marker, steps, packaged, once };
}

describe('npm run dist', () => {
  it('builds, packages, then restores and checks the Node build of better-sqlite3', () => {
    const r = rig();
    expect(r.once(['--dir'])).toBe(0);
    expect(r.steps).toEqual(['electron-vite build', 'electron-builder --publish never --dir', 'npm rebuild better-sqlite3', 'load better-sqlite3 in Node']);
    expect(readFileSync(r.binary, 'utf8')).toBe('node build');
  });

  it('every packaging run ships the Electron build — the second one too (the release job packages twice)', () => {
    const r = rig();
    expect(r.once()).toBe(0);
    expect(r.once(['--dir', '-c.directories.output=release-smoke'])).toBe(0);
    expect(r.packaged.map((p) => p.binary)).toEqual(['electron build', 'electron build']);
    expect(existsSync(r.marker)).toBe(false);
  });

  it('a marker left by anything else (an earlier dist, a manual electron-rebuild) is removed before packaging', () => {
    const r = rig();
    writeFileSync(r.marker, TARGET);
    expect(r.once()).toBe(0);
    expect(r.packaged.map((p) => p.binary)).toEqual(['electron build']);
  });

  it('a failed packaging run still puts the Node build back, leaves no marker, and fails', () => {
    const r = rig(1);
    expect(r.once()).toBe(1);
    expect(r.steps.slice(-2)).toEqual(['npm rebuild better-sqlite3', 'load better-sqlite3 in Node']);
    expect(readFileSync(r.binary, 'utf8')).toBe('node build');
    expect(existsSync(r.marker)).toBe(false);
  });

  it('the release workflow packages only through it, never through electron-builder directly', () => {
    const release = parse(readFileSync('.github/workflows/release.yml', 'utf8'));
    const runs: string[] = release.jobs.installers.steps.map((s: { run?: string }) => s.run ?? '');
    expect(runs.filter((r) => /\belectron-builder\b/.test(r))).toEqual([]);
    // The installers (one step per OS, each with only its own certificate) and the smoke copy.
    expect(runs.filter((r) => /npm run dist\b/.test(r))).toHaveLength(4);
  });
});
