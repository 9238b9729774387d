import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptLoginShellPath, mergePath, pathFromShellOutput, readLoginShellPath } from '../../main/platform/login-shell-path.js';

// An app opened from Finder or the Dock has launchd's PATH; the token command must still find
// Homebrew's gcloud/az/aws. These run a real login shell (bash reading a profile) on any Unix.
const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const posix = process.platform !== 'win32';

/** A home folder whose login profile greets on stdout (as many do) and puts Homebrew first. */
function homeWithProfile(): string {
  const home = mkdtempSync(join(tmpdir(), 'login-home-'));
  writeFileSync(join(home, '.bash_profile'), 'echo "Welcome back, engineer"\nexport PATH="/opt/homebrew/bin:/opt/homebrew/sbin:$PATH"\n');
  return home;
}

function script(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'login-shell-')), 'shell');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe.runIf(posix)("the login shell's PATH on macOS (only on darwin, linux)", () => {
  it("reads the PATH a real login shell's profile builds, ignoring what the profile prints", async () => {
    const path = await readLoginShellPath({ SHELL: '/bin/bash', HOME: homeWithProfile(), PATH: LAUNCHD_PATH });
    expect(path?.split(':').slice(0, 2)).toEqual(['/opt/homebrew/bin', '/opt/homebrew/sbin']);
    expect(path).not.toContain('Welcome');
  });

  it('launched from Finder (no TERM): PATH becomes the login shell\'s, keeping launchd\'s entries', async () => {
    const env: Record<string, string | undefined> = { SHELL: '/bin/bash', HOME: homeWithProfile(), PATH: LAUNCHD_PATH };
    expect(await adoptLoginShellPath(env, { platform: 'darwin' })).toBe(true);
    const entries = env.PATH!.split(':');
    expect(entries.slice(0, 2)).toEqual(['/opt/homebrew/bin', '/opt/homebrew/sbin']);
    for (const e of LAUNCHD_PATH.split(':')) expect(entries).toContain(e);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it('started from a terminal, or on Linux and Windows, the shell is not run and PATH is left alone', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'login-ran-')), 'ran');
    const shell = script(`touch '${marker}'\necho __ALPHASWARM_LOGIN_PATH__; echo /opt/homebrew/bin; echo __ALPHASWARM_LOGIN_PATH__`);
    const fromTerminal = { SHELL: shell, PATH: LAUNCHD_PATH, TERM: 'xterm-256color' };
    expect(await adoptLoginShellPath(fromTerminal, { platform: 'darwin' })).toBe(false);
    for (const platform of ['linux', 'win32'] as const) {
      const env = { SHELL: shell, PATH: LAUNCHD_PATH };
      expect(await adoptLoginShellPath(env, { platform })).toBe(false);
      expect(env.PATH).toBe(LAUNCHD_PATH);
    }
    expect(fromTerminal.PATH).toBe(LAUNCHD_PATH);
    expect(existsSync(marker)).toBe(false);
  });

  it('a profile that hangs (waiting for input, a slow network mount) is killed at the timeout; PATH stays', async () => {
    const env = { SHELL: script('sleep 30'), PATH: LAUNCHD_PATH };
    const started = Date.now();
    expect(await adoptLoginShellPath(env, { platform: 'darwin', timeoutMs: 300 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(env.PATH).toBe(LAUNCHD_PATH);
  });

  it('a shell that fails, or does not exist, leaves PATH alone', async () => {
    for (const SHELL of [script('exit 3'), '/nonexistent/shell']) {
      const env = { SHELL, PATH: LAUNCHD_PATH };
      expect(await adoptLoginShellPath(env, { platform: 'darwin' })).toBe(false);
      expect(env.PATH).toBe(LAUNCHD_PATH);
    }
  });
});

describe('reading and merging PATH', () => {
  it('takes only what lies between the marks, and only absolute folders', () => {
    expect(pathFromShellOutput('motd\n__ALPHASWARM_LOGIN_PATH__\n/a:/b\n__ALPHASWARM_LOGIN_PATH__\n')).toBe('/a:/b');
    expect(pathFromShellOutput('/a:/b')).toBeUndefined();
    expect(pathFromShellOutput('__ALPHASWARM_LOGIN_PATH__\nrelative:/b\n__ALPHASWARM_LOGIN_PATH__')).toBeUndefined();
    expect(pathFromShellOutput('__ALPHASWARM_LOGIN_PATH__\n\n__ALPHASWARM_LOGIN_PATH__')).toBeUndefined();
  });

  it('puts the login entries first and drops duplicates', () => {
    expect(mergePath('/opt/homebrew/bin:/usr/bin', '/usr/bin:/bin')).toBe('/opt/homebrew/bin:/usr/bin:/bin');
    expect(mergePath('/a', undefined)).toBe('/a');
  });
});
