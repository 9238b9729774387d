/** The parts of a BrowserWindow that bringing it forward needs. */
export interface RestorableWindow {
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
}

/**
 * Someone launched the app again (the second copy has already exited): show them the window they
 * have — restored if minimised, shown if hidden — or open a new one when none is left, as on macOS,
 * where the app keeps running after its last window closes.
 */
export function showAppWindow(windows: readonly RestorableWindow[], open: () => void): void {
  const win = windows[0];
  if (!win) {
    open();
    return;
  }
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
