import { type ReactNode, useEffect, useId, useRef } from 'react';

/**
 * A modal question with a name and a described body (for screen readers), Escape to cancel, and
 * focus on the safe choice first.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  danger,
  onConfirm,
  onCancel,
  confirmDisabled,
  secondary,
  testId,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  confirmDisabled?: boolean;
  /** A third, non-destructive way out ("Keep it for later"). */
  secondary?: { label: string; onClick: () => void };
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} onCancel={onCancel} data-testid={testId}>
      {open && (
        <div className="dialog__body">
          <h2 id={`${id}-title`}>{title}</h2>
          <div id={`${id}-body`} className="stack">
            {children}
          </div>
          <div className="row row--end">
            <button type="button" className="btn" onClick={onCancel} autoFocus data-testid={testId ? `${testId}-cancel` : undefined}>
              {cancelLabel}
            </button>
            {secondary && (
              <button type="button" className="btn" onClick={secondary.onClick} data-testid={testId ? `${testId}-secondary` : undefined}>
                {secondary.label}
              </button>
            )}
            <button type="button" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} onClick={onConfirm} disabled={confirmDisabled} data-testid={testId ? `${testId}-confirm` : undefined}>
              {confirmLabel}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
