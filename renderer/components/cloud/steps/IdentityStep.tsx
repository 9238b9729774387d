import type { ReactNode } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { Badge } from '../../common/Badge.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Facts } from '../../common/Facts.js';
import { Field } from '../../common/Field.js';
import { Spinner } from '../../common/Spinner.js';
import { useFocusOnChange } from '../../common/use-focus-on-change.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly target: TargetValues;
  readonly problems: Record<string, string | undefined>;
  readonly identity: CloudOut<C>['identity'] | null;
  readonly secretNeeded: boolean;
  readonly busy: boolean;
  readonly error: ErrorData | null;
  readonly ready: boolean;
  /** The three checks of one Validate, shown as they pass. */
  readonly status: ReactNode;
  onField(name: string, value: string): void;
  /** One Validate: identity, permissions and listing under one step-up (the form's own submit). */
  onValidateAll(): void;
  onValidate(): void;
}

/** Step 3: the values that name the customer account, and one read-only sign-in to prove the trust. */
export function IdentityStep<C extends CloudKind>({ ui, target, problems, identity, secretNeeded, busy, error, ready, status, onField, onValidateAll, onValidate }: Props<C>) {
  // A new result replaces the Validate button's busy state: focus goes to it.
  const resultRef = useFocusOnChange<HTMLDivElement>(identity);
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onValidateAll();
      }}
    >
      <p className="muted">Read-only: Validate signs in to the customer account, checks the permissions and lists what it can see, under one step-up code; when all pass, Save is next.</p>
      {secretNeeded && (
        <p className="note note--warning" data-testid="secret-needed">
          This draft had a verified token, but tokens are never kept in drafts: paste it again to go on.
        </p>
      )}
      {ui.targetFields.map((f) =>
        f.checkbox ? (
          <label key={f.name} className="checkbox">
            <input type="checkbox" checked={target[f.name] === 'true'} onChange={(e) => onField(f.name, e.target.checked ? 'true' : '')} data-testid={`target-${f.name}`} /> {f.label}
            <span className="field__help">{f.help}</span>
          </label>
        ) : (
          <Field
            key={f.name}
            label={f.optional ? `${f.label} (optional)` : f.label}
            placeholder={f.placeholder}
            help={f.secret && identity ? 'Verified and held in memory for this run; paste again only to use another token.' : f.help}
            value={target[f.name] ?? ''}
            problem={problems[f.name] ?? (error?.field === f.name ? error.message : undefined)}
            onChange={(e) => onField(f.name, e.target.value)}
            data-testid={`target-${f.name}`}
            type={f.secret ? 'password' : 'text'}
          />
        ),
      )}
      <div className="row">
        <button className="btn btn--primary" type="submit" disabled={!ready || busy} data-testid="validate-all">
          Validate
        </button>
        <button className="btn" type="button" onClick={onValidate} disabled={!ready || busy} data-testid="validate-identity">
          Identity only
        </button>
        {busy && <Spinner label="Signing in to the customer account…" />}
      </div>
      {status}
      {error && <ErrorPanel error={error} testId="error-step-3" />}
      {identity && (
        <div className="success-panel" data-testid="identity-result" tabIndex={-1} ref={resultRef}>
          <div className="success-panel__title">
            <Badge tone="ok">Identity validated</Badge>
          </div>
          <Facts rows={ui.identityFacts(identity)} />
        </div>
      )}
    </form>
  );
}
