import { create } from 'zustand';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { navigate } from './route.js';

/** A wizard another screen asked the org page to open (a row's "Paste new token…" on Connections). */
export const useOpenWizard = create<{ request: { orgId: string; cloud: CloudKind } | null }>(() => ({ request: null }));

export function openWizardFor(orgId: string, cloud: CloudKind): void {
  useOpenWizard.setState({ request: { orgId, cloud } });
  navigate({ name: 'integrations', orgId });
}

/** Taken once by the org page it is for. */
export function takeWizardRequest(orgId: string): CloudKind | undefined {
  const request = useOpenWizard.getState().request;
  if (request?.orgId !== orgId) return undefined;
  useOpenWizard.setState({ request: null });
  return request.cloud;
}
