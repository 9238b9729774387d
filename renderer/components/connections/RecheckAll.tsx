/** "Re-check all" with how many connections there are and how many need attention. */
export function RecheckAll({ count, attention, running, onStart }: { count: number; attention: number; running: boolean; onStart: () => void }) {
  return (
    <div className="row">
      <button type="button" className="btn btn--small" disabled={running} onClick={onStart} data-testid="recheck-all">
        Re-check all
      </button>
      <span className="muted small" data-testid="connection-counts">
        {count} connection{count === 1 ? '' : 's'}, {attention} need{attention === 1 ? 's' : ''} attention
      </span>
    </div>
  );
}
