import { cloudLabel } from '../../../shared/domain/cloud.js';
import { formatTime } from '../common/time.js';

/** Drafts main dropped for being older than 7 days: said once, where they were listed. */
export function DroppedDrafts({ dropped, onDismiss }: { dropped: readonly { cloud: string; updatedAt: string }[]; onDismiss: () => void }) {
  if (dropped.length === 0) return null;
  return (
    <div className="banner banner--info" role="status" data-testid="drafts-dropped">
      {dropped.length === 1 ? 'A draft' : `${dropped.length} drafts`} older than 7 days {dropped.length === 1 ? 'was' : 'were'} dropped: {dropped.map((d) => `${cloudLabel(d.cloud)} (last changed ${formatTime(d.updatedAt)})`).join(', ')}.{' '}
      <button type="button" className="btn btn--small btn--ghost" onClick={onDismiss}>
        OK
      </button>
    </div>
  );
}
