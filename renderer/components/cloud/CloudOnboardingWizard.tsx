import { useEffect, useReducer, useState } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { SettingsStatus } from '../../../shared/ipc/settings.js';
import { type IpcResult, api, safeCall } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge } from '../common/Badge.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Facts } from '../common/Facts.js';
import { Field } from '../common/Field.js';
import { Spinner } from '../common/Spinner.js';
import { CLOUD_UIS } from './clouds/index.js';
import { BootstrapStep } from './steps/BootstrapStep.js';
import { ChooseCloud } from './steps/ChooseCloud.js';
import { PermissionsView } from './steps/PermissionsView.js';
import { STEP_TITLES, Stepper } from './steps/Stepper.js';
import { type PermissionsValue, type StepNumber, furthestStep, initialWizard, wizardReducer } from './wizard-state.js';

interface Props {
  readonly orgId: string;
  /** Open straight on a cloud (fixing a saved connection: rotation, a new token). */
  readonly initialCloud?: CloudKind;
  readonly onSaved?: () => void;
  readonly onClose?: () => void;
}

/**
 * The five-step wizard: choose → bootstrap artifacts → validate identity → validate permissions /
 * enumerate → save. The same component serves an org's integrations page and the platform
 * tenant's settings panel.
 */
export function CloudOnboardingWizard({ orgId, onSaved, onClose, initialCloud }: Props) {
  const [state, dispatch] = useReducer(wizardReducer, initialCloud ? wizardReducer(initialWizard, { type: 'choose', cloud: initialCloud }) : initialWizard);
  const [status, setStatus] = useState<SettingsStatus | null>(null);
  const [statusError, setStatusError] = useState<ErrorData | null>(null);

  useEffect(() => {
    void safeCall(() => api.settings.status({})).then((r) => (r.ok ? setStatus(r.value) : setStatusError(r.error)));
  }, []);

  const ui = state.cloud ? CLOUD_UIS[state.cloud] : undefined;
  const furthest = furthestStep(state);
  const problems = ui ? ui.targetProblems(state.target) : {};
  const targetReady = ui ? ui.targetFields.every((f) => f.optional || (state.target[f.name] ?? '').trim() !== '') && Object.values(problems).every((p) => !p) : false;
  // Steps 4–5 reuse a secret main already holds from step 3; they never resend it.
  const stepsReady = ui ? ui.targetFields.every((f) => f.optional || f.secret || (state.target[f.name] ?? '').trim() !== '') : false;
  const payload = () => ui!.toPayload(orgId, state.target);
  const permissionsPass = Boolean(state.permissions && !state.permissions.checks.some((c) => c.status === 'missing'));

  async function run<T>(step: StepNumber, busy: NonNullable<typeof state.busy>, call: () => Promise<IpcResult<T>>, done: (v: T) => void, action?: string) {
    dispatch({ type: 'busy', busy });
    const r = await call();
    if (r.ok) done(r.value);
    else dispatch({ type: 'failed', step, error: r.error, action });
  }

  // Step 2 can already take some target values (e.g. Azure's tenant) to make its commands concrete.
  const bootstrapExtras = () => ({
    ...Object.fromEntries((ui?.bootstrapFields ?? []).filter((f) => (state.target[f] ?? '').trim() !== '' && !problems[f]).map((f) => [f, state.target[f]!.trim()])),
    ...Object.fromEntries((ui?.bootstrapOptions ?? []).filter((o) => state.target[o.name]).map((o) => [o.name, state.target[o.name]])),
  });
  const loadBootstrap = () =>
    run(2, 'bootstrap', () => safeCall(() => api.cloud.bootstrap({ cloud: state.cloud!, orgId, ...bootstrapExtras() } as never)), (v) =>
      dispatch({ type: 'bootstrap', value: v as unknown as Record<string, unknown> }),
    );

  useEffect(() => {
    if (state.step === 2 && state.cloud && !state.bootstrap && !state.busy && !state.error) void loadBootstrap();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.step, state.cloud]);

  const secretFields = ui ? ui.targetFields.filter((f) => f.secret).map((f) => f.name) : [];
  const validateIdentity = async () => {
    const body = payload();
    // The secret leaves the page with this one request, whatever its outcome.
    dispatch({ type: 'clearSecrets', names: secretFields });
    await run(3, 'identity', () => withStepUp(orgId, () => api.cloud.validateIdentity(body as never)), (v) => dispatch({ type: 'identity', value: v as unknown as Record<string, unknown> }));
  };
  const validatePermissions = () =>
    run(4, 'permissions', () => withStepUp(orgId, () => api.cloud.validatePermissions(payload() as never)), (v) =>
      dispatch({ type: 'permissions', value: v as unknown as PermissionsValue }),
    'permissions');
  const enumerate = () =>
    run(4, 'enumerate', () => withStepUp(orgId, () => api.cloud.enumerate(payload() as never)), (v) =>
      dispatch({ type: 'enumeration', value: v as unknown as Record<string, unknown> }),
    'enumerate');
  const save = () =>
    run(5, 'save', () => withStepUp(orgId, () => api.cloud.connect(payload() as never)), (v) => {
      dispatch({ type: 'saved', value: v.connection, followUp: v.followUp });
      onSaved?.();
    });

  const stepError = (step: StepNumber, action?: string) =>
    state.error && state.error.step === step && (action === undefined || state.error.action === action) ? <ErrorPanel error={state.error.error} testId={`error-step-${step}`} /> : null;

  return (
    <section className="wizard card" data-testid="wizard" aria-label="Connect a cloud account">
      <header className="wizard__header">
        <div>
          <h2>Connect a cloud account</h2>
          <p className="muted">
            For <strong>{orgId}</strong>
            {state.cloud && <> · {CLOUD_LABELS[state.cloud]}</>} · federated-first: no long-lived keys are ever stored.
          </p>
        </div>
        {onClose && (
          <button className="btn btn--ghost" type="button" onClick={onClose}>
            Close
          </button>
        )}
      </header>
      <Stepper current={state.step} furthest={furthest} onGo={(s) => dispatch({ type: 'go', step: s })} />

      <div className="wizard__body" data-testid={`wizard-step-${state.step}`}>
        <h3 className="wizard__step-title">
          Step {state.step} · {STEP_TITLES[state.step]}
        </h3>

        {state.step === 1 && (
          <>
            {statusError && <ErrorPanel error={statusError} />}
            {!status && !statusError && <Spinner label="Checking which clouds are configured…" />}
            {status && <ChooseCloud status={status} selected={state.cloud} onChoose={(cloud) => dispatch({ type: 'choose', cloud })} />}
          </>
        )}

        {state.step === 2 && ui && (
          <>
            <p className="muted">Everything here is generated on this laptop, offline. Give it to the customer's admin to run.</p>
            {(ui.bootstrapFields.length > 0 || ui.bootstrapOptions.length > 0) && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void loadBootstrap();
                }}
              >
                {ui.targetFields
                  .filter((f) => ui.bootstrapFields.includes(f.name))
                  .map((f) => (
                    <Field
                      key={f.name}
                      label={`${f.label} (optional here)`}
                      placeholder={f.placeholder}
                      help="Fills it into the commands and links below; step 3 needs it."
                      value={state.target[f.name] ?? ''}
                      problem={(state.target[f.name] ?? '') !== '' ? problems[f.name] : undefined}
                      onChange={(e) => dispatch({ type: 'target', name: f.name, value: e.target.value })}
                      data-testid={`bootstrap-${f.name}`}
                    />
                  ))}
                {ui.bootstrapOptions.map((o) => (
                  <fieldset key={o.name} className="choice">
                    <legend>{o.label}</legend>
                    {o.choices.map((c) => (
                      <label key={c.value} title={c.help}>
                        <input
                          type="radio"
                          name={o.name}
                          value={c.value}
                          checked={(state.target[o.name] ?? o.choices[0]!.value) === c.value}
                          onChange={() => dispatch({ type: 'target', name: o.name, value: c.value })}
                          data-testid={`option-${o.name}-${c.value}`}
                        />{' '}
                        {c.label}
                        <span className="choice__help">{c.help}</span>
                      </label>
                    ))}
                  </fieldset>
                ))}
                <div>
                  <button className="btn" type="submit" disabled={state.busy !== null} data-testid="refresh-bootstrap">
                    Fill in the commands
                  </button>
                </div>
              </form>
            )}
            {state.busy === 'bootstrap' && <Spinner label="Generating artifacts…" />}
            {stepError(2)}
            {state.bootstrap && <BootstrapStep ui={ui} bootstrap={state.bootstrap} />}
            <div className="wizard__nav">
              <button className="btn btn--primary" type="button" disabled={!state.bootstrap} onClick={() => dispatch({ type: 'go', step: 3 })} data-testid="next-3">
                Next: validate identity
              </button>
            </div>
          </>
        )}

        {state.step === 3 && ui && (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              if (targetReady) void validateIdentity();
            }}
          >
            <p className="muted">Read-only: AlphaSwarm signs in to the customer account once to prove the trust works. Needs step-up MFA.</p>
            {ui.targetFields.map((f) =>
              f.checkbox ? (
                <label key={f.name} className="checkbox">
                  <input
                    type="checkbox"
                    checked={state.target[f.name] === 'true'}
                    onChange={(e) => dispatch({ type: 'target', name: f.name, value: e.target.checked ? 'true' : '' })}
                    data-testid={`target-${f.name}`}
                  />{' '}
                  {f.label}
                  <span className="field__help">{f.help}</span>
                </label>
              ) : (
                <Field
                  key={f.name}
                  label={f.optional ? `${f.label} (optional)` : f.label}
                  placeholder={f.placeholder}
                  help={f.secret && state.identity ? 'Verified and held for this session; paste again only to use another token.' : f.help}
                  value={state.target[f.name] ?? ''}
                  problem={problems[f.name] ?? (state.error?.error.field === f.name ? state.error.error.message : undefined)}
                  onChange={(e) => dispatch({ type: 'target', name: f.name, value: e.target.value })}
                  data-testid={`target-${f.name}`}
                  type={f.secret ? 'password' : 'text'}
                  autoComplete={f.secret ? 'off' : undefined}
                />
              ),
            )}
            <div className="row">
              <button className="btn btn--primary" type="submit" disabled={!targetReady || state.busy !== null} data-testid="validate-identity">
                Validate identity
              </button>
              {state.busy === 'identity' && <Spinner label="Signing in to the customer account…" />}
            </div>
            {stepError(3)}
            {state.identity && (
              <div className="success-panel" data-testid="identity-result">
                <div className="success-panel__title">
                  <Badge tone="ok">Identity validated</Badge>
                </div>
                <Facts rows={ui.identityFacts(state.identity)} />
              </div>
            )}
            <div className="wizard__nav">
              <button className="btn" type="button" onClick={() => dispatch({ type: 'go', step: 2 })}>
                Back
              </button>
              <button className="btn btn--primary" type="button" disabled={!state.identity} onClick={() => dispatch({ type: 'go', step: 4 })} data-testid="next-4">
                Next: validate permissions
              </button>
            </div>
          </form>
        )}

        {state.step === 4 && ui && (
          <div className="stack">
            <p className="muted">Read-only checks of what the connection may do, and what it can see.</p>
            <div className="row">
              <button className="btn btn--primary" type="button" disabled={state.busy !== null || !stepsReady} onClick={() => void validatePermissions()} data-testid="validate-permissions">
                {state.permissions ? 'Check permissions again' : 'Check permissions'}
              </button>
              <button className="btn" type="button" disabled={state.busy !== null || !state.permissions} onClick={() => void enumerate()} data-testid="enumerate">
                {ui.enumerateLabel}
              </button>
              {state.busy === 'permissions' && <Spinner label="Simulating the baseline…" />}
              {state.busy === 'enumerate' && <Spinner label="Listing…" />}
            </div>
            {stepError(4, 'permissions')}
            {state.permissions && (
              <>
                <div data-testid="permissions-summary">
                  {state.permissions.allGranted ? (
                    <Badge tone="ok">All required permissions granted</Badge>
                  ) : state.permissions.checks.some((c) => c.status === 'missing') ? (
                    <Badge tone="bad">Missing required permissions — fix them, then check again</Badge>
                  ) : (
                    <Badge tone="warn">Nothing missing; some permissions could not be verified read-only</Badge>
                  )}
                </div>
                <PermissionsView value={state.permissions} />
              </>
            )}
            {stepError(4, 'enumerate')}
            {state.enumeration && <ui.Enumeration value={state.enumeration} />}
            <div className="wizard__nav">
              <button className="btn" type="button" onClick={() => dispatch({ type: 'go', step: 3 })}>
                Back
              </button>
              <button className="btn btn--primary" type="button" disabled={!permissionsPass} onClick={() => dispatch({ type: 'go', step: 5 })} data-testid="next-5">
                Next: save
              </button>
            </div>
          </div>
        )}

        {state.step === 5 && ui && state.identity && (
          <div className="stack">
            {!state.saved && (
              <>
                <p className="muted">This stores the non-secret record below on this device. Needs step-up MFA.</p>
                <Facts rows={[['Stored under', <code>{`CredentialKey("cloud_${state.cloud}", "org:${orgId}")`}</code>], ...ui.recordPreview(state.bootstrap, state.identity, state.target)]} />
                <div className="row">
                  <button className="btn btn--primary" type="button" disabled={state.busy !== null} onClick={() => void save()} data-testid="save-connection">
                    Save connection
                  </button>
                  {state.busy === 'save' && <Spinner label="Saving…" />}
                </div>
                {stepError(5)}
              </>
            )}
            {state.saved && (
              <div className="success-panel" data-testid="saved-result">
                <div className="success-panel__title">
                  <Badge tone="ok">Connected</Badge> saved under <code>{state.saved.credentialKey}</code>
                </div>
                <Facts
                  rows={[
                    ['Identifier', <code>{state.saved.identifier}</code>],
                    ['Label', <code>{state.saved.label}</code>],
                  ]}
                />
                {state.followUp.length > 0 && (
                  <div className="stack" data-testid="follow-up">
                    <p>
                      <strong>One more step for the customer's admin:</strong>
                    </p>
                    {state.followUp.map((a) => (
                      <CodeBlock key={a.id} title={`${a.title} · ${a.filename}`} subtitle={a.description} content={a.content} testId={`follow-up-${a.id}`} />
                    ))}
                  </div>
                )}
                <div className="row">
                  <button className="btn" type="button" onClick={() => dispatch({ type: 'reset' })}>
                    Connect another
                  </button>
                  {onClose && (
                    <button className="btn btn--primary" type="button" onClick={onClose}>
                      Done
                    </button>
                  )}
                </div>
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
