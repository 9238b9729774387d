import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Spinner } from '../../common/Spinner.js';
import type { CloudUi } from '../clouds/types.js';
import type { WizardState } from '../wizard/wizard-state.js';
import { BootstrapStep } from './BootstrapStep.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly state: WizardState<C>;
  readonly error: ErrorData | null;
  readonly problems: Record<string, string | undefined>;
  onMethod(method: string): void;
  onField(name: string, value: string): void;
  onLocal(name: string, value: string): void;
}

/** Step 2 in the wizard: the artifacts once main has generated them, with their loading and error states. */
export function BootstrapPanel<C extends CloudKind>({ ui, state, error, problems, onMethod, onField, onLocal }: Props<C>) {
  return (
    <>
      {!state.bootstrap && state.busy === 'bootstrap' && <Spinner label="Generating artifacts…" />}
      {error && <ErrorPanel error={error} testId="error-step-2" />}
      {state.bootstrap && <BootstrapStep ui={ui} bootstrap={state.bootstrap} method={state.method} target={state.target} problems={problems} onMethod={onMethod} onField={onField} onLocal={onLocal} />}
    </>
  );
}
