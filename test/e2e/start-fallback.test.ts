import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm start` without Electron runs the Chromium fallback through tsx. Its bridge must survive that
 * transpiler (which once wrapped the page script's inner functions in a helper the page lacks).
 */
describe('the Chromium fallback as npm start runs it', () => {
  it('the window gets its bridge and lists the organisations', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', resolve('test/support/bridge-under-tsx.ts')], { encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toEqual({ bridge: 'function', listed: 1, errors: [] });
  });
});
