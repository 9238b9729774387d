import { orgIdProblem } from '../../shared/domain/org-id.js';
import { type ListProblem, parseIdList } from './id-list.js';

export type OrgListProblem = ListProblem;

/** The orgs of a batch: a CSV with an `org_id` column, or one id per line. */
export function parseOrgList(text: string): { orgIds: string[]; problems: OrgListProblem[] } {
  const { ids, problems } = parseIdList(text, { column: 'org_id', problem: orgIdProblem });
  return { orgIds: ids, problems };
}
