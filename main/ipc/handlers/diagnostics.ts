import * as contract from '../../../shared/ipc/diagnostics.js';
import type { Logger } from '../../platform/logger.js';
import type { IpcRouter } from '../router.js';

export function registerDiagnostics(router: IpcRouter, logger: Logger): void {
  router.handle(contract.report, (input) => {
    logger.error(`renderer ${input.kind} error`, { message: input.message, stack: input.stack ?? null });
    return { logged: true };
  });
}
