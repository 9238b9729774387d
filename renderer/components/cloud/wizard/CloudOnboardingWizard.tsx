import { useRef, useState } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import { ErrorPanel } from '../../common/ErrorPanel.js';
import { ChooseStep } from '../steps/ChooseStep.js';
import { CloseWizardDialog } from './CloseWizardDialog.js';
import { CloudWizard } from './CloudWizard.js';
import { useWizardStart } from './use-wizard-start.js';
import { WizardHeader } from './WizardHeader.js';

interface Props {
  readonly orgId: string;
  /** The org's saved connections: the cloud cards say what is connected already. */
  readonly connections: readonly ConnectionSummary[];
  /** Open straight on a cloud (resuming a draft, fixing a saved connection). */
  readonly initialCloud?: CloudKind | undefined;
  onSaved(): void;
  onClose(): void;
}

/**
 * The five-step wizard: choose → bootstrap artifacts → validate identity → validate permissions /
 * enumerate → save. Each cloud's progress is a draft in main, so leaving and coming back (or a
 * restart) resumes it; closing with progress asks before anything is thrown away.
 */
export function CloudOnboardingWizard({ orgId, connections, initialCloud, onSaved, onClose }: Props) {
  const { status, error, drafts, dropped, clearDropped, opened, setOpened, open, listDrafts } = useWizardStart(orgId, initialCloud);
  const [selected, setSelected] = useState<CloudKind | null>(initialCloud ?? null);
  const [confirmClose, setConfirmClose] = useState(false);
  const progress = useRef<(() => { hasProgress: boolean; discard: () => Promise<void> }) | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const connected: Partial<Record<CloudKind, number>> = {};
  for (const c of connections) connected[c.cloud] = (connected[c.cloud] ?? 0) + 1;

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
      <WizardHeader orgId={orgId} cloud={opened?.cloud} onClose={close} />
      {error && <ErrorPanel error={error} />}

      {!opened && (
        <ChooseStep
          heading={heading}
          status={status}
          error={error}
          selected={selected}
          connected={connected}
          drafts={drafts}
          dropped={dropped}
          onDismissDropped={clearDropped}
          onSelect={setSelected}
          onOpen={(cloud) => void open(cloud)}
        />
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

      <CloseWizardDialog
        open={confirmClose}
        what={`The ${opened ? CLOUD_LABELS[opened.cloud] : ''} progress for ${orgId}`}
        onKeepWorking={() => setConfirmClose(false)}
        onDiscard={() => {
          setConfirmClose(false);
          void progress.current?.().discard().then(onClose);
        }}
        onKeep={() => {
          setConfirmClose(false);
          onClose();
        }}
      />
    </section>
  );
}
