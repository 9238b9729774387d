import { useEffect, useEffectEvent, useReducer, useRef } from 'react';
import { SETUP } from '../../../../shared/artifacts/setup-methods.js';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import { type IpcResult, api, safeCall } from '../../../api.js';
import { announce } from '../../../state/announce.js';
import { withStepUp } from '../../../state/step-up.js';
import { CLOUD_UIS } from '../clouds/index.js';
import { isFor } from '../clouds/types.js';
import type { SaveChoice } from '../steps/SaveChoice.js';
import { useDraftAutosave } from './use-draft-autosave.js';
import { fromDraft } from './wizard-draft.js';
import { type Busy, type StepNumber, initialWizard, wizardReducer } from './wizard-state.js';

const BUSY_WORDS: Readonly<Record<Busy, string>> = {
  bootstrap: 'Artifacts ready.',
  identity: 'Identity validated.',
  permissions: 'Permissions checked.',
  enumerate: 'Listing done.',
  check: '',
  save: 'Connection saved.',
};

/**
 * One cloud's wizard state and its calls to main, typed by that cloud end to end: results are
 * narrowed by their `cloud` tag, never cast. Progress is kept in main as a draft as it changes.
 */
export function useCloudWizard<C extends CloudKind>(cloud: C, orgId: string, draft: StoredDraft | null, onSaved: () => void) {
  const ui = CLOUD_UIS[cloud];
  const [state, dispatch] = useReducer(wizardReducer<C>, undefined, () => (draft ? fromDraft(cloud, draft) : initialWizard(cloud, SETUP[cloud].methods[0]!.id)));
  const autosave = useDraftAutosave(orgId, ui, state, !state.saved);
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

  // Step 2's artifacts are offline and cheap: reloaded as the fields that shape them change
  // (debounced for typing, at once the first time), and only then.
  const bootstrapKey = JSON.stringify(ui.toBootstrapPayload(orgId, state.target));
  const reloadBootstrap = useEffectEvent(() =>
    setTimeout(() => {
      void run(2, 'bootstrap', () => safeCall(() => api.cloud.bootstrap(ui.toBootstrapPayload(orgId, state.target))), (v) => (isFor(cloud, v) ? dispatch({ type: 'bootstrap', value: v }) : wrong('step 2')));
    }, state.bootstrap ? 250 : 0),
  );
  useEffect(() => {
    const timer = reloadBootstrap();
    return () => clearTimeout(timer);
  }, [bootstrapKey]);

  const discard = async () => {
    autosave.stop();
    await safeCall(() => api.drafts.discard({ orgId, cloud }));
  };

  const secretFields = ui.targetFields.filter((f) => f.secret).map((f) => f.name);
  const validateIdentity = async () => {
    const body = payload();
    // The secret leaves the page with this one request, whatever its outcome.
    dispatch({ type: 'clearSecrets', names: secretFields });
    await run(3, 'identity', () => withStepUp(orgId, () => api.cloud.validateIdentity(body), `validate ${CLOUD_LABELS[cloud]} identity for ${orgId}`), (v) =>
      isFor(cloud, v) ? dispatch({ type: 'identity', value: v }) : wrong('step 3'),
    );
  };
  /**
   * One Validate: identity, then permissions, then what the connection can see — all read-only,
   * under one step-up (the grant covers the three). All passing goes straight on to Save; a missing
   * permission or a failed listing opens step 4 at its result; each result shows where it belongs.
   */
  const validateAll = async () => {
    const body = payload();
    dispatch({ type: 'clearSecrets', names: secretFields });
    const purpose = `validate ${CLOUD_LABELS[cloud]} for ${orgId}: identity, permissions and what it can see (read-only)`;
    let passed = false;
    await run(3, 'identity', () => withStepUp(orgId, () => api.cloud.validateIdentity(body), purpose), (v) => {
      if (!isFor(cloud, v)) return wrong('step 3');
      passed = true;
      dispatch({ type: 'identity', value: v });
    });
    if (!passed) return;
    // Steps 4 and 4* reuse the secret main holds from step 3: never sent again.
    const rest = ui.toPayload(orgId, Object.fromEntries(Object.entries(state.target).filter(([k]) => !secretFields.includes(k))));
    let granted = false;
    await run(4, 'permissions', () => withStepUp(orgId, () => api.cloud.validatePermissions(rest)), (v) => {
      if (!isFor(cloud, v)) return wrong('step 4');
      granted = !v.checks.some((c) => c.status === 'missing');
      dispatch({ type: 'permissions', value: v });
    });
    if (!granted) return dispatch({ type: 'go', step: 4 });
    let listed = false;
    await run(4, 'enumerate', () => withStepUp(orgId, () => api.cloud.enumerate(rest)), (v) => {
      if (!isFor(cloud, v)) return wrong('step 4');
      listed = true;
      dispatch({ type: 'enumeration', value: v });
    });
    dispatch({ type: 'go', step: listed ? 5 : 4 });
    if (listed) announce('Identity, permissions and listing passed: ready to save.');
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

  return { ui, state, dispatch, autosave, payload, discard, validateIdentity, validateAll, checkPermissions, enumerate, save };
}

/** Focus the new step's heading (not on first show), so keyboard and screen-reader users land where the content is. */
export function useFocusOnStep(step: StepNumber) {
  const heading = useRef<HTMLHeadingElement>(null);
  // On mount too: the wizard was just opened on this cloud (step 1 → 2, a resumed draft, "another").
  useEffect(() => {
    heading.current?.focus();
  }, [step]);
  return heading;
}
