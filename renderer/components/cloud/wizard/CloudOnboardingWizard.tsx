import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import type { SettingsStatus } from '../../../../shared/ipc/settings.js';
import { api, safeCall } from '../../../api.js';
import { ConfirmDialog } from '../../common/ConfirmDialog.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { Spinner } from '../../common/Spinner.js';
import { DroppedDrafts } from '../DroppedDrafts.js';
import { ChooseCloud } from '../steps/ChooseCloud.js';
import { STEP_TITLES, Stepper } from '../steps/Stepper.js';
import { CloudWizard } from './CloudWizard.js';

interface Props {
  readonly orgId: string;
  /** The org's saved connections: the cloud cards say what is connected already. */
  readonly connections: readonly ConnectionSummary[];
  /** Open straight on a cloud (resuming a draft, fixing a saved connection). */
  readonly initialCloud?: CloudKind | undefined;
  onSaved(): void;
  onClose(): void;
}

type Opened = { readonly cloud: CloudKind; readonly draft: StoredDraft | null; readonly run: number };

/**
 * The five-step wizard: choose → bootstrap artifacts → validate identity → validate permissions /
 * enumerate → save. Each cloud's progress is a draft in main, so leaving and coming back (or a
 * restart) resumes it; closing with progress asks before anything is thrown away.
 */
export function CloudOnboardingWizard({ orgId, connections, initialCloud, onSaved, onClose }: Props) {
  const [status, setStatus] = useState<SettingsStatus | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [drafts, setDrafts] = useState<ReadonlySet<CloudKind>>(new Set());
  const [dropped, setDropped] = useState<readonly { cloud: string; updatedAt: string }[]>([]);
  const [selected, setSelected] = useState<CloudKind | null>(initialCloud ?? null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const progress = useRef<(() => { hasProgress: boolean; discard: () => Promise<void> }) | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const open = async (cloud: CloudKind) => {
    const r = await safeCall(() => api.drafts.get({ orgId, cloud }));
    if (!r.ok) return setError(r.error);
    setOpened((o) => ({ cloud, draft: r.value.draft, run: (o?.run ?? 0) + 1 }));
  };

  // Which clouds have a draft to resume (listing also drops this org's old ones: said here, once).
  const listDrafts = () =>
    void safeCall(() => api.drafts.list({ orgId })).then((r) => {
      if (!r.ok) return;
      setDrafts(new Set(r.value.drafts.map((d) => d.cloud)));
      if (r.value.dropped.length) setDropped((d) => [...d, ...r.value.dropped]);
    });

  // Once, when the wizard opens: a later change of props does not reopen a cloud under the admin.
  const onOpen = useEffectEvent(() => {
    void safeCall(() => api.settings.status({})).then((r) => (r.ok ? setStatus(r.value) : setError(r.error)));
    listDrafts();
    if (initialCloud) void open(initialCloud);
  });
  useEffect(() => onOpen(), []);

  const connected: Partial<Record<CloudKind, number>> = {};
  for (const c of connections) connected[c.cloud] = (connected[c.cloud] ?? 0) + 1;
  const ready = status?.clouds.find((c) => c.cloud === selected)?.ready ?? false;

  const close = () => {
    const p = progress.current?.();
    if (p?.hasProgress) setConfirmClose(true);
    else onClose();
  };
  const backToChoose = () => {
    progress.current = null;
    setOpened(null);
    listDrafts();
    setTimeout(() => heading.current?.focus(), 0);
  };

  return (
    <section className="wizard card" data-testid="wizard" aria-labelledby="wizard-title">
      <header className="wizard__header">
        <div>
          <h2 id="wizard-title">Connect a cloud account</h2>
          <p className="muted">
            For <strong>{orgId}</strong>
            {opened && <> · {CLOUD_LABELS[opened.cloud]}</>} · federated-first: no long-lived keys are ever stored.
          </p>
        </div>
        <button className="btn btn--ghost" type="button" onClick={close} data-testid="wizard-close">
          Close
        </button>
      </header>
      {error && <ErrorPanel error={error} />}

      {!opened && (
        <>
          <div className="wizard__sticky">
            <Stepper current={1} furthest={selected && ready ? 2 : 1} onGo={(s) => s === 2 && selected && void open(selected)} />
          </div>
          <div className="wizard__body" data-testid="wizard-step-1">
            <h3 className="wizard__step-title" ref={heading} tabIndex={-1} data-testid="step-heading">
              Step 1 · {STEP_TITLES[1]}
            </h3>
            <DroppedDrafts dropped={dropped} onDismiss={() => setDropped([])} />
            {!status && !error && <Spinner label="Checking which clouds are configured…" />}
            {status && <ChooseCloud status={status} selected={selected} connected={connected} drafts={drafts} onSelect={setSelected} />}
          </div>
          <div className="wizard__nav">
            <span />
            <button className="btn btn--primary" type="button" disabled={!selected || !ready} onClick={() => selected && void open(selected)} data-testid="next-2">
              {selected && drafts.has(selected) ? `Resume the ${CLOUD_LABELS[selected]} draft` : 'Next: bootstrap artifacts'}
            </button>
          </div>
        </>
      )}

      {opened && (
        <CloudWizard
          key={`${opened.cloud}-${opened.run}`}
          cloud={opened.cloud}
          orgId={orgId}
          draft={opened.draft}
          onChooseCloud={backToChoose}
          onSaved={onSaved}
          onAnother={() => setOpened({ cloud: opened.cloud, draft: null, run: opened.run + 1 })}
          onDone={onClose}
          registerProgress={(check) => {
            progress.current = check;
          }}
        />
      )}

      <ConfirmDialog
        open={confirmClose}
        title="Discard this draft?"
        confirmLabel="Discard draft"
        cancelLabel="Keep working"
        danger
        onCancel={() => setConfirmClose(false)}
        onConfirm={() => {
          setConfirmClose(false);
          void progress.current?.().discard().then(onClose);
        }}
        secondary={{
          label: 'Keep it for later',
          onClick: () => {
            setConfirmClose(false);
            onClose();
          },
        }}
        testId="discard-draft"
      >
        <p>
          The {opened ? CLOUD_LABELS[opened.cloud] : ''} progress for {orgId} is kept as a draft (never a token). Keep it to resume from the org page, or discard it.
        </p>
      </ConfirmDialog>
    </section>
  );
}
