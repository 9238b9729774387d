import type { ProfileStatus } from '../../../shared/ipc/settings.js';
import { Badge } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { formatTime } from '../common/time.js';
import { ProfileDropzone } from './ProfileDropzone.js';
import { ProfileInspectionPanel } from './ProfileInspectionPanel.js';
import { useProfileImport } from './use-profile-import.js';

const STATE: Readonly<Record<ProfileStatus['state'], readonly ['ok' | 'warn' | 'bad' | 'muted', string]>> = {
  none: ['muted', 'None imported'],
  active: ['ok', 'In use'],
  expired: ['bad', 'Expired'],
  untrusted: ['bad', 'Key no longer trusted'],
};

/**
 * Settings → Platform profile: what is in use, and "Import platform profile…" by file picker or
 * drag-and-drop. A first import shows the signing key's fingerprint and is only done once the
 * engineer confirms it matches what the platform team gave them.
 */
export function ProfileImport({ profile, onImported }: { profile: ProfileStatus; onImported: () => void }) {
  const p = useProfileImport(onImported);
  const [tone, word] = STATE[profile.state];
  return (
    <div className="stack" data-testid="profile-import">
      <div className="row">
        <Badge tone={tone} testId="profile-state">
          {word}
        </Badge>
        {profile.engineer && (
          <span>
            {profile.engineer.name} &lt;{profile.engineer.email}&gt; · {profile.orgIds.length} organisation{profile.orgIds.length === 1 ? '' : 's'} · until {formatTime(profile.expiresAt)}
          </span>
        )}
      </div>
      {profile.message && <p className="field__problem">{profile.message}</p>}
      <ProfileDropzone onFile={(file) => void p.read(file)} />
      {p.error && <ErrorPanel error={p.error} testId="profile-error" />}
      {p.needsKey && (
        <label className="btn" data-testid="profile-key-choose">
          Choose the platform's key…
          <input type="file" accept=".json,.jwk,application/json,application/jwk+json" className="visually-hidden" onChange={(e) => void p.readKey(e.target.files?.[0])} data-testid="profile-key-file" />
        </label>
      )}
      {p.inspection && (
        <ProfileInspectionPanel
          inspection={p.inspection}
          trustKey={p.trustKey}
          confirmed={p.confirmed}
          onConfirmed={p.setConfirmed}
          askCode={p.askCode}
          code={p.code}
          onCode={p.setCode}
          busy={p.busy}
          onImport={() => void p.importIt()}
          onCancel={p.cancel}
        />
      )}
    </div>
  );
}
