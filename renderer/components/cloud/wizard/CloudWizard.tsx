import { useEffect, useReducer, useRef } from 'react';
import { SETUP } from '../../../../shared/artifacts/setup-methods.js';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import { type IpcResult, api, safeCall } from '../../../api.js';
import { announce } from '../../../state/announce.js';
import { withStepUp } from '../../../state/step-up.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Spinner } from '../../common/Spinner.js';
import { formatTime } from '../../common/time.js';
import { CLOUD_UIS } from '../clouds/index.js';
import { isFor } from '../clouds/types.js';
import { BootstrapStep } from '../steps/BootstrapStep.js';
import { IdentityStep } from '../steps/IdentityStep.js';
import { PermissionsStep } from '../steps/PermissionsStep.js';
import { type SaveChoice, SaveStep } from '../steps/SaveStep.js';
import { STEP_TITLES, Stepper, type StepperStep } from '../steps/Stepper.js';
import { useDraftAutosave } from './use-draft-autosave.js';
import { type Busy, type StepNumber, fromDraft, furthestStep, hasProgress, initialWizard, permissionsPass, wizardReducer } from './wizard-state.js';

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

const BUSY_WORDS: Readonly<Record<Busy, string>> = {
  bootstrap: 'Artifacts ready.',
  identity: 'Identity validated.',
  permissions: 'Permissions checked.',
  enumerate: 'Listing done.',
  check: '',
  save: 'Connection saved.',
};

/**
 * Steps 2–5 for one cloud, typed by that cloud end to end: results from main are narrowed by their
 * `cloud` tag, never cast. Progress is kept in main as a draft as it changes.
 */
