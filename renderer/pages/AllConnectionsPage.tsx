import { useCallback, useEffect, useState } from 'react';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { CleanupItem, ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import { api, safeCall } from '../api.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { CleanupItems } from '../components/connections/CleanupItems.js';
import { ConnectionTable } from '../components/connections/ConnectionTable.js';
import { needsAttention } from '../components/connections/status.js';
import { ExportBundle } from '../components/exports/ExportBundle.js';
import { refreshAttention } from '../state/attention.js';
import { openWizardFor } from '../state/open-wizard.js';
import { usePresenting } from '../state/presenting.js';

/** `#/connections`: every saved connection across every org on this device, and cleanup to verify. */
export function AllConnectionsPage() {
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [cleanups, setCleanups] = useState<CleanupItem[]>([]);
  const [error, setError] = useState<ErrorData | null>(null);
  const load = useCallback(async () => {
    const [list, cleanup] = await Promise.all([safeCall(() => api.cloud.list({})), safeCall(() => api.cloud.cleanupList({}))]);
    if (list.ok) setConnections(list.value.connections);
    else setError(list.error);
    if (cleanup.ok) setCleanups(cleanup.value.items);
    void refreshAttention();
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const presenting = usePresenting((s) => s.presenting);
  const attention = connections?.filter(needsAttention).length ?? 0;
  const orgs = new Set(connections?.map((c) => c.orgId)).size;
  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Connections</h1>
          <p className="muted" data-testid="connections-summary">
            {connections
              ? `${connections.length} saved across ${orgs} organisation${orgs === 1 ? '' : 's'} · ${attention + cleanups.length} need attention (${attention} connection${attention === 1 ? '' : 's'}, ${cleanups.length} cleanup${cleanups.length === 1 ? '' : 's'} to verify).`
              : 'Every organisation’s cloud accounts on this device.'}{' '}
            {presenting ? `Only ${presenting.displayName}'s connections are shown while presenting.` : 'Re-checking all of them asks for step-up once, as the platform tenant.'}
          </p>
        </div>
      </div>
      <CleanupItems items={cleanups} showOrg onChanged={() => void load()} />
      <section className="card" data-testid="all-connections">
        {error && <ErrorPanel error={error} />}
        {!connections && !error && <Spinner label="Loading…" />}
        {connections && (
          <ConnectionTable
            connections={connections}
            caption={presenting ? `${presenting.displayName}'s saved cloud connections` : 'Every saved cloud connection, by organisation and cloud'}
            {...(presenting ? { orgId: presenting.orgId } : {})}
            controls
            onChanged={() => void load()}
            onFix={(c) => openWizardFor(c.orgId, c.cloud)}
          />
        )}
      </section>
      {connections && connections.length > 0 && (
        <section className="card">
          {/* While presenting, the bundle carries the presented org alone (main refuses any other). */}
          <ExportBundle {...(presenting ? { orgIds: [presenting.orgId] } : {})} onExported={() => void load()} />
        </section>
      )}
    </main>
  );
}
