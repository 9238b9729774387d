import { AppError } from '../../../shared/domain/errors.js';
import * as contract from '../../../shared/ipc/mfa.js';
import type { MfaService } from '../../mfa/mfa-service.js';
import { mfaReplacePrompt } from '../../settings/change-prompt.js';
import type { IpcRouter } from '../router.js';

export function registerMfa(router: IpcRouter, mfa: MfaService): void {
  router.handle(contract.status, () => mfa.status());
  router.handle(
    contract.beginEnrollment,
    async (input, caller) => {
      // Replacing the seed hands every later code to whoever scans the new entry: like a protected
      // setting, main shows it in its own confirmation before the current code is spent.
      if (mfa.status().enrolled && input.currentCode !== undefined) {
        if (!caller.confirmChange) {
          throw new AppError('precondition_failed', 'This window cannot show its own confirmation, so step-up MFA cannot be replaced from it.', 'Replace it in a terminal: mfa enroll --otp CODE. Nothing was changed.');
        }
        if (!(await caller.confirmChange(mfaReplacePrompt()))) {
          throw new AppError('cancelled', 'Replacing step-up MFA was not confirmed, so nothing was changed.', 'If you did not ask for this, something else is driving the app: close it and check this laptop.');
        }
      }
      return mfa.beginEnrollment(input.currentCode);
    },
    { auditDetail: (input) => ({ phase: 'begin', replacing: input.currentCode !== undefined }) },
  );
  router.handle(contract.confirmEnrollment, (input) => mfa.confirmEnrollment(input.code));
  router.handle(contract.verify, (input) => mfa.verify(input.orgId, input.code), {
    auditDetail: () => ({ method: 'totp' }),
  });
}
