import { useState } from 'react';
import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { CloudOnboardingWizard } from '../cloud/wizard/CloudOnboardingWizard.js';
import { ConnectionTable } from '../connections/ConnectionTable.js';

/** AlphaSwarm's own (platform tenant's) connections, and the wizard to add one. */
export function PlatformAccounts({ connections, onChanged }: { connections: ConnectionSummary[]; onChanged: () => void }) {
  const [wizardOpen, setWizardOpen] = useState(false);
  return (
    <>
      <section className="card" id="settings-platform" aria-labelledby="h-platform" data-testid="platform-panel">
        <div className="card__header">
          <div>
            <h2 id="h-platform">AlphaSwarm's own accounts</h2>
            <p className="muted">The platform tenant's cloud connections (guided, federated), for platform operators.</p>
          </div>
          {!wizardOpen && (
            <button className="btn btn--primary" type="button" onClick={() => setWizardOpen(true)} data-testid="open-platform-wizard">
              Connect a platform account
            </button>
          )}
        </div>
        <ConnectionTable connections={connections} onChanged={onChanged} orgId={PLATFORM_ORG_ID} caption="AlphaSwarm's own connections" />
      </section>
      {wizardOpen && <CloudOnboardingWizard orgId={PLATFORM_ORG_ID} connections={connections} onSaved={onChanged} onClose={() => setWizardOpen(false)} />}
    </>
  );
}
