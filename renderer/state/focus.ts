/**
 * Focus follows the work: after an action replaces content, focus goes to the new content's heading
 * or first field; after a dialog closes, back to what opened it — never left on the page body, where
 * a screen reader hears nothing.
 */

/** The element that has focus now, to return to later (the button that opened a prompt). */
export function focusedNow(): HTMLElement | null {
  return document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
}

/**
 * Focus what `target` names once it is on the page and enabled: an opener is often disabled while
 * its call runs, and enabled again a render later. Gives up after a few frames.
 */
export function focusWhenReady(target: () => HTMLElement | null | undefined, frames = 30): void {
  const attempt = (left: number) => {
    const el = target();
    if (el?.isConnected && !(el instanceof HTMLButtonElement && el.disabled)) {
      el.focus();
      return;
    }
    if (left > 0) requestAnimationFrame(() => attempt(left - 1));
  };
  attempt(frames);
}
