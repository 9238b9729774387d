import { useRef, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { refreshAttention } from '../../state/attention.js';
import { leavePresenting, usePresenting } from '../../state/presenting.js';
import { ConfirmDialog } from '../common/ConfirmDialog.js';
import { ErrorPanel } from '../common/ErrorPanel.js';

/**
 * "Presenting: <org>" in the header, on every screen, with the one deliberate way out: Leave,
 * confirmed once (every other customer comes back on screen), and audited by main.
 */
export function PresentingBadge() {
  const presenting = usePresenting((s) => s.presenting);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ErrorData | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  if (!presenting) return null;

  const cancel = () => {
    setAsking(false);
    setError(null);
    opener.current?.focus();
  };
  const leave = async () => {
    const e = await leavePresenting(presenting.orgId);
    if (e) return setError(e);
    setAsking(false);
    void refreshAttention();
    // The badge and its button are gone: the page itself takes focus.
    document.getElementById('main')?.focus();
  };

  return (
    <div className="topbar__presenting" data-testid="presenting-badge">
      <span>
        Presenting:{' '}
        <strong data-testid="presenting-org" className="topbar__presenting-org" title={presenting.displayName}>
          {presenting.displayName}
        </strong>
      </span>
      <button ref={opener} type="button" className="btn btn--small" onClick={() => setAsking(true)} data-testid="leave-presenting">
        Leave<span className="topbar__leave-extra"> presenting</span>
      </button>
      <ConfirmDialog open={asking} title={`Stop presenting ${presenting.displayName}?`} confirmLabel="Leave and show every organisation" onConfirm={() => void leave()} onCancel={cancel} testId="leave-presenting-dialog">
        <p>Every organisation on this laptop comes back on screen: names, account ids, audit rows. Stop sharing your screen first if the customer can still see it.</p>
        {error && <ErrorPanel error={error} />}
      </ConfirmDialog>
    </div>
  );
}
