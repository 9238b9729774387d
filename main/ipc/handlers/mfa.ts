import * as contract from '../../../shared/ipc/mfa.js';
import type { MfaService } from '../../mfa/mfa-service.js';
import type { IpcRouter } from '../router.js';

export function registerMfa(router: IpcRouter, mfa: MfaService): void {
  router.handle(contract.status, () => mfa.status());
  router.handle(contract.beginEnrollment, (input) => mfa.beginEnrollment(input.currentCode), {
    auditDetail: (input) => ({ phase: 'begin', replacing: input.currentCode !== undefined }),
  });
  router.handle(contract.confirmEnrollment, (input) => mfa.confirmEnrollment(input.code));
  router.handle(contract.verify, (input) => mfa.verify(input.orgId, input.code), {
    auditDetail: () => ({ method: 'totp' }),
  });
}
