import { CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { StoredDraft } from '../../../shared/ipc/drafts.js';
import { formatTime } from '../common/time.js';
import { stepTitle } from './steps/Stepper.js';

/** The org's wizard drafts, each to resume or discard; nothing when there are none. */
export function DraftsInProgress({ drafts, onResume, onDiscard }: { drafts: readonly StoredDraft[]; onResume: (cloud: CloudKind) => void; onDiscard: (cloud: CloudKind) => void }) {
  if (drafts.length === 0) return null;
  return (
    <section className="card" aria-labelledby="drafts-title" data-testid="drafts">
      <h2 id="drafts-title">Drafts in progress</h2>
      <ul className="drafts">
        {drafts.map((d) => (
          <li key={d.cloud} className="drafts__item" data-testid={`draft-${d.cloud}`}>
            <span>
              <strong>{CLOUD_LABELS[d.cloud]}</strong> — at step {d.draft.step} ({stepTitle(d.draft.step)}), last changed {formatTime(d.updatedAt)}
              {d.draft.secretNeeded && <span className="muted"> · the token must be pasted again</span>}
            </span>
            <span className="row">
              <button type="button" className="btn btn--small btn--primary" onClick={() => onResume(d.cloud)} data-testid={`resume-${d.cloud}`}>
                Resume
              </button>
              <button type="button" className="btn btn--small btn--ghost" onClick={() => onDiscard(d.cloud)} data-testid={`discard-${d.cloud}`}>
                Discard
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
