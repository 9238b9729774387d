import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { StepNumber, WizardState } from './wizard-state.js';

/** Step 4 passes when nothing is missing (a permission that could not be verified read-only does not block). */
export const permissionsPass = (p: { checks: readonly { status: string }[] } | null): boolean => Boolean(p && !p.checks.some((c) => c.status === 'missing'));

/** The furthest step the user may open: each needs the one before it done. */
export function furthestStep<C extends CloudKind>(s: WizardState<C>): StepNumber {
  if (!s.bootstrap) return 2;
  if (!s.identity) return 3;
  if (!permissionsPass(s.permissions)) return 4;
  return 5;
}

/** Whether there is anything worth keeping (or asking before throwing away). */
export function hasProgress<C extends CloudKind>(s: WizardState<C>): boolean {
  if (s.saved) return false;
  return s.step > 2 || Object.values(s.target).some((v) => v.trim() !== '') || s.identity !== null;
}
