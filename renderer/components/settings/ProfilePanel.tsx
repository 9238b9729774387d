import type { ProfileStatus } from '../../../shared/ipc/settings.js';
import { ProfileImport } from './ProfileImport.js';

/** Settings → Platform profile: what the platform signed for this engineer, and where external ids come from. */
export function ProfilePanel({ profile, externalIds, onImported }: { profile: ProfileStatus; externalIds: string; onImported: () => void }) {
  return (
    <section className="card" id="settings-profile" aria-labelledby="h-profile" data-testid="profile-panel">
      <h2 id="h-profile">Platform profile</h2>
      <p className="muted">The platform signs a profile for you: AlphaSwarm's settings and the organisations assigned to you, with their external ids. No master key ever sits on this laptop.</p>
      <ProfileImport profile={profile} onImported={onImported} />
      <p className="muted small" data-testid="external-id-source">
        External ids: {externalIds}
      </p>
    </section>
  );
}
