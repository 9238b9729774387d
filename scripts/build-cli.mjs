#!/usr/bin/env node
// The CLI, built ahead of time: one ES module per entry with each cloud's SDK in a chunk of its
// own, loaded only by the commands that reach that cloud. Dependencies stay in node_modules.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
// Chunk names carry content hashes: clear the old ones so nothing stale is ever loaded.
rmSync(resolve(root, 'out/cli'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { main: 'main/cli/main.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.13',
  // Small pure-JS packages are bundled (one file parses faster than hundreds of module lookups);
  // native modules and the clouds' SDKs stay in node_modules, loaded only when a command needs them.
  external: ['better-sqlite3', '@napi-rs/keyring', '@aws-sdk/*', '@smithy/*', '@azure/msal-node', 'google-auth-library', 'cloudflare', 'playwright-core', 'electron', 'electron-store', 'conf', 'qrcode', 'otplib', 'tsx'],
  sourcemap: 'linked',
  // Less to parse at every start; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled ES modules still need require() for the native modules the services load that way.
  banner: { js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);" },
});
