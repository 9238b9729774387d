import { useCallback, useEffect, useState } from 'react';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import { api, safeCall } from '../api.js';
import { ConnectionList } from '../components/cloud/ConnectionList.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { ExportBundle } from '../components/exports/ExportBundle.js';

/** `#/connections`: every saved connection across every org on this device. */
export function AllConnectionsPage() {
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const load = useCallback(async () => {
    const r = await safeCall(() => api.cloud.list({}));
    if (r.ok) setConnections(r.value.connections);
    else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const attention = connections?.filter((c) => c.status !== 'connected').length ?? 0;
  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1>Connections</h1>
          <p className="muted">
            Every organisation's cloud accounts on this device{connections ? ` · ${connections.length} saved, ${attention} needing attention` : ''}. Re-checking all of them asks for step-up once, as
            the platform tenant.
          </p>
        </div>
      </div>
      <section className="card" data-testid="all-connections">
        {error && <ErrorPanel error={error} />}
        {!connections && !error && <Spinner label="Loading…" />}
        {connections && <ConnectionList connections={connections} onChanged={() => void load()} />}
      </section>
      {connections && connections.length > 0 && (
        <section className="card">
          <ExportBundle />
        </section>
      )}
    </main>
  );
}
