import { useEffect, useRef, useState } from 'react';
import { THEMES, type Theme } from '../../../shared/settings-file.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { api, safeCall } from '../../api.js';
import { applyTheme } from '../../state/theme.js';

const WORDS: Readonly<Record<Theme, string>> = { system: 'Follow the system', light: 'Light', dark: 'Dark' };

/** Light, dark, or the system's choice; kept in the settings file with the rest. */
export function AppearanceSetting({ theme }: { theme: Theme }) {
  // Shown at once; kept by main a moment later (and the last kept one put back if main refuses).
  const [chosen, setChosen] = useState(theme);
  const kept = useRef(theme);
  const [error, setError] = useState<ErrorData | null>(null);
  useEffect(() => {
    kept.current = theme;
    setChosen(theme);
  }, [theme]);
  const choose = async (t: Theme) => {
    setChosen(t);
    applyTheme(t);
    setError(null);
    const r = await safeCall(() => api.settings.setTheme({ theme: t }));
    if (r.ok) kept.current = t;
    else {
      setError(r.error);
      setChosen(kept.current);
      applyTheme(kept.current);
    }
  };
  return (
    <>
    <fieldset className="choice choice--inline" data-testid="appearance">
      <legend>Theme</legend>
      {THEMES.map((t) => (
        <label key={t}>
          <input
            type="radio"
            name="theme"
            value={t}
            checked={chosen === t}
            onChange={() => void choose(t)}
            data-testid={`theme-${t}`}
          />{' '}
          {WORDS[t]}
        </label>
      ))}
    </fieldset>
    {error && <ErrorPanel error={error} />}
    </>
  );
}
