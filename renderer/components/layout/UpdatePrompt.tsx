import { useEffect, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { UpdateStatus } from '../../../shared/ipc/update.js';
import { api, safeCall } from '../../api.js';

/** How often the window re-reads the update state (main does the checking, on its own schedule). */
const POLL_MS = 60_000;

/**
 * Asks before an update restarts the app: shown once a new version is downloaded and verified.
 * While a wizard, a run or a send is going, it says what it waits for and Restart stays off. A
 * refused download (checksum or publisher) is said once, with nothing installed.
 */
export function UpdatePrompt() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [restarting, setRestarting] = useState(false);

  useEffect(() => {
    let live = true;
    const read = () => void safeCall(() => api.update.status({})).then((r) => live && r.ok && setStatus(r.value));
    read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  if (!status || !status.version || dismissed === `${status.state}:${status.version}`) return null;
  const later = () => setDismissed(`${status.state}:${status.version}`);

  if (status.state === 'refused') {
    return (
      <div className="banner banner--warn" role="alert" data-testid="update-refused">
        <strong>{status.message}</strong> {status.hint}
        <button type="button" className="btn" onClick={later}>
          Dismiss
        </button>
      </div>
    );
  }
  if (status.state !== 'ready') return null;

  const version = status.version;
  const restart = async () => {
    setError(null);
    setRestarting(true);
    const r = await safeCall(() => api.update.restart({ version }));
    if (!r.ok) {
      setRestarting(false);
      setError(r.error);
      // What it waits for may have changed: read it again.
      const again = await safeCall(() => api.update.status({}));
      if (again.ok) setStatus(again.value);
    }
  };
  const waiting = status.busy.length > 0;
  return (
    <div className="banner banner--info update-prompt" role="region" aria-label="App update" data-testid="update-prompt">
      <span>
        <strong>
          AlphaSwarm Onboarding {version} is ready to install
        </strong>{' '}
        (you have {status.currentVersion}; {status.channel} channel). It was downloaded and verified in the background. Restarting closes this window and opens
        the new version; saved work and drafts are kept.
      </span>
      {waiting && (
        <span data-testid="update-waiting">
          Restart waits until you finish: {status.busy.join(', ')}.
        </span>
      )}
      {error && (
        <span role="alert" data-testid="update-error">
          {error.message} {error.hint}
        </span>
      )}
      <span className="update-prompt__actions">
        <button type="button" className="btn btn--primary" onClick={() => void restart()} disabled={waiting || restarting} data-testid="update-restart">
          {restarting ? 'Restarting…' : 'Restart now'}
        </button>
        <button type="button" className="btn" onClick={later} data-testid="update-later">
          Later
        </button>
      </span>
    </div>
  );
}
