import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { CleanupItem } from '../../../shared/ipc/clouds/common.js';
import { hrefFor } from '../../state/route.js';
import { Badge } from '../common/Badge.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { formatTime } from '../common/time.js';

interface Props {
  readonly item: CleanupItem;
  /** On a page of every org: which org it is, with a link. */
  readonly showOrg: boolean;
  /** The last "Verify cleanup" of this item in this view, if any. */
  readonly check: { verified: boolean; detail: string } | undefined;
  onVerify(): void;
  onDismiss(): void;
}

/** One removed connection still to clean up: what, when, the checklist for the customer's admin, and the two ways to close it. */
export function CleanupItemCard({ item, showOrg, check, onVerify, onDismiss }: Props) {
  return (
    <article className="cleanup__item" data-testid={`cleanup-${item.cloud}-${item.identifier}`}>
      <header className="cleanup__head">
        <div>
          <strong>
            {CLOUD_LABELS[item.cloud]} <code>{item.identifier}</code>
          </strong>
          {showOrg && (
            <>
              {' '}
              · <a href={hrefFor({ name: 'integrations', orgId: item.orgId })}>{item.orgId}</a>
            </>
          )}
          <div className="muted small">
            Removed {formatTime(item.removedAt)}
            {item.lastCheckedAt ? ` · last checked ${formatTime(item.lastCheckedAt)}: ${item.lastDetail}` : ''}
          </div>
        </div>
        <div className="row">
          <button type="button" className="btn btn--primary btn--small" onClick={onVerify} data-testid="verify-cleanup">
            Verify cleanup
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={onDismiss} data-testid="dismiss-cleanup">
            Dismiss…
          </button>
        </div>
      </header>
      {check && !check.verified && (
        <div className="error-panel error-panel--mild" role="status" data-testid="cleanup-verification" data-verified="false">
          <Badge tone="warn">Not cleaned up yet</Badge> {check.detail}
        </div>
      )}
      <details>
        <summary>The checklist for the customer's admin</summary>
        {item.checklist.map((s) => (
          <CodeBlock key={s.title} title={s.title} content={s.content} />
        ))}
      </details>
    </article>
  );
}
