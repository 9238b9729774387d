import type { Artifact } from '../../../../shared/artifacts/artifact.js';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import type { TargetValues } from '../clouds/types.js';

export type StepNumber = 2 | 3 | 4 | 5;
export type Busy = 'bootstrap' | 'identity' | 'permissions' | 'enumerate' | 'check' | 'save';

/** What saving did, for the Done panel. */
export interface SavedResult {
  readonly connection: ConnectionSummary;
  readonly followUp: readonly Artifact[];
  readonly updated: boolean;
  readonly replaced: ConnectionSummary | null;
}

/** One cloud's wizard, steps 2–5 (step 1 is choosing the cloud, outside it): its state and how each action changes it. */
export interface WizardState<C extends CloudKind> {
  readonly cloud: C;
  readonly step: StepNumber;
  readonly method: string | null;
  readonly target: TargetValues;
  readonly bootstrap: CloudOut<C>['bootstrap'] | null;
  readonly identity: CloudOut<C>['identity'] | null;
  readonly permissions: CloudOut<C>['permissions'] | null;
  readonly enumeration: CloudOut<C>['enumeration'] | null;
  /** The draft had a verified secret that was not kept: it must be pasted again. */
  readonly secretNeeded: boolean;
  readonly saved: SavedResult | null;
  readonly busy: Busy | null;
  readonly error: { readonly step: StepNumber; readonly error: ErrorData; readonly action?: Busy } | null;
}

export type WizardAction<C extends CloudKind> =
  | { type: 'go'; step: StepNumber }
  | { type: 'method'; method: string }
  | { type: 'busy'; busy: Busy | null }
  | { type: 'failed'; step: StepNumber; error: ErrorData; action?: Busy }
  | { type: 'bootstrap'; value: CloudOut<C>['bootstrap'] }
  | { type: 'target'; name: string; value: string }
  /** Fields that only shape step 2's text (a placeholder filled locally): they prove nothing, so nothing is reset. */
  | { type: 'local'; name: string; value: string }
  /** Forget a secret input once it was sent: it must not stay in the page. */
  | { type: 'clearSecrets'; names: readonly string[] }
  | { type: 'identity'; value: CloudOut<C>['identity'] }
  | { type: 'permissions'; value: CloudOut<C>['permissions'] }
  | { type: 'enumeration'; value: CloudOut<C>['enumeration'] }
  | { type: 'saved'; value: SavedResult };

export function initialWizard<C extends CloudKind>(cloud: C, method: string | null): WizardState<C> {
  return { cloud, step: 2, method, target: {}, bootstrap: null, identity: null, permissions: null, enumeration: null, secretNeeded: false, saved: null, busy: null, error: null };
}

export function wizardReducer<C extends CloudKind>(state: WizardState<C>, action: WizardAction<C>): WizardState<C> {
  switch (action.type) {
    case 'go':
      return { ...state, step: action.step, error: null };
    case 'method':
      return { ...state, method: action.method };
    case 'busy':
      return { ...state, busy: action.busy, error: action.busy ? null : state.error };
    case 'failed':
      return { ...state, busy: null, error: { step: action.step, error: action.error, action: action.action } };
    case 'bootstrap':
      return { ...state, busy: null, bootstrap: action.value };
    case 'target':
      // New inputs invalidate what was proved for the old ones (main enforces the same).
      return { ...state, target: { ...state.target, [action.name]: action.value }, identity: null, permissions: null, enumeration: null, error: null };
    case 'local':
      return { ...state, target: { ...state.target, [action.name]: action.value } };
    case 'clearSecrets':
      return { ...state, target: Object.fromEntries(Object.entries(state.target).filter(([k]) => !action.names.includes(k))) };
    case 'identity':
      return { ...state, busy: null, identity: action.value, permissions: null, enumeration: null, secretNeeded: false };
    case 'permissions':
      return { ...state, busy: null, permissions: action.value };
    case 'enumeration':
      return { ...state, busy: null, enumeration: action.value };
    case 'saved':
      return { ...state, busy: null, saved: action.value };
  }
}
