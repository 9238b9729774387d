import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { RESET_VAULT_CONFIRMATION } from '../../../shared/domain/vault.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { ConfirmDialog } from '../common/ConfirmDialog.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';

/**
 * The way forward when the keychain no longer holds the data key (a new laptop user, a wiped
 * keychain): drop what cannot be read — deliberately, behind a typed confirmation — and say what
 * must be set up again.
 */
export function ResetVault({ unreadable, onDone }: { unreadable: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [result, setResult] = useState<{ dropped: string[]; redo: string[] } | null>(null);
  const reset = async () => {
    const r = await safeCall(() => api.settings.resetVault({ confirm: RESET_VAULT_CONFIRMATION }));
    setOpen(false);
    setTyped('');
    if (!r.ok) return setError(r.error);
    setResult(r.value);
    announce(`Dropped ${r.value.dropped.length} unreadable secrets.`);
    onDone();
  };
  return (
    <div className="stack" data-testid="reset-vault">
      {unreadable > 0 ? (
        <p className="field__problem" data-testid="unreadable-count">
          {unreadable} stored secret{unreadable === 1 ? ' is' : 's are'} unreadable: the OS keychain no longer holds the key they were encrypted with.
        </p>
      ) : (
        <p className="muted small">Every stored secret can be read. Reset is only for secrets whose key the keychain has lost.</p>
      )}
      <div>
        <button type="button" className="btn btn--danger" disabled={unreadable === 0} onClick={() => setOpen(true)} data-testid="reset-vault-open">
          Reset local vault…
        </button>
      </div>
      <ConfirmDialog
        open={open}
        title="Reset the local vault?"
        confirmLabel="Drop unreadable secrets"
        danger
        confirmDisabled={typed.trim() !== RESET_VAULT_CONFIRMATION}
        onConfirm={() => void reset()}
        onCancel={() => {
          setOpen(false);
          setTyped('');
        }}
        testId="reset-vault-dialog"
      >
        <p>This drops the {unreadable} secret{unreadable === 1 ? '' : 's'} this laptop can no longer read (the step-up enrolment, tokens, the device key — whatever is unreadable). Nothing readable is touched, and it is written to the audit log.</p>
        <Field label={`Type ${RESET_VAULT_CONFIRMATION} to confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="reset-vault-typed" />
      </ConfirmDialog>
      {error && <ErrorPanel error={error} />}
      {result && (
        <div className="success-panel" role="status" data-testid="reset-vault-result">
          <p>Dropped: {result.dropped.join('; ')}.</p>
          <p>
            <strong>To do now:</strong>
          </p>
          <ul>
            {result.redo.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
