import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { announce } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';
import { withStepUp } from '../../state/step-up.js';
import { ConfirmDialog } from '../common/ConfirmDialog.js';
import type { ErrorData } from '../../../shared/domain/errors.js';

/**
 * Disconnect one connection: confirm, step up, drop the local record. The vendor-side checklist is
 * then kept as a cleanup item (on the org page and Connections) until verified or dismissed.
 */
export function DisconnectFlow({ connection, onDone, onCancel }: { connection: ConnectionSummary | null; onDone: (error: ErrorData | null) => void; onCancel: () => void }) {
  const go = async (c: ConnectionSummary) => {
    const r = await withStepUp(c.orgId, () => api.cloud.disconnect({ cloud: c.cloud, orgId: c.orgId, account: c.identifier }), `Disconnect ${CLOUD_LABELS[c.cloud]} ${c.identifier} from ${c.orgId}`);
    if (r.ok) {
      announce(`Disconnected ${c.identifier}. Its vendor-side cleanup is listed under "Cleanup to verify".`);
      void refreshAttention();
      onDone(null);
    } else onDone(r.error);
  };
  return (
    <ConfirmDialog
      open={connection !== null}
      title={connection ? `Disconnect ${CLOUD_LABELS[connection.cloud]} ${connection.identifier}?` : 'Disconnect?'}
      confirmLabel="Disconnect"
      danger
      onConfirm={() => connection && void go(connection)}
      onCancel={onCancel}
      testId="disconnect-dialog"
    >
      <p>This removes the saved connection{connection?.hasSecret ? ' and its token' : ''} from this laptop. AlphaSwarm never deletes anything in the customer's account: you get the exact cleanup to hand to their admin, and can verify it later.</p>
      {connection?.primary && <p className="muted small">It is the organisation's primary {CLOUD_LABELS[connection.cloud]} connection; the oldest other one (if any) becomes primary.</p>}
    </ConfirmDialog>
  );
}
