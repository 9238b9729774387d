export interface Begun {
  readonly otpauthUri: string;
  readonly qrSvg: string;
  readonly issuer: string;
  readonly label: string;
}

/**
 * The new seed as a QR code (and its setup link), hidden until the engineer chooses to show it:
 * the screen may be shared with a customer.
 */
export function MfaSecret({ begun, shown, onShow }: { begun: Begun; shown: boolean; onShow: (shown: boolean) => void }) {
  return !shown ? (
    <div className="screen-share" data-testid="mfa-secret-hidden">
      <p>
        <strong>The QR code holds your step-up secret.</strong> If you are sharing your screen (a customer call), stop sharing or move this window first: anyone who sees it can make your
        codes.
      </p>
      {/* "Set up step-up MFA" is gone once the seed exists: focus moves on to this button. */}
      <button type="button" className="btn btn--primary" onClick={() => onShow(true)} autoFocus data-testid="mfa-show-secret">
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
        <button type="button" className="btn btn--small" onClick={() => onShow(false)}>
          Hide
        </button>
      </div>
    </div>
  );
}
