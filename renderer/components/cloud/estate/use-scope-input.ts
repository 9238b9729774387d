import { useState } from 'react';
import { guidProblem, managementGroupIdProblem } from '../../../../shared/domain/azure.js';
import { projectIdProblem, projectNumberProblem, resourceNumber, resourceNumberProblem } from '../../../../shared/domain/gcp.js';
import type { EstateCloud, ScopeInput } from './use-estate.js';

/** A typed value's problem, or none while it is empty (empty means "the one last connected"). */
const problemOf = (value: string, check: (v: string) => string | undefined) => (value.trim() ? check(value) : undefined);

/**
 * What the window types to name an estate's scope — Azure's tenant and group, GCP's organisation or
 * folder and the pool's project — each checked as typed, and what is sent for the scan.
 */
export function useScopeInput(cloud: EstateCloud) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [gcpParentKind, setGcpParentKind] = useState<'organization' | 'folder'>('organization');
  const v = (name: string) => values[name] ?? '';
  const set = (name: string) => (value: string) => setValues((old) => ({ ...old, [name]: value }));
  const problems: Record<string, string | undefined> =
    cloud === 'azure'
      ? { tenantId: problemOf(v('tenantId'), (x) => guidProblem(x, 'tenant id')), managementGroupId: problemOf(v('managementGroupId'), managementGroupIdProblem) }
      : cloud === 'gcp'
        ? {
            gcpParent: problemOf(v('gcpParent'), (x) => resourceNumberProblem(x, gcpParentKind)),
            projectId: problemOf(v('projectId'), projectIdProblem),
            // The pool's project is named by both its id and its number, or by neither (the last connected).
            projectNumber: problemOf(v('projectNumber'), projectNumberProblem) ?? (Boolean(v('projectId').trim()) !== Boolean(v('projectNumber').trim()) ? "Give both the pool's project id and its number, or neither." : undefined),
          }
        : {};
  const parent = v('gcpParent').trim() ? resourceNumber(v('gcpParent')) : '';
  const typed: ScopeInput = {
    tenantId: v('tenantId'),
    managementGroupId: v('managementGroupId'),
    ...(gcpParentKind === 'organization' ? { organizationId: parent } : { folderId: parent }),
    projectId: v('projectId'),
    projectNumber: v('projectNumber'),
  };
  return { value: v, set, problems, blocked: Object.values(problems).some(Boolean), typed, gcpParentKind, setGcpParentKind };
}
export type ScopeInputState = ReturnType<typeof useScopeInput>;
