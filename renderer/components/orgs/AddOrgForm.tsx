import { useState } from 'react';
import { ORG_ID_RULE, orgIdProblem } from '../../../shared/domain/org-id.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { api, safeCall } from '../../api.js';
import { openWizardFor } from '../../state/open-wizard.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Field } from '../common/Field.js';

/** Add an organisation by its platform org id (checked as it is typed), then open its page. */
export function AddOrgForm() {
  const [orgId, setOrgId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [addError, setAddError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const idProblem = orgId === '' ? undefined : orgIdProblem(orgId.trim());
  const add = async () => {
    setBusy(true);
    setAddError(null);
    const r = await safeCall(() => api.orgs.add({ orgId: orgId.trim(), displayName: displayName.trim() || orgId.trim() }));
    setBusy(false);
    if (!r.ok) return setAddError(r.error);
    setOrgId('');
    setDisplayName('');
    // A new org is added to connect it: its page opens on the wizard's first step.
    openWizardFor(r.value.org.orgId, 'any');
  };

  return (
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
  );
}
