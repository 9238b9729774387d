import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import { api } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { ErrorPanel } from './ErrorPanel.js';
import { Field } from './Field.js';

/** Import a secret setting into the encrypted store. The value leaves the page with the request. */
export function ImportSecret({ name, onDone }: { name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET'; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
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
        void withStepUp(PLATFORM_ORG_ID, () => api.settings.importSecret({ orgId: PLATFORM_ORG_ID, name, value: sent })).then((r) => {
          if (!r.ok) return setError(r.error);
          setDone(`Stored encrypted (fingerprint ${r.value.fingerprint})${r.value.shadowedByEnvironment ? '; the environment value still takes precedence' : ''}.`);
          setOpen(false);
          onDone();
        });
      }}
    >
      <Field label="Key" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} help="Stored encrypted under the OS keychain; never shown again." data-testid="import-secret-value" />
      {error && <ErrorPanel error={error} />}
      {done && <p className="muted">{done}</p>}
      <div className="row">
        <button type="submit" className="btn btn--primary btn--small" disabled={value.length < 16}>
          Store encrypted
        </button>
        <button type="button" className="btn btn--small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
