import { useState } from 'react';
import { ignoredItemsNote } from '../../../shared/domain/estate.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Spinner } from '../common/Spinner.js';
import { BatchRun } from './connect-many/BatchRun.js';
import { EstateSummary } from './estate/EstateSummary.js';
import { EstateTree } from './estate/EstateTree.js';
import { ScopeFields } from './estate/ScopeFields.js';
import { ScopePicker } from './estate/ScopePicker.js';
import { scopeOf, toggleAccount, toggleOu, withScope } from './estate/selection.js';
import { findNode } from './estate/selection.js';
import { ESTATE_WORDS, type EstateCloud, useEstate } from './estate/use-estate.js';
import { useScopeInput } from './estate/use-scope-input.js';

/**
 * "Connect the whole estate": an AWS Organization read through the management account, an Azure
 * management group read with the org's app in the customer's tenant, or a GCP organisation or
 * folder read through the pool's project. Pick the scope, leave groups
 * and accounts out, then one step-up connects each selected one — progress with Cancel, a result
 * per account, a retry of those that failed. Reading needs no code.
 */
export function ConnectEstate({ orgId, onChanged, onClose }: { orgId: string; onChanged: () => void; onClose: () => void }) {
  const [cloud, setCloud] = useState<EstateCloud>('aws');
  const scopeInput = useScopeInput(cloud);
  const e = useEstate(orgId, onChanged, cloud, scopeInput.typed);
  const words = ESTATE_WORDS[cloud];
  const choose = (next: EstateCloud) => {
    setCloud(next);
    e.reset();
  };
  const { scan, selection, view, running, busy, progress } = e;
  const scoped = scan && selection ? (findNode(scan.root, scopeOf(selection, scan.root)) ?? scan.root) : null;
  const change = (next: typeof selection) => next && e.setSelection(next);
  return (
    <section className="card stack" aria-labelledby="estate-title" data-testid="connect-estate">
      <div className="card__header">
        <h2 id="estate-title">Connect the whole estate</h2>
        <button type="button" className="btn btn--ghost" onClick={onClose} disabled={running} data-testid="estate-close">
          Close
        </button>
      </div>
      <fieldset className="choice" disabled={busy !== null || running}>
        <legend>The estate</legend>
        <label>
          <input type="radio" name="estate-cloud" checked={cloud === 'aws'} onChange={() => choose('aws')} data-testid="estate-cloud-aws" /> An AWS Organization
        </label>
        <label>
          <input type="radio" name="estate-cloud" checked={cloud === 'azure'} onChange={() => choose('azure')} data-testid="estate-cloud-azure" /> An Azure management group
        </label>
        <label>
          <input type="radio" name="estate-cloud" checked={cloud === 'gcp'} onChange={() => choose('gcp')} data-testid="estate-cloud-gcp" /> A Google Cloud organisation or folder
        </label>
      </fieldset>
      <ScopeFields cloud={cloud} orgId={orgId} scope={scopeInput} disabled={busy !== null || running} />
      <div className="row">
        <button type="button" className="btn" onClick={() => void e.read()} disabled={busy !== null || running || scopeInput.blocked} data-testid="estate-scan">
          {scan ? "Re-scan: what's new" : words.read}
        </button>
        {busy === 'scan' && <Spinner label={words.reading} />}
        {scan && <span className="muted small" data-testid="estate-scope-name">{scan.scope.name}, read {new Date(scan.scannedAt).toLocaleTimeString()}{scan.selectionSource === 'saved' ? ' · the selection saved by the last run' : ''}</span>}
      </div>
      {e.error && <ErrorPanel error={e.error} />}
      {scan?.ignoredItems ? (
        <p className="note" data-testid="estate-ignored-items">
          {ignoredItemsNote(scan.ignoredItems, scan.cloud === 'gcp' ? 'gcp' : 'azure')}
        </p>
      ) : null}
      {scan?.stackSet?.note && !progress && (
        <p className="note" data-testid="estate-stackset-note">
          {scan.stackSet.note}
        </p>
      )}
      {scan && selection && view && scoped && !progress && (
        <>
          <ScopePicker root={scan.root} value={scoped.id} included={selection.includeOus.length} disabled={busy !== null} onChoose={(id) => change(withScope(selection, id, scan.root))} />
          <ul className="estate" aria-label={cloud === 'aws' ? 'Organization tree' : cloud === 'azure' ? 'Management group tree' : 'Folders and projects'} data-testid="estate-tree">
            <EstateTree node={scoped} depth={0} selection={selection} byNode={view.byNode} byId={view.byId} parentOut={false} disabled={busy !== null} onToggleOu={(id) => change(toggleOu(selection, id))} onToggleAccount={(id) => change(toggleAccount(selection, id))} />
          </ul>
          <EstateSummary counts={view.counts} entries={view.entries} busy={busy !== null} starting={busy === 'start'} noun={words.account} onConnect={(accounts) => void e.start(accounts)} />
        </>
      )}
      {progress && <BatchRun progress={progress} retryCount={e.failed.length} busy={busy !== null} onRetry={() => void e.start(e.failed)} />}
    </section>
  );
}
