import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceOptions, type Services, createServices } from '../../main/app/services.js';
import type { CallerContext } from '../../main/ipc/router.js';
import type { ChangePrompt } from '../../main/settings/change-prompt.js';
import { codeAt } from '../../main/mfa/totp.js';
import { silentLogger } from '../../main/platform/logger.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { KeyVault } from '../../main/credentials/keychain.js';
import type { z } from 'zod';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import type { IpcResult } from '../../shared/ipc/index.js';
import { ipc } from './contracts.js';
import { TestClock } from './clock.js';
import { testKeychainService } from './keychain.js';
import { vaultFor } from './vaults.js';

export const PARTNER_ACCOUNT = '111122223333';
export const CUSTOMER_ACCOUNT = '444455556666';
export const EXTERNAL_ID_SECRET = 'test-external-id-hmac-key-0123456789';

export interface Harness {
  readonly dataDir: string;
  readonly env: Record<string, string>;
  readonly clock: TestClock;
  readonly services: Services;
  readonly caller: CallerContext;
  readonly opened: string[];
  /** Every change confirmation main showed, in order (its text is main's, never the caller's). */
  readonly prompts: ChangePrompt[];
  /** What the person answers main's confirmation with (default: they confirm). */
  confirmAnswer: boolean;
  /** One call through the router, as the window makes it: typed by the channel's own contract. */
  call<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>): Promise<IpcResult<z.output<O>>>;
  /** Call and return the value, failing the test with the error's message otherwise. */
  ok<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>): Promise<z.output<O>>;
  /** Call and return the error, failing the test if the call succeeded. */
  fails<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>): Promise<TestError>;
  /**
   * Send what a hostile or broken window might: any payload at all, to a channel named by its
   * contract. Only for tests of what the router refuses; every other call is typed.
   */
  sendMalformed(contract: ChannelContract, payload: unknown): Promise<IpcResult<unknown>>;
  /** Enrol step-up MFA the way a user does: scan the URI, type the code shown. */
  enrollMfa(): Promise<string>;
  /** Step up for an org with the next code, moving the clock so every code is fresh. */
  stepUp(orgId: string): Promise<void>;
  /** The next valid code (moving the clock a step), once enrolled. */
  nextCode(): Promise<string>;
  /** The next step-up code, enrolling MFA first if this laptop has none (a profile import's code). */
  freshCode(): Promise<string>;
  reopen(): Promise<Harness>;
  /** Carry the enrolled seed over to a reopened harness (same data folder, same enrolment). */
  adoptSeed(seed: string): void;
  close(): void;
}

/** An error as a test reads it: details as plain strings. */
/** An error as a test reads it: what crosses IPC. */
export type TestError = ErrorData;

export function seedFromUri(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${uri}`);
  return secret;
}

export interface HarnessOptions {
  readonly env?: Record<string, string>;
  readonly dataDir?: string;
  readonly clock?: TestClock;
  readonly keychainService?: string;
  readonly surface?: ServiceOptions['surface'];
  /** Write the real log file in the data folder (the canary searches it). */
  readonly fileLog?: boolean;
  /** The in-memory vault of this data folder unless a test (the keychain suite) gives another. */
  readonly keyVault?: KeyVault;
  /** A test's own cloud besides this build's (test/integration/fifth-cloud.test.ts). */
  readonly testClouds?: ServiceOptions['testClouds'];
}

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'alphaswarm-test-'));
  const clock = options.clock ?? new TestClock();
  const keychainService = options.keychainService ?? testKeychainService();
  const env: Record<string, string> = {
    ALPHASWARM_ADMIN_DATA_DIR: dataDir,
    ALPHASWARM_ADMIN_KEYCHAIN_SERVICE: keychainService,
    ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS: '3000',
    // The fakes listen on plain http at 127.0.0.1: allowed for credential endpoints in test mode only.
    ALPHASWARM_ADMIN_TEST_MODE: '1',
    ...options.env,
  };
  const opened: string[] = [];
  const services = await createServices({
    env,
    surface: options.surface ?? 'app',
    clock,
    // Late-bound: a test may swap the clock's sleep (a gated one) after the services are built.
    sleep: (ms, signal) => clock.sleep(ms, signal),
    keyVault: options.keyVault ?? vaultFor(dataDir),
    // No test cuts the power: a commit that survives the process is enough, and fsync is not timed here.
    sqliteSynchronous: 'NORMAL',
    ...(options.testClouds ? { testClouds: options.testClouds } : {}),
    ...(options.fileLog ? {} : { logger: silentLogger }),
    openExternal: async (url) => {
      opened.push(url);
    },
  });
  // The window's own confirmation, as main shows it: recorded, and answered as the test says.
  const prompts: ChangePrompt[] = [];
  const confirmChange = async (prompt: ChangePrompt) => {
    prompts.push(prompt);
    return harness.confirmAnswer;
  };
  const caller: CallerContext = { actor: 'app:test', trusted: true, confirmChange };
  let seed: string | undefined;
  const harness: Harness = {
    dataDir: services.settings.dataDir,
    env,
    clock,
    services,
    caller,
    opened,
    prompts,
    confirmAnswer: true,
    call: (contract, payload) => services.router.call(contract, payload, caller),
    async ok(contract, payload) {
      const r = await services.router.call(contract, payload, caller);
      if (!r.ok) throw new Error(`${contract.channel} failed: ${r.error.code}: ${r.error.message} — ${r.error.hint}`);
      return r.value;
    },
    async fails(contract, payload) {
      const r = await services.router.call(contract, payload, caller);
      if (r.ok) throw new Error(`${contract.channel} unexpectedly succeeded`);
      return r.error;
    },
    sendMalformed: (contract, payload) => services.router.invoke(contract.channel, payload, caller),
    async enrollMfa() {
      const begun = await harness.ok(ipc.mfa.beginEnrollment, {});
      seed = seedFromUri(begun.otpauthUri);
      clock.advance(30_000);
      await harness.ok(ipc.mfa.confirmEnrollment, { code: await codeAt(seed, clock.now() / 1000) });
      return seed;
    },
    async stepUp(orgId) {
      if (!seed) await harness.enrollMfa();
      await harness.ok(ipc.mfa.verify, { orgId, code: await harness.nextCode() });
    },
    async freshCode() {
      if (!seed) await harness.enrollMfa();
      return harness.nextCode();
    },
    async nextCode() {
      if (!seed) throw new Error('enrol MFA first');
      clock.advance(30_000);
      return codeAt(seed, clock.now() / 1000);
    },
    async reopen() {
      services.close();
      const again = await createHarness({ ...options, dataDir, clock, keychainService, env: options.env });
      if (seed) again.adoptSeed(seed);
      return again;
    },
    adoptSeed(value) {
      seed = value;
    },
    close() {
      services.close();
    },
  };
  return harness;
}
