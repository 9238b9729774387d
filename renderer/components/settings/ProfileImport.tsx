import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { ProfileInspection, ProfileStatus } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { announce } from '../../state/announce.js';
import { refreshAttention } from '../../state/attention.js';
import { Badge } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Facts } from '../common/Facts.js';
import { formatTime } from '../common/time.js';

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
  const [text, setText] = useState<string | null>(null);
  const [inspection, setInspection] = useState<ProfileInspection | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  // Pinning a key or changing a protected setting needs a step-up code; main then shows the change itself.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  /** The platform's public key file, for a profile that does not carry its signing key. */
  const [trustKey, setTrustKey] = useState<string | null>(null);
  const [needsKey, setNeedsKey] = useState(false);

  const inspect = async (content: string, key: string | null) => {
    setError(null);
    setInspection(null);
    setConfirmed(false);
    setBusy(true);
    const r = await safeCall(() => api.settings.inspectProfile({ text: content, ...(key !== null ? { trustKey: key } : {}) }));
    setBusy(false);
    if (r.ok) {
      setInspection(r.value);
      setNeedsKey(false);
      setAskCode(r.value.trust === 'first-use');
      return;
    }
    setError(r.error);
    if (r.error.details?.reason === 'key_required') setNeedsKey(true);
  };

  const read = async (file: File | undefined) => {
    setError(null);
    setInspection(null);
    setConfirmed(false);
    setTrustKey(null);
    setNeedsKey(false);
    setAskCode(false);
    setCode('');
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) return setError({ code: 'payload_too_large', message: `${file.name} is ${file.size} bytes; a profile is at most 2 MB.`, hint: 'Choose the profile file the platform team sent.' });
    const content = await file.text();
    setText(content);
    await inspect(content, null);
  };

  const readKey = async (file: File | undefined) => {
    if (!file || !text) return;
    if (file.size > 256 * 1024) return setError({ code: 'payload_too_large', message: `${file.name} is ${file.size} bytes; a public key file is a few hundred.`, hint: "Choose the platform's public key file (a JWK)." });
    const key = await file.text();
    setTrustKey(key);
    await inspect(text, key);
  };

  const importIt = async () => {
    if (!text || !inspection) return;
    setBusy(true);
    const trust = inspection.trust !== 'first-use' ? {} : trustKey !== null ? { trustKey } : { acceptFingerprint: inspection.keyFingerprint };
    const r = await safeCall(() => api.settings.importProfile({ text, ...trust, ...(askCode && code.trim() ? { code: code.trim() } : {}) }));
    setBusy(false);
    setCode('');
    if (!r.ok) {
      // A protected setting in a re-import: ask for the code, then import again.
      if (r.error.code === 'step_up_required') setAskCode(true);
      return setError(r.error);
    }
    setError(null);
    setInspection(null);
    setText(null);
    setTrustKey(null);
    announce(`Platform profile for ${r.value.inspection.engineer.name} imported.`);
    void refreshAttention();
    onImported();
  };

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
      <label
        className={`dropzone ${dragging ? 'dropzone--over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void read(e.dataTransfer.files[0]);
        }}
        data-testid="profile-dropzone"
      >
        <strong>Import platform profile…</strong>
        <span className="muted small">Choose the file the platform team sent you, or drop it here. It configures this laptop in one step.</span>
        <input type="file" accept=".jws,.profile,.jwt,.txt,application/jose" className="visually-hidden" onChange={(e) => void read(e.target.files?.[0])} data-testid="profile-file" />
      </label>
      {error && <ErrorPanel error={error} testId="profile-error" />}
      {needsKey && (
        <label className="btn" data-testid="profile-key-choose">
          Choose the platform's key…
          <input type="file" accept=".json,.jwk,application/json,application/jwk+json" className="visually-hidden" onChange={(e) => void readKey(e.target.files?.[0])} data-testid="profile-key-file" />
        </label>
      )}
      {inspection && (
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
          {inspection.alreadyImported && <p className="muted">This profile is already in use.</p>}
          {inspection.trust === 'first-use' ? (
            <label className="checkbox" data-testid="profile-trust">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="profile-trust-confirm" /> I compared the signing key fingerprint above with the one the
              platform team gave me, and they match{trustKey !== null ? ' (it is the key file I chose)' : ''}.
              <span className="field__help">No platform key is trusted on this laptop yet. Once you import this profile, later profiles must be signed by the same key.</span>
            </label>
          ) : (
            <p className="muted small">Signed by a key this laptop already trusts.</p>
          )}
          {askCode && (
            <label className="field" data-testid="profile-code">
              <span className="field__label">Step-up code</span>
              <input
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
                data-testid="profile-code-input"
              />
              <span className="field__help">
                {inspection.trust === 'first-use' ? 'Pinning the platform key' : 'This profile changes protected settings; it'} needs the current code from your authenticator app. The app then shows
                what changes for you to confirm.
              </span>
            </label>
          )}
          <div className="row">
            <button type="button" className="btn btn--primary" disabled={busy || (inspection.trust === 'first-use' && !confirmed) || (askCode && code.length !== 6)} onClick={() => void importIt()} data-testid="profile-import-button">
              Import profile
            </button>
            <button type="button" className="btn" onClick={() => setInspection(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
