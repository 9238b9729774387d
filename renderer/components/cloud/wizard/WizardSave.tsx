import type { CloudKind } from '../../../../shared/domain/cloud.js';
import { SaveStep } from '../steps/SaveStep.js';
import { ValidateAllStatus } from '../steps/ValidateAllStatus.js';
import type { useCloudWizard } from './use-cloud-wizard.js';

interface Props<C extends CloudKind> {
  readonly wizard: ReturnType<typeof useCloudWizard<C>>;
  readonly orgId: string;
  onAnother(): void;
  onDone?: (() => void) | undefined;
}

/** Step 5 in the wizard, once identity is proved: the save, or what it did. */
export function WizardSave<C extends CloudKind>({ wizard: w, orgId, onAnother, onDone }: Props<C>) {
  const { state } = w;
  const stepError = state.error && state.error.step === 5 ? state.error.error : null;
  if (!state.identity) return null;
  return (
    <>
      {/* What one Validate proved, in place above the Save it led to. */}
      {!state.saved && <ValidateAllStatus identity permissions={state.permissions} enumeration={state.enumeration} busy={null} />}
      <SaveStep
      ui={w.ui}
      orgId={orgId}
      payload={w.payload()}
      bootstrap={state.bootstrap}
      identity={state.identity}
      target={state.target}
      saved={state.saved}
      busy={state.busy === 'save'}
      error={stepError}
      onSave={(choice) => void w.save(choice)}
      onRevalidate={() => w.dispatch({ type: 'go', step: 3 })}
      onAnother={onAnother}
      onDone={onDone}
      />
    </>
  );
}
