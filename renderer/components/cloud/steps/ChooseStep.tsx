import { type RefObject, useEffect } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { SettingsStatus } from '../../../../shared/ipc/settings.js';
import { Spinner } from '../../common/Spinner.js';
import { DroppedDrafts } from '../DroppedDrafts.js';
import { ChooseCloud } from './ChooseCloud.js';
import { STEP_TITLES, Stepper } from './Stepper.js';

interface Props {
  /** Focused when step 1 appears: the wizard just opened ("Connect a cloud account"), or the person came back. */
  readonly heading: RefObject<HTMLHeadingElement | null>;
  readonly status: SettingsStatus | null;
  readonly error: ErrorData | null;
  readonly selected: CloudKind | null;
  readonly connected: Partial<Record<CloudKind, number>>;
  readonly drafts: ReadonlySet<CloudKind>;
  readonly dropped: readonly { cloud: string; updatedAt: string }[];
  onDismissDropped(): void;
  onSelect(cloud: CloudKind): void;
  /** Go on to step 2 with the chosen cloud (resuming its draft, if it has one). */
  onOpen(cloud: CloudKind): void;
}

/** Step 1: choose the cloud, among those configured; then on to its artifacts (or its draft). */
export function ChooseStep({ heading, status, error, selected, connected, drafts, dropped, onDismissDropped, onSelect, onOpen }: Props) {
  const ready = status?.clouds.find((c) => c.cloud === selected)?.ready ?? false;
  useEffect(() => heading.current?.focus(), [heading]);
  return (
    <>
      <div className="wizard__sticky">
        <Stepper current={1} furthest={selected && ready ? 2 : 1} onGo={(s) => s === 2 && selected && onOpen(selected)} />
      </div>
      <div className="wizard__body" data-testid="wizard-step-1">
        <h3 className="wizard__step-title" ref={heading} tabIndex={-1} data-testid="step-heading">
          Step 1 · {STEP_TITLES[1]}
        </h3>
        <DroppedDrafts dropped={dropped} onDismiss={onDismissDropped} />
        {!status && !error && <Spinner label="Checking which clouds are configured…" />}
        {status && <ChooseCloud status={status} selected={selected} connected={connected} drafts={drafts} onSelect={onSelect} onOpen={onOpen} />}
      </div>
      <div className="wizard__nav">
        <span />
        <button className="btn btn--primary" type="button" disabled={!selected || !ready} onClick={() => selected && onOpen(selected)} data-testid="next-2">
          {selected && drafts.has(selected) ? `Resume the ${CLOUD_LABELS[selected]} draft` : 'Next: bootstrap artifacts'}
        </button>
      </div>
    </>
  );
}
