import { create } from 'zustand';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { navigate } from './route.js';

/**
 * A wizard another screen asked the org page to open: a row's "Paste new token…" on Connections
 * (that cloud), or a just-added org ("any": at step 1, since connecting is why it was added).
 */
export const useOpenWizard = create<{ request: { orgId: string; cloud: CloudKind | 'any' } | null }>(() => ({ request: null }));

export function openWizardFor(orgId: string, cloud: CloudKind | 'any'): void {
  useOpenWizard.setState({ request: { orgId, cloud } });
  navigate({ name: 'integrations', orgId });
}

/** Taken once by the org page it is for. */
export function takeWizardRequest(orgId: string): CloudKind | 'any' | undefined {
  const request = useOpenWizard.getState().request;
  if (request?.orgId !== orgId) return undefined;
  useOpenWizard.setState({ request: null });
  return request.cloud;
}
