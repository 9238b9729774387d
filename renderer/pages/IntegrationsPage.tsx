import { useCallback, useEffect, useState } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { CleanupItem, ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import type { StoredDraft } from '../../shared/ipc/drafts.js';
import type { Org } from '../../shared/ipc/orgs.js';
import { api, safeCall } from '../api.js';
import { ConnectMany } from '../components/cloud/ConnectMany.js';
import { DroppedDrafts } from '../components/cloud/DroppedDrafts.js';
import { CloudOnboardingWizard } from '../components/cloud/wizard/CloudOnboardingWizard.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { formatTime } from '../components/common/time.js';
import { CleanupItems } from '../components/connections/CleanupItems.js';
import { ConnectionTable } from '../components/connections/ConnectionTable.js';
import { ExportArtifacts } from '../components/exports/ExportArtifacts.js';
import { ExportBundle } from '../components/exports/ExportBundle.js';
import { SendToPlatform } from '../components/exports/SendToPlatform.js';
import { refreshAttention } from '../state/attention.js';
import { takeWizardRequest } from '../state/open-wizard.js';
import { stepTitle } from '../components/cloud/steps/Stepper.js';

type Panel = { kind: 'wizard'; cloud?: CloudKind; run: number } | { kind: 'many' } | null;

/** `#/accounts/<org_id>/integrations`: the org's cloud accounts, drafts, cleanup, and the wizard. */
export function IntegrationsPage({ orgId }: { orgId: string }) {
  const [org, setOrg] = useState<Org | null | undefined>(undefined);
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [cleanups, setCleanups] = useState<CleanupItem[]>([]);
  const [drafts, setDrafts] = useState<StoredDraft[]>([]);
  const [dropped, setDropped] = useState<{ cloud: string; updatedAt: string }[]>([]);
  const [error, setError] = useState<ErrorData | null>(null);
  const [panel, setPanel] = useState<Panel>(() => {
    const cloud = takeWizardRequest(orgId);
    return cloud ? { kind: 'wizard', cloud, run: 1 } : null;
  });

  const load = useCallback(async () => {
    const [orgs, list, cleanup, draftList] = await Promise.all([
      safeCall(() => api.orgs.list({})),
      safeCall(() => api.cloud.list({ orgId })),
      safeCall(() => api.cloud.cleanupList({ orgId })),
      safeCall(() => api.drafts.list({ orgId })),
    ]);
    if (!orgs.ok) return setError(orgs.error);
    if (!list.ok) return setError(list.error);
    setOrg(orgs.value.orgs.find((o) => o.orgId === orgId) ?? null);
    setConnections(list.value.connections);
    if (cleanup.ok) setCleanups(cleanup.value.items);
    if (draftList.ok) {
      setDrafts(draftList.value.drafts);
      // Said once: main forgets them as it drops them.
      if (draftList.value.dropped.length) setDropped((d) => [...d, ...draftList.value.dropped]);
    }
    void refreshAttention();
  }, [orgId]);

  useEffect(() => {
    void load();
  }, [load]);

  const openWizard = (cloud?: CloudKind) => setPanel((p) => ({ kind: 'wizard', ...(cloud ? { cloud } : {}), run: (p?.kind === 'wizard' ? p.run : 0) + 1 }));
  const discardDraft = async (cloud: CloudKind) => {
    const r = await safeCall(() => api.drafts.discard({ orgId, cloud }));
    if (!r.ok) return setError(r.error);
    void load();
  };

  if (error) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <ErrorPanel error={error} />
      </main>
    );
  }
  if (org === undefined) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <Spinner label="Loading…" />
      </main>
    );
  }
  if (org === null) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <h1>Unknown organisation</h1>
        <p>
          There is no organisation <code>{orgId}</code> on this device. <a href="#/">Add it on the organisations page.</a>
        </p>
      </main>
    );
  }
  // While the wizard is open its own cloud cards say which drafts wait; a Discard here could race
  // the open wizard's next autosave, so the list returns when the wizard closes.
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
      </div>

      <DroppedDrafts dropped={dropped} onDismiss={() => setDropped([])} />

      {wizardDrafts.length > 0 && (
        <section className="card" aria-labelledby="drafts-title" data-testid="drafts">
          <h2 id="drafts-title">Drafts in progress</h2>
          <ul className="drafts">
            {wizardDrafts.map((d) => (
              <li key={d.cloud} className="drafts__item" data-testid={`draft-${d.cloud}`}>
                <span>
                  <strong>{CLOUD_LABELS[d.cloud]}</strong> — at step {d.draft.step} ({stepTitle(d.draft.step)}), last changed {formatTime(d.updatedAt)}
                  {d.draft.secretNeeded && <span className="muted"> · the token must be pasted again</span>}
                </span>
                <span className="row">
                  <button type="button" className="btn btn--small btn--primary" onClick={() => openWizard(d.cloud)} data-testid={`resume-${d.cloud}`}>
                    Resume
                  </button>
                  <button type="button" className="btn btn--small btn--ghost" onClick={() => void discardDraft(d.cloud)} data-testid={`discard-${d.cloud}`}>
                    Discard
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <CleanupItems items={cleanups} onChanged={() => void load()} />

      <section className="card" aria-labelledby="cloud-accounts">
        <div className="card__header">
          <h2 id="cloud-accounts">Cloud accounts</h2>
          {panel === null && (
            <div className="row">
              <button className="btn" type="button" onClick={() => setPanel({ kind: 'many' })} data-testid="open-connect-many">
                Connect many accounts
              </button>
              <button className="btn btn--primary" type="button" onClick={() => openWizard()} data-testid="open-wizard">
                Connect a cloud account
              </button>
            </div>
          )}
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
          }}
        />
      )}
      {panel?.kind === 'many' && <ConnectMany orgId={orgId} onChanged={() => void load()} onClose={() => setPanel(null)} />}

      <section className="card" aria-labelledby="exports">
        <h2 id="exports">Exports</h2>
        <ExportArtifacts orgId={orgId} />
        <SendToPlatform orgId={orgId} disabled={!connections?.length} onSent={() => void load()} />
        <ExportBundle orgIds={[orgId]} disabled={!connections?.length} onExported={() => void load()} />
      </section>
    </main>
  );
}
