import { externalLinkProblem } from '../../../shared/ipc/links.js';
import * as contract from '../../../shared/ipc/links.js';
import { AppError } from '../../../shared/domain/errors.js';
import type { IpcRouter } from '../router.js';

/** Opens a URL in the system browser: Electron's shell, the browser host's new tab, or a test recorder. */
export type ExternalOpener = (url: string) => Promise<void>;

export function registerLinks(router: IpcRouter, open: ExternalOpener): void {
  router.handle(contract.open, async (input) => {
    // Checked again here: the allowlist is enforced where the link is opened, not only where it is parsed.
    const problem = externalLinkProblem(input.url);
    if (problem) throw new AppError('bad_request', problem, 'Copy the link and open it yourself if you trust it.');
    await open(input.url);
    return { opened: true as const };
  });
}
