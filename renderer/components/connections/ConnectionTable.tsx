import { useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { announce } from '../../state/announce.js';
import { withStepUp } from '../../state/step-up.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Pager } from '../common/Pager.js';
import { ConnectionFilters } from './ConnectionFilters.js';
import { ConnectionList } from './ConnectionList.js';
import { DisconnectFlow } from './DisconnectFlow.js';
import { HealthProgressBar, type HealthTarget, useHealthRun } from './HealthRun.js';
import { RecheckAll } from './RecheckAll.js';
import { fixLabel, needsAttention } from './status.js';
import { usePagedView } from './use-paged-view.js';
import { useDueForRecheck } from './history/use-due-for-recheck.js';

interface Props {
  readonly connections: readonly ConnectionSummary[];
  readonly onChanged: () => void;
  /** Whose connections these are; undefined for the view across every org (grouped by org). */
  readonly orgId?: string;
  /** Open the wizard on this cloud to fix a connection. */
  readonly onFix?: (c: ConnectionSummary) => void;
  readonly caption: string;
  /** Filters, sorting and paging: for the list across every org. */
  readonly controls?: boolean;
}

/**
 * Saved connections grouped by org, then cloud, the primary first; every action a row's status
 * asks for is on that row. Filters, sorting and pages keep hundreds of rows usable.
 */
export function ConnectionTable({ connections, onChanged, orgId, onFix, caption, controls }: Props) {
  const [error, setError] = useState<ErrorData | null>(null);
  const [disconnecting, setDisconnecting] = useState<ConnectionSummary | null>(null);
  const health = useHealthRun(onChanged);
  const allOrgs = orgId === undefined;
  const runAll: HealthTarget = allOrgs ? { scope: 'all' } : { scope: 'org', orgId };

  const { view, changeView, shown, counts, pages, current, setPage, rows } = usePagedView(connections);
  const due = useDueForRecheck(connections, orgId);
  const attention = connections.filter(needsAttention).length;

  const makePrimary = async (c: ConnectionSummary) => {
    setError(null);
    const r = await withStepUp(c.orgId, () => api.cloud.setPrimary({ cloud: c.cloud, orgId: c.orgId, account: c.identifier }), `Make ${c.identifier} ${c.orgId}'s primary ${CLOUD_LABELS[c.cloud]} connection`);
    if (!r.ok) return setError(r.error);
    announce(`${c.identifier} is now the primary ${CLOUD_LABELS[c.cloud]} connection.`);
    onChanged();
  };

  const actionsFor = (c: ConnectionSummary) => ({
    fix: onFix ? fixLabel(c) : null,
    checking: health.running,
    onFix: () => onFix?.(c),
    onRecheck: () => void health.start({ scope: 'connection', orgId: c.orgId, cloud: c.cloud, account: c.identifier }),
    onMakePrimary: () => void makePrimary(c),
    onDisconnect: () => setDisconnecting(c),
  });

  return (
    <div className="stack">
      {connections.length > 0 && <RecheckAll count={connections.length} attention={attention} running={health.running} onStart={() => void health.start(runAll)} />}
      <HealthProgressBar progress={health.progress} error={health.error} onCancel={health.cancel} />
      {controls && connections.length > 0 && <ConnectionFilters view={view} onView={changeView} />}
      {connections.length === 0 ? (
        <p className="empty" data-testid="no-connections">
          No cloud accounts connected yet.
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">Nothing matches these filters.</p>
      ) : (
        <ConnectionList rows={rows} caption={caption} allOrgs={allOrgs} grouped={view.sort === 'org'} counts={counts} actionsFor={actionsFor} due={due} />
      )}
      <Pager page={current} pages={pages} total={shown.length} onPage={setPage} label="Connections" />
      {error && <ErrorPanel error={error} />}
      <DisconnectFlow
        connection={disconnecting}
        onCancel={() => setDisconnecting(null)}
        onDone={(e) => {
          setDisconnecting(null);
          setError(e);
          onChanged();
        }}
      />
    </div>
  );
}
