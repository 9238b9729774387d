import { formatTime } from '../common/time.js';

interface AutoRefreshStatus {
  expiresAt: string | null;
  refreshDue: boolean;
  lastAutomatic: { at: string; outcome: 'refreshed' | 'unchanged' | 'failed'; message: string } | null;
}

/**
 * What the app does with the profile on its own while signed in: it fetches the new one within 7
 * days of the end. Said here, with the last time it did so and how that went.
 */
export function ProfileAutoRefresh({ profile }: { profile: AutoRefreshStatus }) {
  const last = profile.lastAutomatic;
  return (
    <div className="stack" data-testid="profile-auto-refresh">
      <p className="small muted">
        {profile.expiresAt ? `Your platform profile is valid until ${formatTime(profile.expiresAt)}. ` : ''}
        {profile.refreshDue
          ? 'It ends within 7 days: while you are signed in, the app fetches your new profile from the platform on its own.'
          : 'Within 7 days of its end, while you are signed in, the app fetches your new profile from the platform on its own.'}
      </p>
      {last && last.outcome !== 'failed' && (
        <p className="banner banner--info" role="status" data-testid="profile-auto-refreshed">
          {last.outcome === 'refreshed' ? 'The app refreshed your profile from the platform' : 'The app checked the platform for a newer profile'} at {formatTime(last.at)}: {last.message}
        </p>
      )}
      {last?.outcome === 'failed' && (
        <p className="note note--warning" role="status" data-testid="profile-auto-refresh-failed">
          The app could not refresh your profile from the platform at {formatTime(last.at)}: {last.message} Use Refresh profile below; it asks for a code when the new profile needs one.
        </p>
      )}
    </div>
  );
}
