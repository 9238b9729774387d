#!/usr/bin/env node
// The CLI runs JavaScript built ahead of time (made by `npm install`, `npm run build`, `npm test`
// and `npm run onboard`): no TypeScript is compiled at start, and each cloud's SDK loads only when
// a command needs it. out/cli.json names the current build (out/cli-<hash>); a rebuild writes a new
// folder and switches the pointer atomically, so a CLI never loads from a folder being rebuilt.
// A source checkout that was never built runs the TypeScript through tsx instead.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

function currentBuild() {
  try {
    const { dir } = JSON.parse(readFileSync(new URL('../out/cli.json', import.meta.url), 'utf8'));
    if (typeof dir === 'string' && /^cli-[0-9a-f]{16}$/.test(dir)) {
      const main = new URL(`../out/${dir}/main.mjs`, import.meta.url);
      if (existsSync(main)) return main;
    }
  } catch {
    // No pointer yet: never built.
  }
  return undefined;
}

const built = currentBuild();
if (built) {
  // V8's code cache for the build (Node ≥ 22.1): a later start reuses the compiled code instead
  // of compiling the bundle again; Node checks each entry against the source it was made from.
  // Kept beside the build, never in a shared temp folder: whoever could plant an entry there could
  // already replace the build itself. Absent on older Node: skipped.
  module.enableCompileCache?.(fileURLToPath(new URL('../out/.compile-cache', import.meta.url)));
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/main.ts');
}