export function CloudWizard<C extends CloudKind>({ cloud, orgId, draft, onChooseCloud, onSaved, onAnother, onDone, registerProgress }: Props<C>) {
  const ui = CLOUD_UIS[cloud];
  const [state, dispatch] = useReducer(wizardReducer<C>, undefined, () => (draft ? fromDraft(cloud, draft) : initialWizard(cloud, SETUP[cloud].methods[0]!.id)));
  const autosave = useDraftAutosave(orgId, ui, state, !state.saved);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const problems = ui.targetProblems(state.target);
  const noProblems = Object.values(problems).every((p) => !p);
  const filled = (secretToo: boolean) => ui.targetFields.every((f) => f.optional || (f.secret && !secretToo) || (state.target[f.name] ?? '').trim() !== '');
  const identityReady = filled(true) && noProblems;
  // Steps 4–5 reuse a secret main already holds from step 3; they never resend it.
  const laterReady = filled(false) && noProblems;
  const furthest = furthestStep(state);
  const payload = () => ui.toPayload(orgId, state.target);

  async function run<T>(step: StepNumber, busy: Busy, call: () => Promise<IpcResult<T>>, done: (v: T) => void) {
    dispatch({ type: 'busy', busy });
    const r = await call();
    if (r.ok) {
      done(r.value);
      if (BUSY_WORDS[busy]) announce(BUSY_WORDS[busy]);
    } else {
      dispatch({ type: 'failed', step, error: r.error, action: busy });
      announce(`Failed: ${r.error.message}`);
    }
  }
  const wrong = (what: string) => dispatch({ type: 'failed', step: state.step, error: { code: 'internal', message: `Main answered ${what} for another cloud.`, hint: 'Restart the app; if it happens again, report it.' } });

  const bootstrapKey = JSON.stringify(ui.toBootstrapPayload(orgId, state.target));
  useEffect(() => {
    // Offline and cheap: reloaded as fields that shape the commands change (debounced for typing).
    const timer = setTimeout(() => {
      void run(2, 'bootstrap', () => safeCall(() => api.cloud.bootstrap(ui.toBootstrapPayload(orgId, state.target))), (v) => (isFor(cloud, v) ? dispatch({ type: 'bootstrap', value: v }) : wrong('step 2')));
    }, state.bootstrap ? 250 : 0);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bootstrapKey]);

  // Focus the new step's heading, so keyboard and screen-reader users land where the content is.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [state.step]);

  const discard = async () => {
    autosave.stop();
    await safeCall(() => api.drafts.discard({ orgId, cloud }));
  };
  useEffect(() => registerProgress(() => ({ hasProgress: hasProgress(state), discard })));

  const secretFields = ui.targetFields.filter((f) => f.secret).map((f) => f.name);
  const validateIdentity = async () => {
    const body = payload();
    // The secret leaves the page with this one request, whatever its outcome.
    dispatch({ type: 'clearSecrets', names: secretFields });
    await run(3, 'identity', () => withStepUp(orgId, () => api.cloud.validateIdentity(body), `validate ${CLOUD_LABELS[cloud]} identity for ${orgId}`), (v) =>
      isFor(cloud, v) ? dispatch({ type: 'identity', value: v }) : wrong('step 3'),
    );
  };
  const checkPermissions = () =>
    run(4, 'permissions', () => withStepUp(orgId, () => api.cloud.validatePermissions(payload())), (v) => (isFor(cloud, v) ? dispatch({ type: 'permissions', value: v }) : wrong('step 4')));
  const enumerate = () => run(4, 'enumerate', () => withStepUp(orgId, () => api.cloud.enumerate(payload())), (v) => (isFor(cloud, v) ? dispatch({ type: 'enumeration', value: v }) : wrong('step 4')));
  const save = (choice: SaveChoice | undefined) =>
    run(5, 'save', () => withStepUp(orgId, () => api.cloud.connect({ ...payload(), ...(choice ? { choice } : {}) })), (v) => {
      autosave.stop();
      dispatch({ type: 'saved', value: { connection: v.connection, followUp: v.followUp, updated: v.updated, replaced: v.replaced?.removed ?? null } });
      void safeCall(() => api.drafts.discard({ orgId, cloud }));
      onSaved();
    });

  const go = (s: StepperStep) => (s === 1 ? onChooseCloud() : dispatch({ type: 'go', step: s }));
  const stepError = state.error && state.error.step === state.step ? state.error : null;
  const next: { label: string; to: StepNumber; enabled: boolean } | null =
    state.step === 2 ? { label: 'Next: validate identity', to: 3, enabled: state.bootstrap !== null }
    : state.step === 3 ? { label: 'Next: validate permissions', to: 4, enabled: state.identity !== null }
    : state.step === 4 ? { label: 'Next: save', to: 5, enabled: permissionsPass(state.permissions) }
    : null;

  return (
    <>
      <div className="wizard__sticky">
        <Stepper current={state.step} furthest={furthest} onGo={go} />
      </div>
      <div className="wizard__body" data-testid={`wizard-step-${state.step}`}>
        <h3 className="wizard__step-title" ref={heading} tabIndex={-1} data-testid="step-heading">
          Step {state.step} · {STEP_TITLES[state.step]} <span className="muted">— {CLOUD_LABELS[cloud]}</span>
        </h3>

        {state.step === 2 && (
          <>
            {!state.bootstrap && state.busy === 'bootstrap' && <Spinner label="Generating artifacts…" />}
            {stepError && <ErrorPanel error={stepError.error} testId="error-step-2" />}
            {state.bootstrap && (
              <BootstrapStep
                ui={ui}
                bootstrap={state.bootstrap}
                method={state.method}
                target={state.target}
                problems={problems}
                onMethod={(method) => dispatch({ type: 'method', method })}
                onField={(name, value) => dispatch({ type: 'target', name, value })}
                onLocal={(name, value) => dispatch({ type: 'local', name, value })}
              />
            )}
          </>
        )}
        {state.step === 3 && (
          <IdentityStep
            ui={ui}
            target={state.target}
            problems={problems}
            identity={state.identity}
            secretNeeded={state.secretNeeded}
            busy={state.busy === 'identity'}
            error={stepError?.error ?? null}
            ready={identityReady}
            onField={(name, value) => dispatch({ type: 'target', name, value })}
            onValidate={() => void validateIdentity()}
          />
        )}
        {state.step === 4 && (
          <PermissionsStep
            ui={ui}
            permissions={state.permissions}
            enumeration={state.enumeration}
            busy={state.busy}
            error={stepError}
            ready={laterReady}
            onCheck={() => void checkPermissions()}
            onEnumerate={() => void enumerate()}
          />
        )}
        {state.step === 5 && state.identity && (
          <SaveStep
            ui={ui}
            orgId={orgId}
            payload={payload()}
            bootstrap={state.bootstrap}
            identity={state.identity}
            target={state.target}
            saved={state.saved}
            busy={state.busy === 'save'}
            error={stepError?.error ?? null}
            onSave={(choice) => void save(choice)}
            onRevalidate={() => dispatch({ type: 'go', step: 3 })}
            onAnother={onAnother}
            onDone={onDone}
          />
        )}
      </div>
      {!state.saved && (
        <div className="wizard__nav" data-testid="wizard-nav">
          <button className="btn" type="button" onClick={() => go((state.step - 1) as StepperStep)} data-testid="wizard-back">
            Back
          </button>
          <span className="wizard__saved muted small" data-testid="draft-status">
            {autosave.failed ? `Progress not kept: ${autosave.failed}` : autosave.savedAt ? `Draft kept at ${formatTime(autosave.savedAt)}` : ''}
          </span>
          {next && (
            <button className="btn btn--primary" type="button" disabled={!next.enabled} onClick={() => dispatch({ type: 'go', step: next.to })} data-testid={`next-${next.to}`}>
              {next.label}
            </button>
          )}
        </div>
      )}
    </>
  );
}
