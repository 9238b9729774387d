import { useCallback, useEffect, useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { AlphaswarmApi } from '../../../shared/ipc/index.js';
import { api, safeCall } from '../../api.js';
import { Badge } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Facts } from '../common/Facts.js';
import { formatTime } from '../common/time.js';
import { useAction } from '../common/use-action.js';
import { OutboxPanel } from './OutboxPanel.js';
import { PlatformSignIn } from './PlatformSignIn.js';
import { ProfileAutoRefresh } from './ProfileAutoRefresh.js';
import { RefreshProfile } from './RefreshProfile.js';

type Status = Extract<Awaited<ReturnType<AlphaswarmApi['platform']['status']>>, { ok: true }>['value'];

/**
 * Settings → Platform sign-in and delivery: sign in (device code), the signed-in engineer and this device's enrolment,
 * sign out, refresh the profile, and the outbox of sends waiting for the platform.
 */
export function PlatformPanel({ onChanged }: { onChanged: () => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const load = useCallback(async () => {
    const r = await safeCall(() => api.platform.status({}));
    if (r.ok) {
      setStatus(r.value);
      setError(null);
    } else setError(r.error);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const signOut = useAction(async () => {
    const r = await safeCall(() => api.platform.signOut({}));
    void load();
    return r;
  });

  return (
    <section className="card" id="settings-delivery" aria-labelledby="h-delivery" data-testid="platform-delivery-panel">
      <h2 id="h-delivery">Platform sign-in and delivery</h2>
      <p className="muted">Send connections to the platform directly. A connection is delivered only when the platform’s signed receipt says so; what cannot be sent now waits in the outbox.</p>
      {error && <ErrorPanel error={error} />}
      {status && !status.configured && (
        <p className="banner banner--info" data-testid="platform-not-configured">
          No platform URL is set. Import your platform profile, or set <code>ALPHASWARM_ADMIN_PLATFORM_URL</code> under General.
        </p>
      )}
      {status?.configured && !status.signIn.signedIn && <PlatformSignIn onSignedIn={() => void load()} />}
      {status?.signIn.signedIn && (
        <div className="stack" data-testid="platform-signed-in">
          <Facts
            rows={[
              ['Signed in', <Badge key="s" tone="ok" testId="platform-signed-in-badge">since {formatTime(status.signIn.signedInAt)}</Badge>],
              ['Platform', <code key="p">{status.signIn.platformUrl}</code>],
              ['Engineer', status.engineer ? `${status.engineer.name} <${status.engineer.email}> (from your platform profile)` : 'no platform profile yet: Refresh profile fetches yours'],
              ['Access', status.signIn.scope ?? ''],
              ['This device', status.device.enrolled ? `enrolled ${formatTime(status.device.enrolledAt)} (key ${status.device.kid.slice(0, 12)}…)` : `not enrolled yet: it is enrolled before the first send (key ${status.device.kid.slice(0, 12)}…)`],
            ]}
          />
          <ProfileAutoRefresh profile={status.profile} />
          <RefreshProfile onChanged={onChanged}>
            <button className="btn" type="button" onClick={() => void signOut.run()} disabled={signOut.busy} data-testid="platform-sign-out">
              Sign out
            </button>
          </RefreshProfile>
          {signOut.error && <ErrorPanel error={signOut.error} />}
        </div>
      )}
      {status?.configured && <OutboxPanel onChanged={() => void load()} />}
    </section>
  );
}
