import { useCallback, useEffect, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import type { MfaStatus } from '../../../shared/ipc/mfa.js';
import type { SettingsStatus } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { usePresenting } from '../../state/presenting.js';

type Loaded = { readonly status: SettingsStatus; readonly mfa: MfaStatus; readonly platform: ConnectionSummary[] };

/** What Settings shows, read together (settings, MFA, the platform's connections); `load` reads it again. */
export function useSettingsStatus() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const load = useCallback(async () => {
    // While presenting, AlphaSwarm's own accounts are another org: not read, not shown.
    const presenting = usePresenting.getState().presenting !== null;
    const platformList = presenting ? Promise.resolve({ ok: true as const, value: { connections: [] } }) : safeCall(() => api.cloud.list({ orgId: PLATFORM_ORG_ID }));
    const [s, m, c] = await Promise.all([safeCall(() => api.settings.status({})), safeCall(() => api.mfa.status({})), platformList]);
    if (!s.ok) return setError(s.error);
    if (!m.ok) return setError(m.error);
    if (!c.ok) return setError(c.error);
    setLoaded({ status: s.value, mfa: m.value, platform: c.value.connections });
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { loaded, error, load };
}
