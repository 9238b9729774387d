import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

/**
 * A test child built ahead of time into one ES module, as the CLI is (scripts/build-cli.mjs): a
 * process started from it loads in a fraction of the time tsx needs, so a test can start it
 * hundreds of times. Native modules and the clouds' SDKs stay in node_modules.
 */
export async function bundleChild(entry: string): Promise<string> {
  // Inside the project, so the bundle's external imports resolve from its node_modules.
  const cache = resolve('node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const outdir = mkdtempSync(join(cache, 'child-bundle-'));
  const outfile = join(outdir, 'child.mjs');
  await build({
    absWorkingDir: resolve('.'),
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: ['better-sqlite3', '@napi-rs/keyring', '@aws-sdk/*', '@smithy/*', '@azure/msal-node', 'google-auth-library', 'cloudflare', 'playwright-core', 'electron', 'electron-store', 'qrcode', 'tsx'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cjsRequire } from 'node:module'; const require = __cjsRequire(import.meta.url);" },
  });
  return outfile;
}
