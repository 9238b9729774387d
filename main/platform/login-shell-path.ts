import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { isAbsolute } from 'node:path';

/**
 * An app started from Finder, the Dock or Spotlight gets launchd's PATH (/usr/bin:/bin:/usr/sbin:
 * /sbin), so ALPHASWARM_ADMIN_OIDC_TOKEN_COMMAND — or an AWS profile's credential_process — cannot
 * find `gcloud`, `az` or `aws` from Homebrew. The fix is the one terminals use: ask the user's login
 * shell, once, what PATH its profile builds, and put that first. A relative command then resolves as
 * it would in Terminal; an absolute path needs none of this.
 */

export const LOGIN_SHELL_TIMEOUT_MS = 5_000;
const MARK = '__ALPHASWARM_LOGIN_PATH__';
/** Marks before and after, so a profile that greets on stdout cannot be mistaken for the PATH. */
const PRINT_PATH = `echo ${MARK}; /usr/bin/printenv PATH; echo ${MARK}`;

type Env = Record<string, string | undefined>;

export interface LoginShellOptions {
  readonly platform?: NodeJS.Platform;
  readonly timeoutMs?: number;
}

/**
 * Only macOS needs it, and only when not started from a terminal (a terminal sets TERM, and its
 * PATH is already the login shell's). Linux desktops and Windows pass the session's PATH on.
 */
export function needsLoginShellPath(env: Env, platform: NodeJS.Platform): boolean {
  return platform === 'darwin' && !env.TERM;
}

function loginShell(env: Env): string {
  if (env.SHELL && isAbsolute(env.SHELL)) return env.SHELL;
  try {
    const shell = userInfo().shell;
    if (shell && isAbsolute(shell)) return shell;
  } catch {
    // No passwd entry: fall through to macOS's default shell.
  }
  return '/bin/zsh';
}

/** The PATH the marks enclose, if it is a plausible one (absolute folders, nothing else). */
export function pathFromShellOutput(stdout: string): string | undefined {
  const parts = stdout.split(MARK);
  if (parts.length < 3) return undefined;
  const path = parts[1]!.trim();
  if (!path || /[\r\n\0]/.test(path)) return undefined;
  return path.split(':').every((entry) => entry === '' || isAbsolute(entry)) ? path : undefined;
}

/**
 * Run `$SHELL -ilc` once (interactive and login, so both .zprofile and .zshrc are read) and read
 * the PATH it ends with. Undefined if the shell fails, prints nothing usable, or takes longer than
 * the timeout (it is killed then: a profile waiting for input must not hold the app).
 */
export function readLoginShellPath(env: Env, timeoutMs = LOGIN_SHELL_TIMEOUT_MS): Promise<string | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const done = (value: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    let child: ReturnType<typeof spawn>;
    try {
      // Its own process group, so a timeout kills whatever the profile started as well.
      child = spawn(loginShell(env), ['-ilc', PRINT_PATH], { env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    } catch {
      resolve(undefined);
      return;
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      done(undefined);
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      if (out.length < 64 * 1024) out += d.toString('utf8');
    });
    child.on('error', () => done(undefined));
    child.on('close', () => done(pathFromShellOutput(out)));
  });
}

/** The login shell's entries first, then any of the current ones it lacks, without duplicates. */
export function mergePath(loginPath: string, currentPath: string | undefined): string {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const entry of [...loginPath.split(':'), ...(currentPath ?? '').split(':')]) {
    if (!entry || seen.has(entry)) continue;
    seen.add(entry);
    merged.push(entry);
  }
  return merged.join(':');
}

/**
 * Give this process (and every command it starts) the login shell's PATH when it was launched
 * outside a terminal on macOS. Resolves true when PATH was changed; never rejects.
 */
export async function adoptLoginShellPath(env: Env, options: LoginShellOptions = {}): Promise<boolean> {
  if (!needsLoginShellPath(env, options.platform ?? process.platform)) return false;
  const loginPath = await readLoginShellPath({ ...env }, options.timeoutMs);
  if (!loginPath) return false;
  const merged = mergePath(loginPath, env.PATH);
  if (merged === env.PATH) return false;
  env.PATH = merged;
  return true;
}
