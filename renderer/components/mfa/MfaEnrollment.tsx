import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';
import { Spinner } from '../common/Spinner.js';

interface Begun {
  readonly otpauthUri: string;
  readonly qrSvg: string;
  readonly issuer: string;
  readonly label: string;
}

/**
 * Enrol (or replace) the local TOTP seed. The QR code and URI are shown once, in this component's
 * memory only; when it closes they are gone.
 */
export function MfaEnrollment({ replacing, onEnrolled }: { replacing: boolean; onEnrolled: () => void }) {
  const [begun, setBegun] = useState<Begun | null>(null);
  const [currentCode, setCurrentCode] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);

  const begin = async () => {
    setBusy(true);
    setError(null);
    const r = await safeCall(() => api.mfa.beginEnrollment(replacing ? { currentCode } : {}));
    setBusy(false);
    setCurrentCode('');
    if (r.ok) setBegun(r.value);
    else setError(r.error);
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    const r = await safeCall(() => api.mfa.confirmEnrollment({ code }));
    setBusy(false);
    setCode('');
    if (r.ok) {
      setBegun(null);
      onEnrolled();
    } else setError(r.error);
  };

  if (!begun) {
    return (
      <form
        className="stack"
        data-testid="mfa-enroll-start"
        onSubmit={(e) => {
          e.preventDefault();
          void begin();
        }}
      >
        <p>
          Steps that touch a customer's cloud ask for a code from an authenticator app on your phone (TOTP). Set it up once on this device; the seed is
          kept in the OS keychain-protected store and never leaves it.
        </p>
        {replacing && (
          <Field label="Code from your current authenticator" inputMode="numeric" value={currentCode} onChange={(e) => setCurrentCode(e.target.value)} maxLength={7} />
        )}
        {error && <ErrorPanel error={error} />}
        <div>
          <button className="btn btn--primary" type="submit" disabled={busy || (replacing && currentCode.trim().length < 6)}>
            {replacing ? 'Replace authenticator' : 'Set up step-up MFA'}
          </button>
          {busy && <Spinner label="Creating a new seed…" />}
        </div>
      </form>
    );
  }
  return (
    <form
      className="mfa-enroll"
      data-testid="mfa-enroll-scan"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <img className="mfa-enroll__qr" src={begun.qrSvg} alt="QR code to scan with an authenticator app" width={200} height={200} />
      <div className="stack">
        <p>
          Scan this with your authenticator app (Google Authenticator, 1Password, Authy…). It is shown <strong>once</strong>: it disappears when you confirm or
          close this panel.
        </p>
        <details>
          <summary>Can't scan? Enter the setup link by hand</summary>
          <code className="mfa-enroll__uri" data-testid="otpauth-uri">
            {begun.otpauthUri}
          </code>
        </details>
        <Field
          label="Code shown by the app"
          inputMode="numeric"
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          maxLength={7}
          data-testid="mfa-confirm-code"
        />
        {error && <ErrorPanel error={error} />}
        <div>
          <button className="btn btn--primary" type="submit" disabled={busy || code.trim().length < 6} data-testid="mfa-confirm">
            Confirm
          </button>
          {busy && <Spinner label="Checking…" />}
        </div>
      </div>
    </form>
  );
}
