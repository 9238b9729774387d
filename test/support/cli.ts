import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { CliIo } from '../../main/cli/io.js';
import { type CliOptions, runCli } from '../../main/cli/run.js';
import { codeAt } from '../../main/mfa/totp.js';
import { silentLogger } from '../../main/platform/logger.js';
import type { TestClock } from './clock.js';
import { vaultFor } from './vaults.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * Run the CLI in this process, as a script would (no terminal), with a test clock; `signal` stands
 * for Ctrl-C; `testClouds`: a test's own cloud besides this build's.
 */
export async function cli(argv: string[], env: Record<string, string>, clock: TestClock, stdin = '', signal?: AbortSignal, testClouds?: CliOptions['testClouds']): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    isTTY: false,
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    prompt: async () => undefined,
    readStdin: async () => stdin,
  };
  const dataDir = env.ALPHASWARM_ADMIN_DATA_DIR;
  // In this process, as the harness: durable across a crash of the process, which is all a test makes.
  const code = await runCli(argv, { env, io, clock, sleep: clock.sleep, logger: silentLogger, sqliteSynchronous: 'NORMAL', ...(dataDir ? { keyVault: vaultFor(dataDir) } : {}), ...(signal ? { signal } : {}), ...(testClouds ? { testClouds } : {}) });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/**
 * Enrol step-up MFA through the CLI as a user does (enroll, scan, confirm). `code()` then gives the
 * next code, moving the test clock a step so each is fresh.
 */
export async function enrolMfaWithCli(env: Record<string, string>, clock: TestClock): Promise<{ seed: string; code: () => Promise<string> }> {
  const enrol = await cli(['mfa', 'enroll', '--json'], env, clock);
  if (enrol.code !== 0) throw new Error(`mfa enroll failed: ${enrol.stderr}`);
  const seed = new URL(enrol.json<{ otpauthUri: string }>().otpauthUri).searchParams.get('secret')!;
  const code = async () => {
    clock.advance(30_000);
    return codeAt(seed, clock.now() / 1000);
  };
  const confirmed = await cli(['mfa', 'confirm', '--otp', await code()], env, clock);
  if (confirmed.code !== 0) throw new Error(`mfa confirm failed: ${confirmed.stderr}`);
  return { seed, code };
}

/** Run the real executable, as a user would from a shell. */
export function spawnCli(argv: string[], env: Record<string, string | undefined>, stdin = ''): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve('bin/alphaswarm-onboard.mjs'), ...argv], { env: env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    // A command may stop reading early (input too large): its exit code and output say so.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, json: () => JSON.parse(stdout) }));
    child.stdin.end(stdin);
  });
}
