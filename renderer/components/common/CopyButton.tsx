import { useEffect, useState } from 'react';
import { PLACEHOLDER_LABELS, placeholdersIn } from '../../../shared/artifacts/setup-methods.js';
import { announce } from '../../state/announce.js';

/**
 * Copies non-secret artifact text and says so (to screen readers too). A command that still holds
 * a placeholder is never copied: in a shell `<project-id>` is a redirect, not a value.
 */
export function CopyButton({ text, label = 'Copy', testId }: { text: string; label?: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed' | 'refused'>('idle');
  const placeholders = placeholdersIn(text);
  useEffect(() => {
    if (state === 'idle' || state === 'refused') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  useEffect(() => setState('idle'), [text]);
  const missing = placeholders.map((p) => PLACEHOLDER_LABELS[p] ?? `<${p}>`).join(' and ');
  return (
    <span className="copy">
      <button
        type="button"
        className={`btn btn--small btn--ghost copy-button copy-button--${state}`}
        data-testid={testId}
        onClick={() => {
          if (placeholders.length) {
            setState('refused');
            announce(`Not copied: fill in ${missing} first.`);
            return;
          }
          navigator.clipboard.writeText(text).then(
            () => {
              setState('copied');
              announce('Copied to the clipboard.');
            },
            () => {
              setState('failed');
              announce('Copy failed: select the text and copy it by hand.');
            },
          );
        }}
      >
        {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed — select and copy' : label}
      </button>
      {state === 'refused' && (
        <span className="copy__refused" role="alert" data-testid={testId ? `${testId}-refused` : undefined}>
          Not copied: it still says {placeholders.map((p) => `<${p}>`).join(', ')}. Fill in {missing} first.
        </span>
      )}
    </span>
  );
}
