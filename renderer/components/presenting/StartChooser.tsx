import { useEffect, useRef, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { isPlatformOrg } from '../../../shared/domain/org-id.js';
import type { Org } from '../../../shared/ipc/orgs.js';
import { api, safeCall } from '../../api.js';
import { enterPresenting, markStartChosen } from '../../state/presenting.js';
import { navigate } from '../../state/route.js';
import { ErrorPanel } from '../common/ErrorPanel.js';

/**
 * The first screen of a window session: present one customer, or show every organisation. No org
 * is listed until the engineer asks, so a window shared from the start shows none of them.
 */
export function StartChooser({ onShowAll }: { onShowAll: () => void }) {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (orgs) listHeading.current?.focus();
  }, [orgs]);

  const reveal = async () => {
    const r = await safeCall(() => api.orgs.list({}));
    if (!r.ok) return setError(r.error);
    setOrgs(r.value.orgs.filter((o) => !isPlatformOrg(o.orgId)));
  };
  const present = async (org: Org) => {
    const e = await enterPresenting(org.orgId);
    if (e) return setError(e);
    markStartChosen();
    navigate({ name: 'integrations', orgId: org.orgId });
  };
  const showAll = () => {
    markStartChosen();
    onShowAll();
  };

  return (
    <section className="card" aria-labelledby="start-title" data-testid="start-chooser">
      <h2 id="start-title">Sharing your screen with a customer?</h2>
      <p className="muted">Present their organisation: every screen then shows it alone, and the window title says so. Organisations stay hidden until you ask for them.</p>
      {!orgs && (
        <div className="row">
          <button type="button" className="btn btn--primary" onClick={() => void reveal()} data-testid="start-present">
            Present one organisation…
          </button>
          <button type="button" className="btn" onClick={showAll} data-testid="start-show-all">
            Show all organisations
          </button>
        </div>
      )}
      {orgs && (
        <div className="stack">
          <h3 ref={listHeading} tabIndex={-1}>
            Which organisation is on the call?
          </h3>
          {orgs.length === 0 && <p className="empty">No customer organisations yet. Show all organisations to add one.</p>}
          <ul className="choice-list" data-testid="start-org-choices">
            {orgs.map((o) => (
              <li key={o.orgId}>
                <button type="button" className="btn" onClick={() => void present(o)} data-testid={`present-${o.orgId}`}>
                  {o.displayName} <code>{o.orgId}</code>
                </button>
              </li>
            ))}
          </ul>
          <div>
            <button type="button" className="btn btn--ghost" onClick={showAll} data-testid="start-show-all">
              Show all organisations instead
            </button>
          </div>
        </div>
      )}
      {error && <ErrorPanel error={error} />}
    </section>
  );
}
