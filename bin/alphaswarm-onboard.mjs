#!/usr/bin/env node
// The CLI runs JavaScript built ahead of time (out/cli, made by `npm install`, `npm run build` and
// `npm test`): no TypeScript is compiled at start, and each cloud's SDK loads only when a command
// needs it. A source checkout that was never built runs the TypeScript through tsx instead.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/main.mjs', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main/cli/main.ts');
}
