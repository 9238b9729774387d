import type { ProfileInspection } from '../../../shared/ipc/settings.js';
import { Facts } from '../common/Facts.js';
import { formatTime } from '../common/time.js';

interface Props {
  readonly inspection: ProfileInspection;
  /** The platform key file chosen for this import, when the profile does not carry its key. */
  readonly trustKey: string | null;
  readonly confirmed: boolean;
  onConfirmed(confirmed: boolean): void;
  readonly askCode: boolean;
  readonly code: string;
  onCode(code: string): void;
  readonly busy: boolean;
  onImport(): void;
  onCancel(): void;
}

/** What a profile would change, read before importing it: a first signing key is confirmed by its fingerprint. */
export function ProfileInspectionPanel({ inspection, trustKey, confirmed, onConfirmed, askCode, code, onCode, busy, onImport, onCancel }: Props) {
  const firstUse = inspection.trust === 'first-use';
  return (
    <div className="panel" data-testid="profile-inspection">
      <h3>Profile for {inspection.engineer.name}</h3>
      <Facts
        rows={[
          ['Engineer', `${inspection.engineer.name} <${inspection.engineer.email}>`],
          ['Organisations', inspection.orgIds.length ? inspection.orgIds.join(', ') : 'none'],
          ['Settings', inspection.settings.length ? `${inspection.settings.length} (${inspection.settings.map((s) => s.replace('ALPHASWARM_ADMIN_', '')).join(', ')})` : 'none'],
          ['Valid', `${formatTime(inspection.issuedAt)} to ${formatTime(inspection.expiresAt)}`],
          ['Signing key', <code key="k" data-testid="profile-fingerprint">{inspection.keyFingerprint}</code>],
        ]}
      />
      {inspection.changes.changedExternalIds.length > 0 && (
        <p className="note note--warning">External ids change for {inspection.changes.changedExternalIds.join(', ')}: their AWS connections will show as rotated, and the wizard hands over a no-downtime policy.</p>
      )}
      {inspection.changes.changedAzureApps.length > 0 && (
        <p className="note note--warning">The Azure app changes for {inspection.changes.changedAzureApps.join(', ')}: their Azure connections will show as rotated, and the wizard hands over to the new app without downtime.</p>
      )}
      {inspection.alreadyImported && <p className="muted">This profile is already in use.</p>}
      {firstUse ? (
        <label className="checkbox" data-testid="profile-trust">
          <input type="checkbox" checked={confirmed} onChange={(e) => onConfirmed(e.target.checked)} data-testid="profile-trust-confirm" /> I compared the signing key fingerprint above with the one the
          platform team gave me, and they match{trustKey !== null ? ' (it is the key file I chose)' : ''}.
          <span className="field__help">No platform key is trusted on this laptop yet. Once you import this profile, later profiles must be signed by the same key.</span>
        </label>
      ) : (
        <p className="muted small">Signed by a key this laptop already trusts.</p>
      )}
      {askCode && (
        <label className="field" data-testid="profile-code">
          <span className="field__label">Step-up code</span>
          <input type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => onCode(e.target.value.replace(/\D/g, ''))} data-testid="profile-code-input" />
          <span className="field__help">
            {firstUse ? 'Pinning the platform key' : 'This profile changes protected settings; it'} needs the current code from your authenticator app. The app then shows what changes for you to
            confirm.
          </span>
        </label>
      )}
      <div className="row">
        <button type="button" className="btn btn--primary" disabled={busy || (firstUse && !confirmed) || (askCode && code.length !== 6)} onClick={onImport} data-testid="profile-import-button">
          Import profile
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
