import { useEffect, useRef, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { CopyButton } from '../common/CopyButton.js';
import { ErrorPanel } from '../common/ErrorPanel.js';

interface Waiting {
  readonly flowId: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: string;
}

function remaining(expiresAt: string, now: number): string {
  const s = Math.max(0, Math.round((Date.parse(expiresAt) - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Sign in with a device code: the code large, Copy, Open sign-in page (main opens the address the
 * platform gave, through the https allowlist), a countdown, and Cancel. Main polls; the page waits.
 */
export function PlatformSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [waiting, setWaiting] = useState<Waiting | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [openProblem, setOpenProblem] = useState<ErrorData | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waiting]);

  const start = async () => {
    setError(null);
    setOpenProblem(null);
    const started = await safeCall(() => api.platform.startSignIn({}));
    if (!started.ok) return setError(started.error);
    setWaiting(started.value);
    setNow(Date.now());
    const done = await safeCall(() => api.platform.finishSignIn({ flowId: started.value.flowId }));
    if (!alive.current) return;
    setWaiting(null);
    if (done.ok) onSignedIn();
    else if (done.error.code !== 'cancelled') setError(done.error);
  };

  if (!waiting) {
    return (
      <div className="stack">
        <button className="btn btn--primary" type="button" onClick={() => void start()} data-testid="platform-sign-in">
          Sign in to the platform
        </button>
        {error && <ErrorPanel error={error} testId="platform-sign-in-error" />}
      </div>
    );
  }
  return (
    <div className="stack" data-testid="platform-device-code" role="status">
      <p>
        Open the platform’s sign-in page and enter this code. This app never sees your password.
      </p>
      <p className="device-code" data-testid="platform-user-code" aria-label={`Code ${waiting.userCode.split('').join(' ')}`}>
        {waiting.userCode}
      </p>
      <div className="export__row">
        <CopyButton text={waiting.userCode} label="Copy code" testId="platform-copy-code" />
        <button
          className="btn"
          type="button"
          data-testid="platform-open-page"
          onClick={() =>
            void safeCall(() => api.platform.openSignInPage({ flowId: waiting.flowId })).then((r) => {
              if (!r.ok) setOpenProblem(r.error);
            })
          }
        >
          Open sign-in page
        </button>
        <button className="btn" type="button" data-testid="platform-cancel-sign-in" onClick={() => void safeCall(() => api.platform.cancelSignIn({ flowId: waiting.flowId }))}>
          Cancel
        </button>
      </div>
      <p className="muted small">
        The page: <code>{waiting.verificationUri}</code> · the code expires in <span data-testid="platform-countdown">{remaining(waiting.expiresAt, now)}</span>
      </p>
      {openProblem && <ErrorPanel error={openProblem} />}
    </div>
  );
}
