import { useEffect, useEffectEvent, useId, useState } from 'react';
import { CLOUD_LABELS, type CloudKind, secretNoun } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { api, safeCall } from '../../../api.js';
import { Badge } from '../../common/Badge.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Facts } from '../../common/Facts.js';
import { Spinner } from '../../common/Spinner.js';
import { ExportBundle } from '../../exports/ExportBundle.js';
import { SendToPlatform } from '../../exports/SendToPlatform.js';
import type { CloudUi, TargetValues } from '../clouds/types.js';
import type { SavedResult } from '../wizard/wizard-state.js';
import { ArtifactBlock } from './ArtifactBlock.js';

export type SaveChoice = { mode: 'add' } | { mode: 'replace'; account: string };

interface Check {
  readonly account: string | null;
  readonly action: 'new' | 'update' | 'add' | 'replace';
  readonly existing: readonly { account: string; primary: boolean }[];
  readonly blocker: string | null;
}

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
  const [check, setCheck] = useState<Check | null>(null);
  const [checkError, setCheckError] = useState<ErrorData | null>(null);
  const [choice, setChoice] = useState<SaveChoice | undefined>(undefined);
  const [sent, setSent] = useState(false);
  const name = useId();
  const payloadKey = JSON.stringify(payload);

  // Asked with "add" so it answers what the account is and who is there, without refusing.
  const checkAccount = useEffectEvent(() => void safeCall(() => api.cloud.connectCheck({ ...payload, choice: { mode: 'add' } })).then((r) => (r.ok ? setCheck(r.value) : setCheckError(r.error))));
  // Asked again only when what would be saved changes (`payloadKey` is its content), not on every render.
  useEffect(() => {
    if (!saved) checkAccount();
  }, [payloadKey, saved]);

  if (saved) return <Done ui={ui} orgId={orgId} saved={saved} sent={sent} onExported={() => setSent(true)} onAnother={onAnother} onDone={onDone} />;

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
      {needsChoice && (
        <fieldset className="choice" data-testid="save-choice">
          <legend>
            {orgId} already has {others.length === 1 ? `a ${noun} connection` : `${others.length} ${noun} connections`}. What should saving {check.account ? <code>{check.account}</code> : 'this one'} do?
          </legend>
          <label>
            <input type="radio" name={name} checked={choice?.mode === 'add'} onChange={() => setChoice({ mode: 'add' })} data-testid="choice-add" /> Add another account
            <span className="choice__help">Both stay connected; {others.find((o) => o.primary)?.account ?? 'the current primary'} stays the primary.</span>
          </label>
          {others.map((o) => (
            <label key={o.account}>
              <input
                type="radio"
                name={name}
                checked={choice?.mode === 'replace' && choice.account === o.account}
                onChange={() => setChoice({ mode: 'replace', account: o.account })}
                data-testid={`choice-replace-${o.account}`}
              />{' '}
              Replace <code>{o.account}</code>
              {o.primary ? ' (primary)' : ''}
              <span className="choice__help">Disconnects it and keeps its cleanup checklist on the org page until you verify the old access is refused.</span>
            </label>
          ))}
        </fieldset>
      )}
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

function Done<C extends CloudKind>({ ui, orgId, saved, sent, onExported, onAnother, onDone }: { ui: CloudUi<C>; orgId: string; saved: SavedResult; sent: boolean; onExported: () => void; onAnother: () => void; onDone?: (() => void) | undefined }) {
  const c = saved.connection;
  return (
    <div className="success-panel stack" data-testid="saved-result">
      <div className="success-panel__title">
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
