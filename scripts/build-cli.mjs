#!/usr/bin/env node
// The CLI, built ahead of time: one ES module per entry with each cloud's SDK in a chunk of its
// own, loaded only by the commands that reach that cloud. Dependencies stay in node_modules.
//
// Built only when its sources changed, and never under a running CLI: each build goes to a
// temporary folder, is renamed into place as out/cli-<hash of the sources>, and only then does
// out/cli.json (the pointer bin/alphaswarm-onboard.mjs reads) switch to it, by an atomic rename.
// A CLI that started on the previous build keeps loading its chunks from the previous folder.
//
//   node scripts/build-cli.mjs [--out-root DIR]   (DIR: where out/ is; tests build elsewhere)
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outRootArg = process.argv.indexOf('--out-root');
const outRoot = outRootArg > 0 ? resolve(process.argv[outRootArg + 1]) : join(root, 'out');
export const POINTER = 'cli.json';
/** Builds older than this, other than the current and the one it replaced, are removed. */
const KEEP_OLD_BUILDS_MS = 60 * 60 * 1000;

/** Every file that goes into the bundle, and what decides how it is built. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs|json)$/.test(entry.name)) files.push(path);
    }
  };
  walk(join(root, 'main'));
  walk(join(root, 'shared'));
  files.push(join(root, 'package-lock.json'), join(root, 'scripts', 'build-cli.mjs'));
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  // Lets a test make "the sources changed" without changing them.
  hash.update(process.env.ALPHASWARM_CLI_BUILD_SALT ?? '');
  return hash.digest('hex').slice(0, 16);
}

function readPointer() {
  try {
    const pointer = JSON.parse(readFileSync(join(outRoot, POINTER), 'utf8'));
    return typeof pointer?.dir === 'string' ? pointer.dir : undefined;
  } catch {
    return undefined;
  }
}

function writePointer(dir) {
  const temp = join(outRoot, `.${POINTER}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, `${JSON.stringify({ dir })}\n`);
  renameSync(temp, join(outRoot, POINTER));
}

async function buildInto(outdir) {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'main/cli/main.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22.13',
    // Small pure-JS packages are bundled (one file parses faster than hundreds of module lookups);
    // native modules and the clouds' SDKs stay in node_modules, loaded only when a command needs them.
    external: ['better-sqlite3', '@napi-rs/keyring', '@aws-sdk/*', '@smithy/*', '@azure/msal-node', 'google-auth-library', 'cloudflare', 'playwright-core', 'electron', 'electron-store', 'conf', 'proper-lockfile', 'qrcode', 'otplib', 'tsx'],
    sourcemap: 'linked',
    // Less to parse at every start; names are kept, so stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
    // Bundled ES modules still need require() for the native modules the services load that way.
    banner: { js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);" },
  });
}

function retiredNow(path) {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // Already gone (another build removed it): nothing is loading from it then.
  }
}

/** Old builds go once nothing is likely to still be loading from them. */
function removeOldBuilds(keep) {
  const now = Date.now();
  for (const entry of readdirSync(outRoot)) {
    const path = join(outRoot, entry);
    const stale = now - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS;
    // The pre-pointer layout (one out/cli folder, rebuilt in place) and temporary folders left by a killed build.
    if ((entry.startsWith('cli-') && !keep.includes(entry) && stale) || (entry.startsWith('.cli-build-') && stale) || (entry === 'cli' && stale)) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

mkdirSync(outRoot, { recursive: true });
const dir = `cli-${sourceHash()}`;
const current = readPointer();
if (current === dir && existsSync(join(outRoot, dir, 'main.mjs'))) {
  console.log(`CLI is up to date (${dir}).`);
} else {
  if (!existsSync(join(outRoot, dir, 'main.mjs'))) {
    const temp = join(outRoot, `.cli-build-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await buildInto(temp);
      try {
        renameSync(temp, join(outRoot, dir));
      } catch (error) {
        // Another build of the same sources won the rename: theirs is the same, use it.
        if (!['EEXIST', 'ENOTEMPTY', 'EPERM'].includes(error.code) || !existsSync(join(outRoot, dir, 'main.mjs'))) throw error;
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  writePointer(dir);
  // An old build's age counts from when it stopped being current, not from when it was built: a
  // CLI that started on it a moment ago still has the full hour to load its chunks from it.
  if (current && current !== dir) retiredNow(join(outRoot, current));
  console.log(`CLI built (${dir}).`);
}
removeOldBuilds([dir, current].filter(Boolean));
