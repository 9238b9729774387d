import { useCallback, useEffect, useState } from 'react';
import type { CloudKind } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import type { Org } from '../../shared/ipc/orgs.js';
import { api, safeCall } from '../api.js';
import { CloudOnboardingWizard } from '../components/cloud/CloudOnboardingWizard.js';
import { ConnectionList } from '../components/cloud/ConnectionList.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { ExportArtifacts } from '../components/exports/ExportArtifacts.js';
import { ExportBundle } from '../components/exports/ExportBundle.js';
import { Spinner } from '../components/common/Spinner.js';

/** `#/accounts/<org_id>/integrations`: the org's "Cloud accounts" and the wizard. */
export function IntegrationsPage({ orgId }: { orgId: string }) {
  const [org, setOrg] = useState<Org | null | undefined>(undefined);
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [wizardOpen, setWizardOpen] = useState(false);
  const [fixCloud, setFixCloud] = useState<CloudKind | undefined>(undefined);

  const load = useCallback(async () => {
    const [orgs, list] = await Promise.all([safeCall(() => api.orgs.list({})), safeCall(() => api.cloud.list({ orgId }))]);
    if (!orgs.ok) return setError(orgs.error);
    if (!list.ok) return setError(list.error);
    setOrg(orgs.value.orgs.find((o) => o.orgId === orgId) ?? null);
    setConnections(list.value.connections);
  }, [orgId]);

  useEffect(() => {
    setWizardOpen(false);
    void load();
  }, [load]);

  if (error) return <main className="page"><ErrorPanel error={error} /></main>;
  if (org === undefined) return <main className="page"><Spinner label="Loading…" /></main>;
  if (org === null) {
    return (
      <main className="page">
        <h1>Unknown organisation</h1>
        <p>
          There is no organisation <code>{orgId}</code> on this device. <a href="#/">Add it on the organisations page.</a>
        </p>
      </main>
    );
  }
  return (
    <main className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href="#/">Organisations</a> / <span>{org.displayName}</span>
      </nav>
      <div className="page__header">
        <div>
          <h1>{org.displayName}</h1>
          <p className="muted">
            <code>{org.orgId}</code> · integrations
          </p>
        </div>
      </div>
      <section className="card" aria-labelledby="cloud-accounts">
        <div className="card__header">
          <h2 id="cloud-accounts">Cloud accounts</h2>
          {!wizardOpen && (
            <button
              className="btn btn--primary"
              type="button"
              onClick={() => {
                setFixCloud(undefined);
                setWizardOpen(true);
              }}
              data-testid="open-wizard"
            >
              Connect a cloud account
            </button>
          )}
        </div>
        {connections ? (
          <ConnectionList
            connections={connections}
            onChanged={() => void load()}
            orgId={orgId}
            onFix={(cloud) => {
              setWizardOpen(false);
              setFixCloud(cloud);
              // Remount on the chosen cloud.
              setTimeout(() => setWizardOpen(true), 0);
            }}
          />
        ) : (
          <Spinner label="Loading…" />
        )}
      </section>
      {wizardOpen && <CloudOnboardingWizard key={fixCloud ?? 'new'} orgId={orgId} initialCloud={fixCloud} onSaved={() => void load()} onClose={() => setWizardOpen(false)} />}
      <section className="card" aria-labelledby="exports">
        <h2 id="exports">Exports</h2>
        <ExportArtifacts orgId={orgId} />
        <ExportBundle orgIds={[orgId]} disabled={!connections?.length} />
      </section>
    </main>
  );
}
