import { ConfirmDialog } from '../../common/ConfirmDialog.js';

interface Props {
  readonly open: boolean;
  /** Whose progress it is ("The AWS progress for acme-corp"). */
  readonly what: string;
  onKeepWorking(): void;
  onDiscard(): void;
  /** Close, keeping the draft to resume from the org page. */
  onKeep(): void;
}

/** Closing the wizard with progress: keep working, keep the draft for later, or discard it. */
export function CloseWizardDialog({ open, what, onKeepWorking, onDiscard, onKeep }: Props) {
  return (
    <ConfirmDialog
      open={open}
      title="Discard this draft?"
      confirmLabel="Discard draft"
      cancelLabel="Keep working"
      danger
      onCancel={onKeepWorking}
      onConfirm={onDiscard}
      secondary={{ label: 'Keep it for later', onClick: onKeep }}
      testId="discard-draft"
    >
      <p>{what} is kept as a draft (never a token). Keep it to resume from the org page, or discard it.</p>
    </ConfirmDialog>
  );
}
