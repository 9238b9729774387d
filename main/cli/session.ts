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

  /** Step up for an org from `--otp`, or by asking on the terminal. */
  async stepUp(orgId: string, otp: string | undefined): Promise<void> {
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
