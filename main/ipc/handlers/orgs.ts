import * as contract from '../../../shared/ipc/orgs.js';
import type { OrgStore } from '../../credentials/org-store.js';
import type { IpcRouter } from '../router.js';

export function registerOrgs(router: IpcRouter, orgs: OrgStore): void {
  router.handle(contract.listOrgs, () => ({ orgs: orgs.list() }));
  router.handle(contract.addOrg, (input) => ({ org: orgs.add(input.orgId, input.displayName) }));
}
