import { create } from 'zustand';
import type { ProfileStatus } from '../../shared/ipc/settings.js';
import { api, safeCall } from '../api.js';
import { needsAttention } from '../components/connections/status.js';

interface Attention {
  /** Connections whose status is not "connected" (one definition: see needsAttention). */
  readonly connections: number;
  readonly cleanups: number;
  /** Set when the platform profile no longer applies (expired, untrusted key): said on every screen. */
  readonly profile: Pick<ProfileStatus, 'state' | 'message'> | null;
  /** What the organisation's managed configuration could not apply: said on every screen until fixed. */
  readonly managed: { readonly origin: string | null; readonly problems: readonly string[] } | null;
}

export const useAttention = create<Attention>(() => ({ connections: 0, cleanups: 0, profile: null, managed: null }));

/** Re-read what needs attention; every screen that changes something calls this. */
export async function refreshAttention(): Promise<void> {
  const [list, cleanups, settings] = await Promise.all([safeCall(() => api.cloud.list({})), safeCall(() => api.cloud.cleanupList({})), safeCall(() => api.settings.status({}))]);
  useAttention.setState({
    ...(list.ok ? { connections: list.value.connections.filter(needsAttention).length } : {}),
    ...(cleanups.ok ? { cleanups: cleanups.value.items.length } : {}),
    ...(settings.ok ? { profile: settings.value.profile.state === 'expired' || settings.value.profile.state === 'untrusted' ? { state: settings.value.profile.state, message: settings.value.profile.message } : null } : {}),
    ...(settings.ok ? { managed: settings.value.managed.problems.length > 0 ? { origin: settings.value.managed.origin, problems: settings.value.managed.problems } : null } : {}),
  });
}
