import * as mfaContracts from '../../shared/ipc/mfa.js';
import type { Services } from '../app/services.js';
import { AppError, type ErrorData } from '../../shared/domain/errors.js';
import type { z } from 'zod';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import type { IpcResult } from '../../shared/ipc/index.js';
import type { CliIo } from './io.js';
import type { ChangePrompt } from '../settings/change-prompt.js';
import { noCancel } from '../platform/deadline.js';

/** The CLI calls the same router as the window: same validation, step-up and audit. */
export class CliSession {
  constructor(
    readonly services: Services,
    private readonly io: CliIo,
    /** Aborted by Ctrl-C: the cloud requests of the call under way are closed, not left running. */
    readonly signal: AbortSignal = noCancel(),
  ) {}

  /** One call through the router, typed by the channel's own contract. */
  call<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>): Promise<IpcResult<z.output<O>>> {
    const saveTo = this.saveFile;
    return this.services.router.call(contract, payload, {
      actor: this.services.actor,
      trusted: true,
      signal: this.signal,
      confirmChange: this.confirmChange,
      ...(saveTo !== undefined ? { saveFileAs: () => Promise.resolve(saveTo) } : {}),
    });
  }

  private saveFile: string | undefined;

  /** The file a command was told to write (--out): main writes there instead of the export folder. */
  saveTo(file: string): void {
    this.saveFile = file;
  }

  /**
   * In a terminal the command line is the confirmation (the person typed the name, the value and
   * the code); main's description of the change is still printed, so it is on record.
   */
  private readonly confirmChange = (prompt: ChangePrompt): Promise<boolean> => {
    this.io.err(`${prompt.message}\n${prompt.detail.split('\n').filter((l) => !l.startsWith('Only go on')).join('\n')}\n`);
    return Promise.resolve(true);
  };

  async value<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>): Promise<z.output<O>> {
    const r = await this.call(contract, payload);
    if (!r.ok) throw new CliFailure(r.error);
    return r.value;
  }

  /**
   * Call a channel that needs step-up. The call is made first: main checks every input (and every
   * precondition) before it asks for step-up, so a typo never costs a one-time code or counts
   * toward the lockout. Only when main answers "step-up required" is the code spent, then the call
   * made again.
   */
  async stepped<I extends z.ZodType, O extends z.ZodType>(contract: ChannelContract<I, O>, payload: z.input<I>, otp: string | undefined): Promise<z.output<O>> {
    const first = await this.call(contract, payload);
    if (first.ok) return first.value;
    if (first.error.code !== 'step_up_required') throw new CliFailure(first.error);
    const orgId = first.error.details?.orgId;
    if (typeof orgId !== 'string') throw new CliFailure(first.error);
    await this.stepUp(orgId, otp);
    return this.value(contract, payload);
  }

  /**
   * Change a setting. A trust decision needs a code: the change is sent first without one, so main
   * checks the name and the value before a code is asked for or spent; then with `--otp` (or one
   * typed at the prompt).
   */
  async changeSetting<I extends z.ZodType<{ code?: string }>, O extends z.ZodType>(
    contract: ChannelContract<I, O>,
    payload: z.input<I> & object,
    otp: string | undefined,
    /** The command again with its code, for the hint when no code is given (default: settings set). */
    usage = (setting: string) => `settings set ${setting} VALUE --otp CODE`,
  ): Promise<z.output<O>> {
    const r = await this.changeSettingResult(contract, payload, otp, usage);
    if (!r.ok) throw new CliFailure(r.error);
    return r.value;
  }

  /** As changeSetting, but any refusal other than a missing code is returned for the command to report. */
  async changeSettingResult<I extends z.ZodType<{ code?: string }>, O extends z.ZodType>(
    contract: ChannelContract<I, O>,
    payload: z.input<I> & object,
    otp: string | undefined,
    usage: (setting: string) => string,
  ): Promise<IpcResult<z.output<O>>> {
    const first = await this.call(contract, payload);
    if (first.ok || first.error.code !== 'step_up_required' || typeof first.error.details?.setting !== 'string') return first;
    let code = otp;
    if (code === undefined) {
      code = await this.io.prompt(`Step-up code to change ${first.error.details.setting} (from your authenticator app): `);
      if (code === undefined) throw new CliFailure({ ...first.error, hint: `Add --otp CODE with the current code from your authenticator app: ${usage(first.error.details.setting)}.` });
    }
    return this.call(contract, { ...payload, code });
  }

  /** Step up for an org from `--otp`, or by asking on the terminal. */
  private async stepUp(orgId: string, otp: string | undefined): Promise<void> {
    let code = otp;
    if (code === undefined) {
      code = await this.io.prompt(`Step-up code for ${orgId} (from your authenticator app): `);
      if (code === undefined) {
        throw new CliFailure(
          new AppError('step_up_required', `This command needs step-up MFA for "${orgId}".`, 'Pass --otp <code> with the current code from your authenticator app.').toData(),
        );
      }
    }
    await this.value(mfaContracts.verify, { orgId, code });
  }
}

export class CliFailure extends Error {
  constructor(readonly error: ErrorData) {
    super(error.message);
    this.name = 'CliFailure';
  }
}
