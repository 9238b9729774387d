import { useRef, useState } from 'react';
import type { CloudKind } from '../../shared/domain/cloud.js';
import { ConnectEstate } from '../components/cloud/ConnectEstate.js';
import { ConnectMany } from '../components/cloud/ConnectMany.js';
import { PanelButtons } from '../components/cloud/PanelButtons.js';
import { useEstateWaiting } from '../components/cloud/estate/use-estate-waiting.js';
import { DraftsInProgress } from '../components/cloud/DraftsInProgress.js';
import { DroppedDrafts } from '../components/cloud/DroppedDrafts.js';
import { CloudOnboardingWizard } from '../components/cloud/wizard/CloudOnboardingWizard.js';
import { Spinner } from '../components/common/Spinner.js';
import { CleanupItems } from '../components/connections/CleanupItems.js';
import { ConnectionTable } from '../components/connections/ConnectionTable.js';
import { useOrgIntegrations } from '../components/connections/use-org-integrations.js';
import { OrgExports } from '../components/exports/OrgExports.js';
import { OrgPageStatus } from '../components/orgs/OrgPageStatus.js';
import { PresentButton } from '../components/presenting/PresentButton.js';
import { takeWizardRequest } from '../state/open-wizard.js';
import { focusWhenReady } from '../state/focus.js';

type Panel = { kind: 'wizard'; cloud?: CloudKind; run: number } | { kind: 'many' } | { kind: 'estate' } | null;

/** `#/accounts/<org_id>/integrations`: the org's cloud accounts, drafts, cleanup, and the wizard. */
export function IntegrationsPage({ orgId }: { orgId: string }) {
  const { org, connections, cleanups, drafts, dropped, error, load, discardDraft, clearDropped } = useOrgIntegrations(orgId);
  const [panel, setPanel] = useState<Panel>(() => {
    const cloud = takeWizardRequest(orgId);
    return cloud ? { kind: 'wizard', ...(cloud === 'any' ? {} : { cloud }), run: 1 } : null;
  });

  const opener = useRef<HTMLButtonElement>(null);
  const waiting = useEstateWaiting(orgId, connections, panel?.kind ?? null);
  const openWizard = (cloud?: CloudKind) => setPanel((p) => ({ kind: 'wizard', ...(cloud ? { cloud } : {}), run: (p?.kind === 'wizard' ? p.run : 0) + 1 }));

  if (error || !org) return <OrgPageStatus orgId={orgId} error={error} loading={org === undefined} />;
  // While the wizard is open its cards say which drafts wait (a Discard here could race its autosave).
  const wizardDrafts = panel?.kind === 'wizard' ? [] : drafts;
  return (
    <main className="page" id="main" tabIndex={-1}>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <a href="#/">Organisations</a> / <span aria-current="page">{org.displayName}</span>
      </nav>
      <div className="page__header">
        <div>
          <h1>{org.displayName}</h1>
          <p className="muted">
            <code>{org.orgId}</code> · cloud accounts
          </p>
        </div>
        <PresentButton orgId={orgId} />
      </div>

      <DroppedDrafts dropped={dropped} onDismiss={clearDropped} />

      <DraftsInProgress drafts={wizardDrafts} onResume={openWizard} onDiscard={(cloud) => void discardDraft(cloud)} />

      <CleanupItems items={cleanups} onChanged={() => void load()} />

      <section className="card" aria-labelledby="cloud-accounts">
        <div className="card__header">
          <h2 id="cloud-accounts">Cloud accounts</h2>
          {panel === null && <PanelButtons waiting={waiting} wizardButton={opener} onEstate={() => setPanel({ kind: 'estate' })} onMany={() => setPanel({ kind: 'many' })} onWizard={() => openWizard()} />}
        </div>
        {connections ? (
          <ConnectionTable connections={connections} orgId={orgId} caption={`${org.displayName}'s saved cloud connections`} onChanged={() => void load()} onFix={(c) => openWizard(c.cloud)} />
        ) : (
          <Spinner label="Loading…" />
        )}
      </section>

      {panel?.kind === 'wizard' && (
        <CloudOnboardingWizard
          key={panel.run}
          orgId={orgId}
          connections={connections ?? []}
          initialCloud={panel.cloud}
          onSaved={() => void load()}
          onClose={() => {
            setPanel(null);
            void load();
            focusWhenReady(() => opener.current); // Done or close: back to the button that opened it.
          }}
        />
      )}
      {panel?.kind === 'many' && <ConnectMany orgId={orgId} onChanged={() => void load()} onClose={() => setPanel(null)} />}
      {panel?.kind === 'estate' && <ConnectEstate orgId={orgId} onChanged={() => void load()} onClose={() => setPanel(null)} />}

      <OrgExports orgId={orgId} hasConnections={Boolean(connections?.length)} onChanged={() => void load()} />
    </main>
  );
}
