import type { Theme } from '../../shared/settings-file.js';

/** Light, dark, or the system's: the stylesheet follows `data-theme`, or prefers-color-scheme when unset. */
export function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
