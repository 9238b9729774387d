import { useMemo, useState } from 'react';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { type ConnectionView, arrange, countsByOrgCloud } from './connection-view.js';

const PAGE_SIZE = 50;

/** The connections as filtered, sorted and paged; a new filter starts at the first page, a new order keeps the page. */
export function usePagedView(connections: readonly ConnectionSummary[]) {
  const [view, setView] = useState<ConnectionView>({ org: '', cloud: '', status: '', sort: 'org' });
  const [page, setPage] = useState(0);
  const shown = useMemo(() => arrange(connections, view), [connections, view]);
  const counts = useMemo(() => countsByOrgCloud(connections), [connections]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);

  const changeView = (change: Partial<ConnectionView>) => {
    setView((v) => ({ ...v, ...change }));
    if (change.sort === undefined) setPage(0);
  };

  return { view, changeView, shown, counts, pages, current, setPage, rows: shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE) };
}
