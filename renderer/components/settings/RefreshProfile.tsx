import { type ReactNode, useState } from 'react';
import { api, safeCall } from '../../api.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { useAction } from '../common/use-action.js';

/**
 * Settings → Refresh profile: fetch the platform's newest profile for this sign-in. A profile that
 * changes something protected (the first one on this laptop, another engineer, a protected setting)
 * asks for the step-up code here; main then shows what changes before the code is spent.
 */
export function RefreshProfile({ onChanged, children }: { onChanged: () => void; children?: ReactNode }) {
  const [code, setCode] = useState('');
  const refresh = useAction(async () => {
    const r = await safeCall(() => api.platform.refreshProfile(code.length === 6 ? { code } : {}));
    if (r.ok) {
      setCode('');
      if (r.value.changed) onChanged();
    }
    return r;
  });
  const askCode = refresh.error?.code === 'step_up_required' || code.length > 0;
  return (
    <div className="stack">
      <div className="export__row">
        <button className="btn" type="button" onClick={() => void refresh.run()} disabled={refresh.busy || (askCode && code.length !== 6)} data-testid="platform-refresh-profile">
          {refresh.busy ? 'Refreshing…' : askCode ? 'Refresh with this code' : 'Refresh profile'}
        </button>
        {children}
      </div>
      {askCode && (
        <label className="field" data-testid="platform-refresh-code">
          <span className="field__label">Step-up code</span>
          <input type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} data-testid="platform-refresh-code-input" />
          <span className="field__hint">This profile changes something protected: enter the current code from your authenticator app. The app then shows what changes, for you to confirm.</span>
        </label>
      )}
      {refresh.result && (
        <p className="small" role="status" data-testid="platform-refresh-result">
          {refresh.result.message}
        </p>
      )}
      {refresh.error && <ErrorPanel error={refresh.error} />}
    </div>
  );
}
