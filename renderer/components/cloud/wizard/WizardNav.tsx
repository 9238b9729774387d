import { formatTime } from '../../common/time.js';
import type { StepperStep } from '../steps/Stepper.js';
import { permissionsPass } from './wizard-progress.js';
import type { StepNumber, WizardState } from './wizard-state.js';
import type { CloudKind } from '../../../../shared/domain/cloud.js';

/** Where Next leads from each step, and whether it may yet. */
function nextFrom<C extends CloudKind>(state: WizardState<C>): { label: string; to: StepNumber; enabled: boolean } | null {
  if (state.step === 2) return { label: 'Next: validate identity', to: 3, enabled: state.bootstrap !== null };
  if (state.step === 3) return { label: 'Next: validate permissions', to: 4, enabled: state.identity !== null };
  if (state.step === 4) return { label: 'Next: save', to: 5, enabled: permissionsPass(state.permissions) };
  return null;
}

/** Back, whether the draft was kept, and Next. */
export function WizardNav<C extends CloudKind>({ state, autosave, onGo }: { state: WizardState<C>; autosave: { savedAt: string | null; failed: string | null }; onGo: (step: StepperStep) => void }) {
  const next = nextFrom(state);
  return (
    <div className="wizard__nav" data-testid="wizard-nav">
      <button className="btn" type="button" onClick={() => onGo((state.step - 1) as StepperStep)} data-testid="wizard-back">
        Back
      </button>
      <span className="wizard__saved muted small" data-testid="draft-status">
        {autosave.failed ? `Progress not kept: ${autosave.failed}` : autosave.savedAt ? `Draft kept at ${formatTime(autosave.savedAt)}` : ''}
      </span>
      {next && (
        <button className="btn btn--primary" type="button" disabled={!next.enabled} onClick={() => onGo(next.to)} data-testid={`next-${next.to}`}>
          {next.label}
        </button>
      )}
    </div>
  );
}
