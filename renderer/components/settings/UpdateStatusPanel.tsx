import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/ipc/update.js';
import { api, safeCall } from '../../api.js';
import { useAction } from '../common/use-action.js';
import { ErrorPanel } from '../common/ErrorPanel.js';

const STATE_WORDS: Readonly<Record<UpdateStatus['state'], string>> = {
  off: 'Off',
  unavailable: 'Not available here',
  idle: 'Up to date',
  checking: 'Checking…',
  downloading: 'Downloading…',
  ready: 'Ready to install',
  refused: 'Refused',
  failed: 'Could not check',
};

/** The app's own update state under Settings → General, with "Check now" where updates are on. */
export function UpdateStatusPanel() {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const check = useAction(() => api.update.check({}));
  useEffect(() => {
    void safeCall(() => api.update.status({})).then((r) => r.ok && setStatus(r.value));
  }, []);
  const shown = check.result ?? status;
  if (!shown) return null;
  const canCheck = shown.state !== 'off' && shown.state !== 'unavailable';
  return (
    <div className="update-status" data-testid="update-status">
      <h3>Updates</h3>
      <p>
        <strong data-testid="update-state">{STATE_WORDS[shown.state]}</strong> — version {shown.currentVersion}, {shown.channel} channel
        {shown.feed ? (
          <>
            , from <code>{shown.feed}</code>
          </>
        ) : null}
        .
      </p>
      {shown.message && (
        <p className="muted small" data-testid="update-message">
          {shown.message} {shown.hint}
        </p>
      )}
      {canCheck && (
        <button type="button" className="btn" onClick={() => void check.run()} disabled={check.busy} data-testid="update-check">
          {check.busy ? 'Checking…' : 'Check now'}
        </button>
      )}
      {check.error && <ErrorPanel error={check.error} />}
    </div>
  );
}
