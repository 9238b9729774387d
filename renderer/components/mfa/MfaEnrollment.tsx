import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { OtpField, otpReady } from '../common/OtpField.js';
import { Spinner } from '../common/Spinner.js';

interface Begun {
  readonly otpauthUri: string;
  readonly qrSvg: string;
  readonly issuer: string;
  readonly label: string;
}

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
          <button className="btn btn--primary" type="submit" disabled={busy || (replacing && !otpReady(currentCode))} data-testid="mfa-enroll-begin">
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
      {!shown ? (
        <div className="screen-share" data-testid="mfa-secret-hidden">
          <p>
            <strong>The QR code holds your step-up secret.</strong> If you are sharing your screen (a customer call), stop sharing or move this window first: anyone who sees it can make your
            codes.
          </p>
          <button type="button" className="btn btn--primary" onClick={() => setShown(true)} data-testid="mfa-show-secret">
            Show QR code
          </button>
        </div>
      ) : (
        <div className="mfa-enroll">
          <img className="mfa-enroll__qr" src={begun.qrSvg} alt="QR code to scan with an authenticator app" width={200} height={200} data-testid="mfa-qr" />
          <div className="stack">
            <p>
              Scan this with your authenticator app (Google Authenticator, 1Password, Authy…). It is shown <strong>once</strong>: it disappears when you confirm or leave.
            </p>
            <details>
              <summary>Can't scan? Enter the setup link by hand</summary>
              <code className="mfa-enroll__uri" data-testid="otpauth-uri">
                {begun.otpauthUri}
              </code>
            </details>
            <button type="button" className="btn btn--small" onClick={() => setShown(false)}>
              Hide
            </button>
          </div>
        </div>
      )}
      <OtpField label="Code shown by the app" value={code} onChange={setCode} testId="mfa-confirm-code" />
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
