import { useAttention } from '../../state/attention.js';
import { hrefFor } from '../../state/route.js';

/** When the platform profile stops applying (expired, key no longer trusted), every screen says so. */
export function ProfileBanner() {
  const profile = useAttention((s) => s.profile);
  if (!profile) return null;
  return (
    <div className="banner banner--warn" role="alert" data-testid="profile-banner">
      <strong>{profile.state === 'expired' ? 'Your platform profile has expired.' : 'Your platform profile is no longer trusted.'}</strong> {profile.message}{' '}
      <a href={hrefFor({ name: 'settings', section: 'profile' })}>Import a new profile</a>
    </div>
  );
}
