/** Pages through a long list: a few hundred rows stay quick and readable. */
export function Pager({ page, pages, total, onPage, label }: { page: number; pages: number; total: number; onPage: (p: number) => void; label: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="btn btn--small" disabled={page === 0} onClick={() => onPage(page - 1)} data-testid="pager-prev">
        Previous
      </button>
      <span className="muted small" data-testid="pager-status">
        Page {page + 1} of {pages} · {total} in all
      </span>
      <button type="button" className="btn btn--small" disabled={page >= pages - 1} onClick={() => onPage(page + 1)} data-testid="pager-next">
        Next
      </button>
    </nav>
  );
}
