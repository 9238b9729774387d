import { useEffect, useRef, useState } from 'react';
import { isPlatformOrg } from '../../../shared/domain/org-id.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { MfaStatus } from '../../../shared/ipc/mfa.js';
import { api, safeCall } from '../../api.js';
import { useStepUp } from '../../state/step-up.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { OtpField, otpReady } from '../common/OtpField.js';
import { Spinner } from '../common/Spinner.js';
import { MfaEnrollment } from './MfaEnrollment.js';
import { capitalize } from '../../../shared/domain/describe.js';

/** The local step-up prompt. It only asks; main decides and enforces. */
export function StepUpDialog() {
  const orgId = useStepUp((s) => s.orgId);
  const purpose = useStepUp((s) => s.purpose);
  const finish = useStepUp((s) => s.finish);
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  const refresh = async () => {
    const r = await safeCall(() => api.mfa.status({}));
    if (r.ok) setStatus(r.value);
    else setError(r.error);
  };

  useEffect(() => {
    if (orgId === null) {
      if (dialog.current?.open) dialog.current.close();
      return;
    }
    setCode('');
    setError(null);
    setStatus(null);
    if (!dialog.current?.open) dialog.current?.showModal();
    void refresh();
  }, [orgId]);

  const verify = async () => {
    if (!orgId) return;
    setBusy(true);
    setError(null);
    const r = await safeCall(() => api.mfa.verify({ orgId, code }));
    setBusy(false);
    setCode('');
    if (r.ok) finish(true);
    else setError(r.error);
  };

  const covers = orgId === null ? '' : isPlatformOrg(orgId) ? 'It covers work across every organisation on this laptop' : `It covers ${orgId} only`;
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="step-up-title" aria-describedby="step-up-why" data-testid="step-up-dialog" onCancel={() => finish(false)}>
      {orgId !== null && (
        <div className="dialog__body">
          <h2 id="step-up-title">Confirm it is you</h2>
          <p className="muted" id="step-up-why" data-testid="step-up-purpose">
            {purpose ? `${capitalize(purpose)}. ` : 'This step reaches into a customer’s cloud. '}
            {covers}
            {status ? `, for ${status.stepUpWindowSeconds / 60} minutes.` : '.'} Enter the code from your authenticator app.
          </p>
          {!status && !error && <Spinner label="Loading…" />}
          {status && !status.enrolled && <MfaEnrollment replacing={false} onEnrolled={() => void refresh()} />}
          {status?.enrolled && (
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void verify();
              }}
            >
              <OtpField label="6-digit code" value={code} onChange={setCode} autoFocus testId="step-up-code" />
              {error && <ErrorPanel error={error} />}
              <div className="row">
                <button className="btn btn--primary" type="submit" disabled={busy || !otpReady(code)} data-testid="step-up-verify">
                  Verify
                </button>
                <button className="btn" type="button" onClick={() => finish(false)}>
                  Cancel
                </button>
                {busy && <Spinner label="Checking…" />}
              </div>
            </form>
          )}
          {!status?.enrolled && (
            <div className="row">
              <button className="btn" type="button" onClick={() => finish(false)}>
                Cancel
              </button>
            </div>
          )}
        </div>
      )}
    </dialog>
  );
}
