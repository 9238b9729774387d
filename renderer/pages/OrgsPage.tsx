import { useEffect, useState } from 'react';
import { isPlatformOrg } from '../../shared/domain/org-id.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { Org } from '../../shared/ipc/orgs.js';
import { api, safeCall } from '../api.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { AddOrgForm } from '../components/orgs/AddOrgForm.js';
import { SetupChecklist } from '../components/orgs/SetupChecklist.js';
import { StartChooser } from '../components/presenting/StartChooser.js';
import { startChosen, usePresenting } from '../state/presenting.js';
import { hrefFor } from '../state/route.js';

/**
 * `#/`: the organisations on this laptop. A window session starts on a chooser (present one
 * customer, or show all); while presenting, main answers with the presented org alone.
 */
export function OrgsPage() {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const presenting = usePresenting((s) => s.presenting);
  const [chosen, setChosen] = useState(startChosen);
  // With no customer yet (a first run) there is nobody to hide: the chooser is skipped.
  const listed = presenting !== null || chosen || (orgs !== null && orgs.every((o) => isPlatformOrg(o.orgId)));

  useEffect(() => {
    void safeCall(() => api.orgs.list({})).then((r) => (r.ok ? setOrgs(r.value.orgs) : setError(r.error)));
  }, []);

  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Organisations</h1>
          <p className="muted">
            {presenting
              ? `Presenting ${presenting.displayName}: other organisations on this laptop are hidden until you leave presenting mode.`
              : 'Each customer organisation you onboard from this laptop. Open one to connect its cloud accounts.'}
          </p>
        </div>
      </div>
      {/* Until the start-up choice, no org is drawn (the chooser lists them only when asked). */}
      {!listed && orgs !== null && <StartChooser onShowAll={() => setChosen(true)} />}
      {!listed && error && <ErrorPanel error={error} />}
      {listed && !presenting && <SetupChecklist />}
      {listed && (
        <div className={presenting ? undefined : 'grid-2'}>
          <section className="card" aria-labelledby="orgs-title">
            <h2 id="orgs-title">{presenting ? 'On the call' : 'On this device'}</h2>
            {error && <ErrorPanel error={error} />}
            {!orgs && !error && <Spinner label="Loading…" />}
            {orgs?.length === 0 && <p className="empty">No organisations yet. Add the customer's org id (from the AlphaSwarm platform) to start.</p>}
            {orgs && orgs.length > 0 && (
              <ul className="org-list" data-testid="org-list">
                {orgs.map((o) => (
                  <li key={o.orgId}>
                    <a href={hrefFor({ name: 'integrations', orgId: o.orgId })} data-testid={`org-${o.orgId}`}>
                      <span className="org-list__name">{o.displayName}</span>
                      <code className="org-list__id">{o.orgId}</code>
                      {isPlatformOrg(o.orgId) && <span className="badge badge--info">platform tenant</span>}
                      <span className="org-list__count">
                        {o.connectionCount} connection{o.connectionCount === 1 ? '' : 's'}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {!presenting && <AddOrgForm />}
        </div>
      )}
    </main>
  );
}
