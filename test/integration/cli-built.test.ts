import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../main/cli/run.js';
import { spawnCli } from '../support/cli.js';

const pointer = (outRoot: string) => (JSON.parse(readFileSync(join(outRoot, 'cli.json'), 'utf8')) as { dir: string }).dir;

/** The executable users run: JavaScript built ahead of time, with help for every command. */
describe('the built CLI', () => {
  it('is built (npm install, npm run build and npm test make out/cli-<hash>, named by out/cli.json)', () => {
    expect(existsSync(join('out', pointer('out'), 'main.mjs'))).toBe(true);
  });

  it('every command answers --help with its usage and flags, exit 0, without opening a data folder', async () => {
    const env = { ...process.env, ALPHASWARM_ADMIN_DATA_DIR: '/nonexistent/never/created' };
    for (const command of COMMANDS) {
      const r = await spawnCli([command.name, '--help'], env);
      expect([command.name, r.code]).toEqual([command.name, 0]);
      expect(r.stdout).toContain(`Usage: alphaswarm-onboard ${command.name}`);
      expect(r.stdout).not.toContain('--token <value>');
    }
  }, 120_000);
});
