import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { OtpField, otpReady } from '../common/OtpField.js';
import { Spinner } from '../common/Spinner.js';
import { type Begun, MfaSecret } from './MfaSecret.js';


/**
 * Enrol (or replace) the local TOTP seed. The QR code and the seed stay hidden until "Show" — the
 * screen may be shared with a customer — and live only in this component's memory.
 */
export function MfaEnrollment({ replacing, onEnrolled }: { replacing: boolean; onEnrolled: () => void }) {
  const [begun, setBegun] = useState<Begun | null>(null);
  const [shown, setShown] = useState(false);
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
      setShown(false);
      announce('Step-up MFA is set up.');
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
          Steps that touch a customer's cloud ask for a code from an authenticator app on your phone (TOTP). Set it up once on this laptop, before your first customer call: the setup shows a
          secret QR code.
        </p>
        {replacing && <OtpField label="Code from your current authenticator" value={currentCode} onChange={setCurrentCode} />}
        {error && <ErrorPanel error={error} />}
        <div className="row">
          {/* The dialog's first real control (not Cancel): focus starts here when it opens. */}
          <button className="btn btn--primary" type="submit" disabled={busy || (replacing && !otpReady(currentCode))} autoFocus={!replacing} data-testid="mfa-enroll-begin">
            {replacing ? 'Replace authenticator' : 'Set up step-up MFA'}
          </button>
          {busy && <Spinner label="Creating a new seed…" />}
        </div>
      </form>
    );
  }
  return (
    <form
      className="stack"
      data-testid="mfa-enroll-scan"
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
    >
      <MfaSecret begun={begun} shown={shown} onShow={setShown} />
      {/* Remounted when the QR code shows, so the code field takes focus then (Show QR code is gone). */}
      <OtpField key={shown ? 'after-qr' : 'before-qr'} label="Code shown by the app" value={code} onChange={setCode} autoFocus={shown} testId="mfa-confirm-code" />
      {error && <ErrorPanel error={error} />}
      <div className="row">
        <button className="btn btn--primary" type="submit" disabled={busy || !otpReady(code)} data-testid="mfa-confirm">
          Confirm
        </button>
        {busy && <Spinner label="Checking…" />}
      </div>
    </form>
  );
}
