import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import { isFor } from '../clouds/types.js';
import { type StepNumber, type WizardState, initialWizard } from './wizard-state.js';
import { permissionsPass } from './wizard-progress.js';

/**
 * A stored draft back into a wizard. Results are re-narrowed by their cloud tag; a draft whose
 * secret was not kept goes back to step 3, because main may no longer hold it (a restart).
 */
export function fromDraft<C extends CloudKind>(cloud: C, stored: StoredDraft): WizardState<C> {
  const d = stored.draft;
  const base = initialWizard(cloud, d.method);
  const identity = d.identity && isFor(cloud, d.identity) ? d.identity : null;
  const permissions = identity && d.permissions && isFor(cloud, d.permissions) ? d.permissions : null;
  const enumeration = identity && d.enumeration && isFor(cloud, d.enumeration) ? d.enumeration : null;
  if (d.secretNeeded) return { ...base, target: d.target, step: 3, secretNeeded: true };
  const state: WizardState<C> = { ...base, target: d.target, identity, permissions, enumeration };
  // Never resume past what the results prove (step 2 reloads its artifacts on open).
  const reached = identity ? (permissionsPass(permissions) ? 5 : 4) : 3;
  return { ...state, step: clampStep(Math.min(d.step, reached)) };
}

function clampStep(n: number): StepNumber {
  return n <= 2 ? 2 : n === 3 ? 3 : n === 4 ? 4 : 5;
}
