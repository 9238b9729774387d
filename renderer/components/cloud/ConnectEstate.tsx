import { ErrorPanel } from '../common/ErrorPanel.js';
import { Spinner } from '../common/Spinner.js';
import { BatchRun } from './connect-many/BatchRun.js';
import { EstateSummary } from './estate/EstateSummary.js';
import { EstateTree } from './estate/EstateTree.js';
import { ScopePicker } from './estate/ScopePicker.js';
import { scopeOf, toggleAccount, toggleOu, withScope } from './estate/selection.js';
import { findNode } from './estate/selection.js';
import { useEstate } from './estate/use-estate.js';

/**
 * "Connect the whole estate" (AWS Organizations): read the tree through the management account,
 * pick the scope, leave OUs and accounts out, then one step-up connects each selected account —
 * progress with Cancel, a result per account, a retry of those that failed. Reading needs no code.
 */
export function ConnectEstate({ orgId, onChanged, onClose }: { orgId: string; onChanged: () => void; onClose: () => void }) {
  const e = useEstate(orgId, onChanged);
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
      <p className="muted">
        Reads the AWS Organization through {orgId}'s primary AWS connection, which must be the management account, and compares it with what is connected. Reading needs no code; connecting needs one step-up.
      </p>
      <div className="row">
        <button type="button" className="btn" onClick={() => void e.read()} disabled={busy !== null || running} data-testid="estate-scan">
          {scan ? "Re-scan: what's new" : 'Read the organization'}
        </button>
        {busy === 'scan' && <Spinner label="Reading the organization…" />}
        {scan && <span className="muted small" data-testid="estate-scope-name">{scan.scope.name}, read {new Date(scan.scannedAt).toLocaleTimeString()}{scan.selectionSource === 'saved' ? ' · the selection saved by the last run' : ''}</span>}
      </div>
      {e.error && <ErrorPanel error={e.error} />}
      {scan?.stackSet?.note && !progress && (
        <p className="note" data-testid="estate-stackset-note">
          {scan.stackSet.note}
        </p>
      )}
      {scan && selection && view && scoped && !progress && (
        <>
          <ScopePicker root={scan.root} value={scoped.id} included={selection.includeOus.length} disabled={busy !== null} onChoose={(id) => change(withScope(selection, id, scan.root))} />
          <ul className="estate" aria-label="Organization tree" data-testid="estate-tree">
            <EstateTree node={scoped} depth={0} selection={selection} byNode={view.byNode} byId={view.byId} parentOut={false} disabled={busy !== null} onToggleOu={(id) => change(toggleOu(selection, id))} onToggleAccount={(id) => change(toggleAccount(selection, id))} />
          </ul>
          <EstateSummary counts={view.counts} entries={view.entries} busy={busy !== null} starting={busy === 'start'} onConnect={(accounts) => void e.start(accounts)} />
        </>
      )}
      {progress && <BatchRun progress={progress} retryCount={e.failed.length} busy={busy !== null} onRetry={() => void e.start(e.failed)} />}
    </section>
  );
}
