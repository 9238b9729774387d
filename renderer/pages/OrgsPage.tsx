import { useEffect, useState } from 'react';
import { ORG_ID_RULE, isPlatformOrg, orgIdProblem } from '../../shared/domain/org-id.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { Org } from '../../shared/ipc/orgs.js';
import { api, safeCall } from '../api.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Field } from '../components/common/Field.js';
import { Spinner } from '../components/common/Spinner.js';
import { SetupChecklist } from '../components/orgs/SetupChecklist.js';
import { hrefFor, navigate } from '../state/route.js';

export function OrgsPage() {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [orgId, setOrgId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [addError, setAddError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => safeCall(() => api.orgs.list({})).then((r) => (r.ok ? setOrgs(r.value.orgs) : setError(r.error)));
  useEffect(() => {
    void load();
  }, []);

  const idProblem = orgId === '' ? undefined : orgIdProblem(orgId.trim());
  const add = async () => {
    setBusy(true);
    setAddError(null);
    const r = await safeCall(() => api.orgs.add({ orgId: orgId.trim(), displayName: displayName.trim() || orgId.trim() }));
    setBusy(false);
    if (!r.ok) return setAddError(r.error);
    setOrgId('');
    setDisplayName('');
    navigate({ name: 'integrations', orgId: r.value.org.orgId });
  };

  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Organisations</h1>
          <p className="muted">Each customer organisation you onboard from this laptop. Open one to connect its cloud accounts.</p>
        </div>
      </div>
      <SetupChecklist />
      <div className="grid-2">
        <section className="card" aria-labelledby="orgs-title">
          <h2 id="orgs-title">On this device</h2>
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
        <section className="card" aria-labelledby="add-org-title">
          <h2 id="add-org-title">Add an organisation</h2>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void add();
            }}
          >
            <Field label="Org id" placeholder="acme-corp" value={orgId} onChange={(e) => setOrgId(e.target.value)} problem={idProblem ?? null} help={ORG_ID_RULE} data-testid="new-org-id" />
            <Field label="Display name" placeholder="Acme Corp" value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="new-org-name" maxLength={120} />
            {addError && <ErrorPanel error={addError} />}
            <div>
              <button className="btn btn--primary" type="submit" disabled={busy || orgId.trim() === '' || Boolean(idProblem)} data-testid="add-org">
                Add and open
              </button>
            </div>
          </form>
        </section>
      </div>
    </main>
  );
}
