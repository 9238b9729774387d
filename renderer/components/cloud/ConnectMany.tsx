import { useId } from 'react';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';
import { Spinner } from '../common/Spinner.js';
import { BatchRun } from './connect-many/BatchRun.js';
import { CheckedList } from './connect-many/CheckedList.js';
import { CloudChoice } from './connect-many/CloudChoice.js';
import { ListFileButton, ListText } from './connect-many/ListSource.js';
import { only } from './connect-many/parsed.js';
import { useConnectMany } from './connect-many/use-connect-many.js';

/**
 * "Connect many accounts": paste or load a list (or, for AWS, read the Organization's members),
 * validate them a bounded number at a time under one step-up, and save those that pass. Every
 * account gets its own result; the ones that did not pass can be retried alone.
 */
export function ConnectMany({ orgId, onChanged, onClose }: { orgId: string; onChanged: () => void; onClose: () => void }) {
  const m = useConnectMany(orgId, onChanged);
  const radios = useId();
  const { cloud, running, busy, checked, progress, lastRun, failedAccounts } = m;

  return (
    <section className="card stack" aria-labelledby="connect-many-title" data-testid="connect-many">
      <div className="card__header">
        <h2 id="connect-many-title">Connect many accounts</h2>
        <button type="button" className="btn btn--ghost" onClick={onClose} disabled={running} data-testid="connect-many-close">
          Close
        </button>
      </div>
      <p className="muted">Each account is validated read-only and saved only if every required permission is there. One step-up covers the run.</p>
      <CloudChoice name={radios} cloud={cloud} disabled={running} onChoose={m.chooseCloud} />
      {cloud === 'azure' && <Field label="Tenant id" placeholder="72f988bf-86f1-41af-91ab-2d7cd011db47" value={m.tenantId} onChange={(e) => m.setTenantId(e.target.value)} data-testid="many-tenant" disabled={running} />}
      {cloud === 'aws' && (
        <div className="row">
          <button type="button" className="btn" onClick={() => void m.loadMembers()} disabled={busy !== null || running} data-testid="many-load-org">
            Load from AWS Organizations
          </button>
          <span className="muted small">Reads the member list through the org's primary connection, which must be the management account.</span>
        </div>
      )}
      {m.orgNote && <p className="note note--info" data-testid="many-org-note">{m.orgNote}</p>}
      <ListText id={`${radios}-list`} cloud={cloud} text={m.text} disabled={running} onText={m.setText} />
      <div className="row">
        <ListFileButton disabled={running} onError={m.setError} onText={(t) => (m.setText(t), void m.check(t))} />
        {cloud === 'aws' && <Field label="STS region (optional)" placeholder="us-east-1" value={m.region} onChange={(e) => m.setRegion(e.target.value)} disabled={running} />}
        <button type="button" className="btn" onClick={() => void m.check()} disabled={busy !== null || running || m.text.trim() === '' || (cloud === 'azure' && m.tenantId.trim() === '')} data-testid="many-check">
          Check the list
        </button>
        {busy === 'check' && <Spinner label="Reading the list…" />}
        {busy === 'members' && <Spinner label="Reading the Organization…" />}
      </div>
      {m.error && <ErrorPanel error={m.error} />}
      {checked && !progress && <CheckedList checked={checked} orgId={orgId} busy={busy !== null} starting={busy === 'start'} onStart={() => void m.start(checked.parsed)} />}
      {progress && <BatchRun progress={progress} retryCount={failedAccounts.size} busy={busy !== null} onRetry={lastRun ? () => void m.start(only(lastRun, failedAccounts)) : null} />}
    </section>
  );
}
