import { useEffect } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import { BootstrapPanel } from '../steps/BootstrapPanel.js';
import { IdentityStep } from '../steps/IdentityStep.js';
import { PermissionsStep } from '../steps/PermissionsStep.js';
import { STEP_TITLES, Stepper, type StepperStep } from '../steps/Stepper.js';
import { useCloudWizard, useFocusOnStep } from './use-cloud-wizard.js';
import { WizardNav } from './WizardNav.js';
import { WizardSave } from './WizardSave.js';
import { ValidateAllStatus } from '../steps/ValidateAllStatus.js';
import { furthestStep, hasProgress } from './wizard-progress.js';

interface Props<C extends CloudKind> {
  readonly cloud: C;
  readonly orgId: string;
  readonly draft: StoredDraft | null;
  /** Back to step 1 (the wizard's progress stays in its draft). */
  onChooseCloud(): void;
  onSaved(): void;
  /** After a save: start over for another account of this cloud. */
  onAnother(): void;
  onDone?: () => void;
  /** The close button asks here before a draft with progress is thrown away. */
  registerProgress(check: () => { hasProgress: boolean; discard: () => Promise<void> }): void;
}

/** Steps 2–5 for one cloud: the stepper, the current step, and the nav below it. */
export function CloudWizard<C extends CloudKind>({ cloud, orgId, draft, onChooseCloud, onSaved, onAnother, onDone, registerProgress }: Props<C>) {
  const w = useCloudWizard(cloud, orgId, draft, onSaved);
  const { ui, state, dispatch } = w;
  const heading = useFocusOnStep(state.step);
  useEffect(() => registerProgress(() => ({ hasProgress: hasProgress(state), discard: w.discard })));

  const problems = ui.targetProblems(state.target);
  const noProblems = Object.values(problems).every((p) => !p);
  const filled = (secretToo: boolean) => ui.targetFields.every((f) => f.optional || (f.secret && !secretToo) || (state.target[f.name] ?? '').trim() !== '');
  const go = (s: StepperStep) => (s === 1 ? onChooseCloud() : dispatch({ type: 'go', step: s }));
  const stepError = state.error && state.error.step === state.step ? state.error : null;
  const onField = (name: string, value: string) => dispatch({ type: 'target', name, value });

  return (
    <>
      <div className="wizard__sticky">
        <Stepper current={state.step} furthest={furthestStep(state)} onGo={go} />
      </div>
      <div className="wizard__body" data-testid={`wizard-step-${state.step}`}>
        <h3 className="wizard__step-title" ref={heading} tabIndex={-1} data-testid="step-heading">
          Step {state.step} · {STEP_TITLES[state.step]} <span className="muted">— {CLOUD_LABELS[cloud]}</span>
        </h3>

        {state.step === 2 && (
          <BootstrapPanel
            ui={ui}
            state={state}
            error={stepError?.error ?? null}
            problems={problems}
            onMethod={(method) => dispatch({ type: 'method', method })}
            onField={onField}
            onLocal={(name, value) => dispatch({ type: 'local', name, value })}
          />
        )}
        {state.step === 3 && (
          <IdentityStep
            ui={ui}
            target={state.target}
            problems={problems}
            identity={state.identity}
            secretNeeded={state.secretNeeded}
            busy={state.busy === 'identity' || state.busy === 'permissions' || state.busy === 'enumerate'}
            error={stepError?.error ?? null}
            ready={filled(true) && noProblems}
            onField={onField}
            status={<ValidateAllStatus identity={state.identity !== null} permissions={state.permissions} enumeration={state.enumeration} busy={state.busy} />}
            onValidateAll={() => void w.validateAll()}
            onValidate={() => void w.validateIdentity()}
          />
        )}
        {state.step === 4 && (
          // Steps 4–5 reuse a secret main already holds from step 3; they never resend it.
          <PermissionsStep ui={ui} permissions={state.permissions} enumeration={state.enumeration} busy={state.busy} error={stepError} ready={filled(false) && noProblems} onCheck={() => void w.checkPermissions()} onEnumerate={() => void w.enumerate()} />
        )}
        {state.step === 5 && <WizardSave wizard={w} orgId={orgId} onAnother={onAnother} onDone={onDone} />}
      </div>
      {!state.saved && <WizardNav state={state} autosave={w.autosave} onGo={go} />}
    </>
  );
}
