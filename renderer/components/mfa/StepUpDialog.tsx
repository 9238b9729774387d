import { useEffect, useRef, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { MfaStatus } from '../../../shared/ipc/mfa.js';
import { api, safeCall } from '../../api.js';
import { useStepUp } from '../../state/step-up.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';
import { Spinner } from '../common/Spinner.js';
import { MfaEnrollment } from './MfaEnrollment.js';

/** The local step-up prompt. It only asks; main decides and enforces. */
export function StepUpDialog() {
  const orgId = useStepUp((s) => s.orgId);
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
      dialog.current?.open && dialog.current.close();
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

  return (
    <dialog ref={dialog} className="dialog" data-testid="step-up-dialog" onCancel={() => finish(false)}>
      {orgId !== null && (
        <div className="dialog__body">
          <h2>Step-up verification</h2>
          <p className="muted">
            This step reaches into a customer's cloud for <strong>{orgId}</strong>. Confirm it is you with a code from your authenticator app.
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
              <Field
                label="6-digit code"
                inputMode="numeric"
                autoFocus
                value={code}
                onChange={(e) => setCode(e.target.value)}
                maxLength={7}
                data-testid="step-up-code"
                help={`A good code opens a ${status.stepUpWindowSeconds / 60}-minute window for this organisation only.`}
              />
              {error && <ErrorPanel error={error} />}
              <div className="row">
                <button className="btn btn--primary" type="submit" disabled={busy || code.trim().length < 6} data-testid="step-up-verify">
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
