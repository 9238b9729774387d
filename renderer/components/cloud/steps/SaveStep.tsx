import { useState } from 'react';
import { CLOUD_LABELS, type CloudKind, secretNoun } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Facts } from '../../common/Facts.js';
import { Spinner } from '../../common/Spinner.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';
import type { SavedResult } from '../wizard/wizard-state.js';
import { type SaveChoice, SaveChoiceFieldset } from './SaveChoice.js';
import { SaveDone } from './SaveDone.js';
import { useConnectCheck } from './use-connect-check.js';

interface Props<C extends CloudKind> {
  readonly ui: CloudUi<C>;
  readonly orgId: string;
  readonly payload: CloudOut<C>['targetIn'];
  readonly bootstrap: CloudOut<C>['bootstrap'] | null;
  readonly identity: CloudOut<C>['identity'];
  readonly target: TargetValues;
  readonly saved: SavedResult | null;
  readonly busy: boolean;
  readonly error: ErrorData | null;
  onSave(choice: SaveChoice | undefined): void;
  /** Back to step 3, when what was proved there is not held any more (a restart, 30 minutes). */
  onRevalidate(): void;
  onAnother(): void;
  onDone?: () => void;
}

/**
 * Step 5: what will be stored, in words; when the org already has this cloud, an explicit choice
 * (add another, or replace one) — nothing is overwritten silently. Then the next step: a bundle.
 */
export function SaveStep<C extends CloudKind>({ ui, orgId, payload, bootstrap, identity, target, saved, busy, error, onSave, onRevalidate, onAnother, onDone }: Props<C>) {
  const { check, checkError } = useConnectCheck(payload, saved !== null);
  const [choice, setChoice] = useState<SaveChoice | undefined>(undefined);
  const [sent, setSent] = useState(false);

  if (saved) return <SaveDone ui={ui} orgId={orgId} saved={saved} sent={sent} onExported={() => setSent(true)} onAnother={onAnother} onDone={onDone} />;

  const noun = CLOUD_LABELS[ui.cloud];
  const needsChoice = check?.action === 'add';
  const others = check?.existing ?? [];
  return (
    <div className="stack">
      <p className="muted">This stores the record below on this device (no secret key is ever stored for {noun}{secretNoun(ui.cloud) ? ` except the ${secretNoun(ui.cloud)}, encrypted` : ''}). Needs step-up MFA.</p>
      <Facts rows={ui.recordPreview(bootstrap, identity, target)} testId="record-preview" />
      {checkError && <ErrorPanel error={checkError} />}
      {!check && !checkError && <Spinner label="Checking what this org already has…" />}
      {check?.blocker && (
        <div className="note note--warning" data-testid="save-blocked">
          <p>
            Not yet: {check.blocker}. The checks of steps 3 and 4 count for this run of the app only (and for 30 minutes), so they must pass again before this is saved — no code is used until then.
          </p>
          <button type="button" className="btn btn--small btn--primary" onClick={onRevalidate} data-testid="revalidate">
            Back to step 3
          </button>
        </div>
      )}
      {check?.action === 'new' && <p data-testid="save-plan">This will be {orgId}'s first {noun} connection, and its primary one.</p>}
      {check?.action === 'update' && (
        <p data-testid="save-plan">
          <code>{check.account}</code> is already connected for {orgId}: saving re-validates it and updates its record.
        </p>
      )}
      {needsChoice && <SaveChoiceFieldset orgId={orgId} noun={noun} account={check.account} existing={others} choice={choice} onChoose={setChoice} />}
      <div className="row">
        <button className="btn btn--primary" type="button" disabled={busy || !check || check.blocker !== null || (needsChoice && !choice)} onClick={() => onSave(needsChoice ? choice : undefined)} data-testid="save-connection">
          {check?.action === 'update' ? 'Update connection' : choice?.mode === 'replace' ? `Replace ${choice.account}` : 'Save connection'}
        </button>
        {busy && <Spinner label="Saving…" />}
      </div>
      {error && <ErrorPanel error={error} testId="error-step-5" />}
    </div>
  );
}
