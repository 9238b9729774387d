import { homedir } from 'node:os';
import { AppError } from '../../../shared/domain/errors.js';
import { isPlatformOrg } from '../../../shared/domain/org-id.js';
import * as contract from '../../../shared/ipc/presenting.js';
import type { PresentingState } from '../../../shared/ipc/presenting.js';
import type { OrgStore } from '../../credentials/org-store.js';
import { otherOrgsHidden } from '../../presenting/presenting-scope.js';
import type { Settings } from '../../settings.js';
import type { IpcRouter } from '../router.js';

/**
 * "On a call with <org>": the window shows one org alone. The choice lives in main (the settings
 * file's window preferences), so it survives a restart and the router can filter what leaves main.
 */
export function registerPresenting(router: IpcRouter, settings: Settings, orgs: OrgStore, osUser: string, profileOrgIds: () => readonly string[] = () => []): void {
  // An org removed since (a reset vault) ends presenting rather than showing nothing forever.
  const current = (): PresentingState['presenting'] => {
    const orgId = settings.presenting();
    const org = orgId === undefined ? undefined : orgs.get(orgId);
    return org ? { orgId: org.orgId, displayName: org.displayName } : null;
  };
  router.presentWith(
    () => current()?.orgId ?? null,
    () => [
      [settings.dataDir, '<data folder>'],
      [homedir(), '~'],
      // Audit rows written before a profile named the engineer carry "user@hostname".
      [osUser, "<this laptop's user>"],
    ],
    () => {
      const presented = current();
      if (!presented) return [];
      // The orgs on this laptop, and the ones the platform profile assigns that were never opened here.
      const known = orgs.list().filter((o) => o.orgId !== presented.orgId);
      const assigned = profileOrgIds().filter((id) => id !== presented.orgId && !known.some((o) => o.orgId === id)).map((id) => ({ orgId: id, displayName: id }));
      return otherOrgsHidden([...known, ...assigned], presented);
    },
  );

  router.handle(contract.presentingStatus, () => ({ presenting: current() }));
  router.handle(
    contract.presentingEnter,
    async (input) => {
      await settings.setPresenting(input.orgId);
      return { presenting: current() };
    },
    {
      precheck: (input) => {
        if (isPlatformOrg(input.orgId)) throw new AppError('bad_request', 'The platform tenant is AlphaSwarm’s own, not a customer to present.', 'Open a customer organisation and present that one.', { field: 'orgId' });
        if (!orgs.get(input.orgId)) throw new AppError('not_found', `There is no organisation "${input.orgId}" on this device.`, 'Add it on the Organisations screen first, then present it.', { field: 'orgId' });
      },
    },
  );
  router.handle(
    contract.presentingLeave,
    async () => {
      await settings.setPresenting(undefined);
      return { presenting: null };
    },
    {
      precheck: (input) => {
        if (settings.presenting() !== input.orgId) throw new AppError('conflict', `The window is not presenting "${input.orgId}".`, 'Reload the window to see what it presents now; nothing was changed.', { field: 'orgId' });
      },
    },
  );
}
