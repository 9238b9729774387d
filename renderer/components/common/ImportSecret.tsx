import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import { api, safeCall } from '../../api.js';
import { OtpField, otpReady } from './OtpField.js';
import { ErrorPanel } from './ErrorPanel.js';
import { Field } from './Field.js';

/** Import a secret setting into the encrypted store. The value leaves the page with the request. */
export function ImportSecret({ name, onDone }: { name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET'; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  // A code for this change alone; main then shows the key's fingerprint to confirm.
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="btn btn--small" onClick={() => setOpen(true)} data-testid={`import-${name}`}>
        Import…
      </button>
    );
  }
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        const sent = value;
        setValue('');
        setError(null);
        const sentCode = code.replace(/\s+/g, '');
        setCode('');
        void safeCall(() => api.settings.importSecret({ orgId: PLATFORM_ORG_ID, name, value: sent, code: sentCode })).then((r) => {
          if (!r.ok) return setError(r.error);
          setDone(`Stored encrypted (fingerprint ${r.value.fingerprint})${r.value.shadowedByEnvironment ? '; the environment value still takes precedence' : ''}.`);
          setOpen(false);
          onDone();
        });
      }}
    >
      <Field label="Key" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} help="Stored encrypted under the OS keychain; never shown again." data-testid="import-secret-value" />
      <OtpField label="Step-up code" value={code} onChange={setCode} help="The current code from your authenticator app: storing this key is a protected change." testId="import-secret-code" />
      {error && <ErrorPanel error={error} />}
      {done && <p className="muted">{done}</p>}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--small" disabled={value.length < 16 || !otpReady(code)}>
          Store encrypted
        </button>
        <button type="button" className="btn btn--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
