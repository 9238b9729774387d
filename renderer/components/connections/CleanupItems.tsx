import { useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { CleanupItem } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { announce } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge } from '../common/Badge.js';
import { ConfirmDialog } from '../common/ConfirmDialog.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';
import { CleanupItemCard } from './CleanupItemCard.js';

/**
 * Cleanup still to confirm after a disconnect: what was removed, the checklist, when — until
 * "Verify cleanup" proves the old access is refused, or it is dismissed with a reason (audited).
 * It lives in main, so it is here tomorrow, after the customer's admin has done it.
 */
export function CleanupItems({ items, showOrg, onChanged }: { items: readonly CleanupItem[]; showOrg?: boolean; onChanged: () => void }) {
  const [error, setError] = useState<ErrorData | null>(null);
  const [checked, setChecked] = useState<Record<string, { verified: boolean; detail: string }>>({});
  const [dismissing, setDismissing] = useState<CleanupItem | null>(null);
  const [reason, setReason] = useState('');
  // A verified item leaves the list at once (main closed it); it stays said here until the page changes.
  const [verified, setVerified] = useState<{ item: CleanupItem; detail: string }[]>([]);
  if (items.length === 0 && verified.length === 0) return null;

  const verify = async (item: CleanupItem) => {
    setError(null);
    const r = await withStepUp(item.orgId, () => api.cloud.verifyCleanup({ orgId: item.orgId, cleanupId: item.id }), `Check that ${item.identifier}'s old access is refused`);
    if (!r.ok) return setError(r.error);
    setChecked({ ...checked, [item.id]: { verified: r.value.verified, detail: r.value.detail } });
    announce(r.value.verified ? `Cleanup of ${item.identifier} verified.` : `${item.identifier} is not cleaned up yet.`);
    void refreshAttention();
    if (r.value.verified) {
      setVerified((v) => [...v, { item, detail: r.value.detail }]);
      onChanged();
    }
  };

  const dismiss = async () => {
    const item = dismissing;
    if (!item) return;
    const r = await withStepUp(item.orgId, () => api.cloud.dismissCleanup({ orgId: item.orgId, cleanupId: item.id, reason }), `Dismiss the cleanup of ${item.identifier}`);
    setDismissing(null);
    setReason('');
    if (!r.ok) return setError(r.error);
    announce(`Cleanup of ${item.identifier} dismissed.`);
    void refreshAttention();
    onChanged();
  };

  return (
    <section className="card cleanup" aria-labelledby="cleanup-title" data-testid="cleanup-items">
      <h2 id="cleanup-title">Cleanup to verify ({items.length})</h2>
      {items[0] && <p className="muted small">{items[0].reason}</p>}
      {verified.map(({ item, detail }) => (
        <div key={item.id} className="success-panel" role="status" data-testid="cleanup-verification" data-verified="true">
          <Badge tone="ok">Cleanup verified</Badge> {CLOUD_LABELS[item.cloud]} <code>{item.identifier}</code>: {detail}
        </div>
      ))}
      {error && <ErrorPanel error={error} />}
      {items.map((item) => (
        <CleanupItemCard key={item.id} item={item} showOrg={showOrg ?? false} check={checked[item.id]} onVerify={() => void verify(item)} onDismiss={() => setDismissing(item)} />
      ))}
      <ConfirmDialog
        open={dismissing !== null}
        title="Dismiss this cleanup?"
        confirmLabel="Dismiss"
        confirmDisabled={reason.trim().length < 3}
        onConfirm={() => void dismiss()}
        onCancel={() => {
          setDismissing(null);
          setReason('');
        }}
        testId="dismiss-dialog"
      >
        <p>It stops being listed without being verified. Say why: the reason goes into the audit log.</p>
        <Field label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="The customer keeps the role for their own tooling" data-testid="dismiss-reason" />
      </ConfirmDialog>
    </section>
  );
}
