import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import { Badge } from '../../common/Badge.js';
import { Facts } from '../../common/Facts.js';
import { ExportBundle } from '../../exports/ExportBundle.js';
import { SendToPlatform } from '../../exports/SendToPlatform.js';
import type { CloudUi } from '../clouds/types.js';
import type { SavedResult } from '../wizard/wizard-state.js';
import { ArtifactBlock } from './ArtifactBlock.js';
import { useFocusOnChange } from '../../common/use-focus-on-change.js';

/** Step 5 done: what was saved, what the customer's admin must still do, and the next step (a signed bundle). */
export function SaveDone<C extends CloudKind>({ ui, orgId, saved, sent, onExported, onAnother, onDone }: { ui: CloudUi<C>; orgId: string; saved: SavedResult; sent: boolean; onExported: () => void; onAnother: () => void; onDone?: (() => void) | undefined }) {
  const c = saved.connection;
  const title = useFocusOnChange<HTMLDivElement>(saved);
  return (
    <div className="success-panel stack" data-testid="saved-result">
      <div className="success-panel__title" tabIndex={-1} ref={title} data-testid="saved-title">
        <Badge tone="ok">{saved.updated ? 'Updated' : 'Connected'}</Badge> {CLOUD_LABELS[ui.cloud]} <code>{c.identifier}</code> for {orgId}
        {c.primary ? ' — the primary connection' : ''}
      </div>
      <Facts
        rows={[
          ['Account', <code>{c.identifier}</code>],
          ['Name', c.label],
          ['Kept', 'On this device only'],
        ]}
      />
      {saved.replaced && (
        <p className="note note--info" data-testid="replaced-note">
          <code>{saved.replaced.identifier}</code> was disconnected. Its cleanup checklist is on the org page until you verify the old access is refused.
        </p>
      )}
      {saved.followUp.length > 0 && (
        <div className="stack" data-testid="follow-up">
          <p>
            <strong>One more step for the customer's admin:</strong>
          </p>
          {saved.followUp.map((a) => (
            <ArtifactBlock key={a.id} artifact={a} testId={`follow-up-${a.id}`} />
          ))}
        </div>
      )}
      <div className="next-step" data-testid="next-step">
        {sent ? <Badge tone="info">Sent or exported: see its delivery state in the list</Badge> : <Badge tone="warn">Not yet sent to the platform</Badge>}
        <p className="muted">The platform only learns of a connection from a signed bundle, and it is delivered only when the platform's signed receipt says so. Next: export one and hand it over, or push it (CLI: bundle push).</p>
        <SendToPlatform orgId={orgId} onSent={onExported} />
        <ExportBundle orgIds={[orgId]} onExported={onExported} />
      </div>
      <details>
        <summary>Technical details</summary>
        <Facts rows={[['Credential key', <code>{c.credentialKey}</code>]]} />
      </details>
      <div className="row">
        <button className="btn" type="button" onClick={onAnother} data-testid="connect-another">
          Connect another account
        </button>
        {onDone && (
          <button className="btn btn--primary" type="button" onClick={onDone} data-testid="wizard-done">
            Done
          </button>
        )}
      </div>
    </div>
  );
}
