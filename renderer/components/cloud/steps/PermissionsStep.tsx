import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { Badge } from '../../common/Badge.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Spinner } from '../../common/Spinner.js';
import { useFocusOnChange } from '../../common/use-focus-on-change.js';
import type { CloudUi } from '../clouds/types.js';
import type { Busy } from '../wizard/wizard-state.js';
import { PermissionsView } from './PermissionsView.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly permissions: CloudOut<C>['permissions'] | null;
  readonly enumeration: CloudOut<C>['enumeration'] | null;
  readonly busy: Busy | null;
  readonly error: { readonly error: ErrorData; readonly action?: Busy } | null;
  readonly ready: boolean;
  onCheck(): void;
  onEnumerate(): void;
}

/** Step 4: what the connection may do (read-only checks), and what it can see. */
export function PermissionsStep<C extends CloudKind>({ ui, permissions, enumeration, busy, error, ready, onCheck, onEnumerate }: Props<C>) {
  const missing = permissions?.checks.filter((c) => c.status === 'missing').length ?? 0;
  // Each check's result, when it arrives, is where focus goes (the button was disabled while it ran).
  const summary = useFocusOnChange<HTMLDivElement>(permissions);
  return (
    <div className="stack">
      <p className="muted">Read-only checks of what the connection may do, and what it can see.</p>
      <div className="row">
        <button className="btn btn--primary" type="button" disabled={busy !== null || !ready} onClick={onCheck} data-testid="validate-permissions">
          {permissions ? 'Check permissions again' : 'Check permissions'}
        </button>
        <button className="btn" type="button" disabled={busy !== null || !permissions} onClick={onEnumerate} data-testid="enumerate">
          {ui.enumerateLabel}
        </button>
        {busy === 'permissions' && <Spinner label="Checking the baseline…" />}
        {busy === 'enumerate' && <Spinner label="Listing…" />}
      </div>
      {error?.action === 'permissions' && <ErrorPanel error={error.error} testId="error-step-4" />}
      {permissions && (
        <>
          <div data-testid="permissions-summary" tabIndex={-1} ref={summary}>
            {permissions.allGranted ? (
              <Badge tone="ok">All required permissions granted</Badge>
            ) : missing > 0 ? (
              <Badge tone="bad">{`${missing} required permission${missing === 1 ? ' is' : 's are'} missing — fix, then check again`}</Badge>
            ) : (
              <Badge tone="warn">Nothing missing; some permissions could not be verified read-only</Badge>
            )}
          </div>
          <PermissionsView value={permissions} />
        </>
      )}
      {error?.action === 'enumerate' && <ErrorPanel error={error.error} testId="error-step-4-enumerate" />}
      {enumeration && <ui.Enumeration value={enumeration} />}
    </div>
  );
}
