import type { Services } from '../app/services.js';
import { AppError, type ErrorData } from '../../shared/domain/errors.js';
import type { IpcResult } from '../../shared/ipc/index.js';
import type { CliIo } from './io.js';

/** The CLI calls the same router as the window: same validation, step-up and audit. */
export class CliSession {
  constructor(
    readonly services: Services,
    private readonly io: CliIo,
  ) {}

  call<T>(channel: string, payload: unknown): Promise<IpcResult<T>> {
    return this.services.router.invoke(channel, payload, { actor: this.services.actor, trusted: true }) as Promise<IpcResult<T>>;
  }

  async value<T>(channel: string, payload: unknown): Promise<T> {
    const r = await this.call<T>(channel, payload);
    if (!r.ok) throw new CliFailure(r.error);
    return r.value;
  }

  /**
   * Call a channel that needs step-up. The call is made first: main checks every input (and every
   * precondition) before it asks for step-up, so a typo never costs a one-time code or counts
   * toward the lockout. Only when main answers "step-up required" is the code spent, then the call
   * made again.
   */
  async stepped<T>(channel: string, payload: unknown, otp: string | undefined): Promise<T> {
    const first = await this.call<T>(channel, payload);
    if (first.ok) return first.value;
    if (first.error.code !== 'step_up_required') throw new CliFailure(first.error);
    const orgId = first.error.details?.orgId;
    if (typeof orgId !== 'string') throw new CliFailure(first.error);
    await this.stepUp(orgId, otp);
    return this.value<T>(channel, payload);
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
    await this.value('mfa:verify', { orgId, code });
  }
}

export class CliFailure extends Error {
  constructor(readonly error: ErrorData) {
    super(error.message);
    this.name = 'CliFailure';
  }
}
