import { useEffect, useId, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { SettingStatus } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { SourceBadge, lockedWhy } from './SettingSource.js';
import { capitalize } from '../../../shared/domain/describe.js';
import { SettingVar } from './SettingVar.js';
import { usePresenting } from '../../state/presenting.js';

/**
 * One setting, editable in place: validated by main as it is saved (the same rules as the CLI),
 * its problem shown next to it, and nothing written when the value is wrong.
 */
export function SettingField({ s, onChanged }: { s: SettingStatus; onChanged: () => void }) {
  const id = useId();
  const stored = s.source === 'settings file' ? (s.value ?? '') : '';
  const [value, setValue] = useState(stored);
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  // A protected setting (a trust decision): the code goes with the change; main shows the change itself.
  const [code, setCode] = useState('');
  useEffect(() => setValue(stored), [stored]);
  const presenting = usePresenting((p) => p.presenting) !== null;
  const locked = lockedWhy(s, presenting);
  const dirty = value.trim() !== stored;

  const save = async () => {
    setBusy(true);
    setError(null);
    const withCode = s.stepUp && code.trim() !== '' ? { code } : {};
    const r = await safeCall(() => (value.trim() === '' ? api.settings.unset({ name: s.name, ...withCode }) : api.settings.set({ name: s.name, value, ...withCode })));
    setBusy(false);
    setCode('');
    if (!r.ok) return setError(r.error);
    announce(`${s.label} saved.`);
    onChanged();
  };

  return (
    <div className={`setting ${error || s.problem ? 'setting--invalid' : ''}`} data-testid={`setting-${s.name}`}>
      <div className="setting__head">
        <label htmlFor={`${id}-input`} className="setting__label">
          {s.label}
        </label>
        <SourceBadge s={s} />
      </div>
      <p className="setting__purpose muted small">
        {capitalize(s.purpose)}. <SettingVar name={s.name} />
      </p>
      {locked ? (
        <>
          <div className="setting__value" data-testid={`setting-${s.name}-locked`}>
            {s.value ? <code>{s.value}</code> : <span className="muted">—</span>}
          </div>
          <p className="muted small">{locked}</p>
        </>
      ) : (
        <form
          className="setting__edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            id={`${id}-input`}
            value={value}
            placeholder={s.defaultValue ?? s.example ?? ''}
            onChange={(e) => setValue(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-problem`}
            data-testid={`setting-${s.name}-input`}
          />
          {s.stepUp && dirty ? (
            <input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              placeholder="Step-up code"
              aria-label={`Step-up code to change ${s.label}`}
              size={10}
              data-testid={`setting-${s.name}-code`}
            />
          ) : null}
          <button type="submit" className="btn btn--small btn--primary" disabled={busy || !dirty} data-testid={`setting-${s.name}-save`}>
            {value.trim() === '' && stored ? 'Clear' : 'Save'}
          </button>
        </form>
      )}
      {s.stepUp && !locked ? <p className="muted small">Protected: a change needs your step-up code, and the app asks you to confirm it in its own dialog.</p> : null}
      <div id={`${id}-problem`} className="field__problem" data-testid={`setting-${s.name}-problem`}>
        {error ? `${error.message} ${error.hint}` : (s.problem ?? '')}
      </div>
    </div>
  );
}
