import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const pointer = (outRoot: string) => (JSON.parse(readFileSync(join(outRoot, 'cli.json'), 'utf8')) as { dir: string }).dir;

describe('24.20 npm run onboard rebuilds only when the sources changed, never under a running CLI', () => {
  it('six CLIs started while it rebuilds all run; an unchanged tree is not rebuilt', async () => {
    // A copy of the executable beside its own out/ (node_modules linked), so the real out/ is untouched.
    const place = mkdtempSync(join(tmpdir(), 'cli-place-'));
    mkdirSync(join(place, 'bin'));
    copyFileSync(resolve('bin/alphaswarm-onboard.mjs'), join(place, 'bin', 'alphaswarm-onboard.mjs'));
    symlinkSync(resolve('node_modules'), join(place, 'node_modules'), 'dir');
    const outRoot = join(place, 'out');
    const buildCli = (salt: string) =>
      new Promise<{ code: number | null; stdout: string }>((done) => {
        const b = spawn(process.execPath, [resolve('scripts/build-cli.mjs'), '--out-root', outRoot], { env: { ...process.env, ALPHASWARM_CLI_BUILD_SALT: salt }, stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        b.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        b.on('exit', (code) => done({ code, stdout }));
      });
    expect(await buildCli('first')).toMatchObject({ code: 0, stdout: expect.stringContaining('CLI built') });
    const first = pointer(outRoot);

    const runCli = () =>
      new Promise<number | null>((done) => {
        const c = spawn(process.execPath, [join(place, 'bin', 'alphaswarm-onboard.mjs'), 'bootstrap', '--help'], { stdio: 'ignore' });
        c.on('exit', (code) => done(code));
      });
    // The sources "change" (a new salt): a rebuild, with six CLIs starting while it runs, and more after.
    const rebuilding = buildCli('second');
    const during = await Promise.all(Array.from({ length: 6 }, runCli));
    expect(await rebuilding).toMatchObject({ code: 0, stdout: expect.stringContaining('CLI built') });
    expect(during).toEqual([0, 0, 0, 0, 0, 0]);
    const second = pointer(outRoot);
    expect(second).not.toBe(first);
    // The old build is still there for a CLI that started on it.
    expect(existsSync(join(outRoot, first, 'main.mjs'))).toBe(true);
    expect(await runCli()).toBe(0);

    // Unchanged: nothing is built.
    expect(await buildCli('second')).toMatchObject({ code: 0, stdout: expect.stringContaining('up to date') });
    expect(pointer(outRoot)).toBe(second);
    expect(spawnSync(process.execPath, [join(place, 'bin', 'alphaswarm-onboard.mjs'), '--help']).status).toBe(0);
  }, 120_000);
});
