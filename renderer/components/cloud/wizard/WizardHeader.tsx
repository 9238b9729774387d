import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';

/** The wizard's title: for which org (and, once chosen, which cloud), with its Close button. */
export function WizardHeader({ orgId, cloud, onClose }: { orgId: string; cloud: CloudKind | undefined; onClose: () => void }) {
  return (
    <header className="wizard__header">
      <div>
        <h2 id="wizard-title">Connect a cloud account</h2>
        <p className="muted">
          For <strong>{orgId}</strong>
          {cloud && <> · {CLOUD_LABELS[cloud]}</>} · federated-first: no long-lived keys are ever stored.
        </p>
      </div>
      <button className="btn btn--ghost" type="button" onClick={onClose} data-testid="wizard-close">
        Close
      </button>
    </header>
  );
}
