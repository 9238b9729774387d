import type { Artifact } from '../../../shared/artifacts/artifact.js';
import type { CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { ConnectionSummary, PermissionCheck } from '../../../shared/ipc/clouds/common.js';
import type { TargetValues } from './clouds/types.js';

export type StepNumber = 1 | 2 | 3 | 4 | 5;

export interface PermissionsValue {
  readonly allGranted: boolean;
  readonly checks: readonly PermissionCheck[];
  readonly remediation: readonly { title: string; language: string; content: string; description: string }[];
}

export interface WizardState {
  readonly step: StepNumber;
  readonly cloud: CloudKind | null;
  readonly bootstrap: Record<string, unknown> | null;
  readonly target: TargetValues;
  readonly identity: Record<string, unknown> | null;
  readonly permissions: PermissionsValue | null;
  readonly enumeration: Record<string, unknown> | null;
  readonly saved: ConnectionSummary | null;
  readonly followUp: readonly Artifact[];
  readonly busy: null | 'bootstrap' | 'identity' | 'permissions' | 'enumerate' | 'save';
  readonly error: { readonly step: StepNumber; readonly error: ErrorData; readonly action?: string } | null;
}

export const initialWizard: WizardState = {
  step: 1,
  cloud: null,
  bootstrap: null,
  target: {},
  identity: null,
  permissions: null,
  enumeration: null,
  saved: null,
  followUp: [],
  busy: null,
  error: null,
};

export type WizardAction =
  | { type: 'choose'; cloud: CloudKind }
  | { type: 'go'; step: StepNumber }
  | { type: 'busy'; busy: WizardState['busy'] }
  | { type: 'failed'; step: StepNumber; error: ErrorData; action?: string }
  | { type: 'bootstrap'; value: Record<string, unknown> }
  | { type: 'target'; name: string; value: string }
  /** Forget a secret input once it was sent: it must not stay in the page. */
  | { type: 'clearSecrets'; names: readonly string[] }
  | { type: 'identity'; value: Record<string, unknown> }
  | { type: 'permissions'; value: PermissionsValue }
  | { type: 'enumeration'; value: Record<string, unknown> }
  | { type: 'saved'; value: ConnectionSummary; followUp: readonly Artifact[] }
  | { type: 'reset' };

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'choose':
      return action.cloud === state.cloud ? { ...state, step: 2 } : { ...initialWizard, cloud: action.cloud, step: 2 };
    case 'go':
      return { ...state, step: action.step, error: null };
    case 'busy':
      return { ...state, busy: action.busy, error: action.busy ? null : state.error };
    case 'failed':
      return { ...state, busy: null, error: { step: action.step, error: action.error, action: action.action } };
    case 'bootstrap':
      return { ...state, busy: null, bootstrap: action.value };
    case 'target':
      // New inputs invalidate what was proved for the old ones (main enforces the same).
      return { ...state, target: { ...state.target, [action.name]: action.value }, identity: null, permissions: null, enumeration: null, error: null };
    case 'clearSecrets':
      return { ...state, target: Object.fromEntries(Object.entries(state.target).filter(([k]) => !action.names.includes(k))) };
    case 'identity':
      return { ...state, busy: null, identity: action.value, permissions: null, enumeration: null };
    case 'permissions':
      return { ...state, busy: null, permissions: action.value };
    case 'enumeration':
      return { ...state, busy: null, enumeration: action.value };
    case 'saved':
      return { ...state, busy: null, saved: action.value, followUp: action.followUp };
    case 'reset':
      return initialWizard;
  }
}

/** The furthest step the user may open: each needs the one before it done. */
export function furthestStep(s: WizardState): StepNumber {
  if (!s.cloud) return 1;
  if (!s.bootstrap) return 2;
  if (!s.identity) return 3;
  if (!s.permissions || s.permissions.checks.some((c) => c.status === 'missing')) return 4;
  return 5;
}
