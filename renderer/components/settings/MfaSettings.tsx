import { useState } from 'react';
import type { MfaStatus } from '../../../shared/ipc/mfa.js';
import { Badge } from '../common/Badge.js';
import { formatTime } from '../common/time.js';
import { MfaEnrollment } from '../mfa/MfaEnrollment.js';

/** Step-up MFA: set up or not, paused after wrong codes, enrol or replace the authenticator. */
export function MfaSettings({ mfa, keychainAvailable, onChanged }: { mfa: MfaStatus; keychainAvailable: boolean; onChanged: () => void }) {
  const [replacing, setReplacing] = useState(false);
  return (
    <section className="card" id="settings-mfa" aria-labelledby="h-mfa" data-testid="mfa-panel">
      <h2 id="h-mfa">Step-up MFA</h2>
      {mfa.enrolled ? (
        <p>
          <Badge tone="ok">Set up</Badge> since {formatTime(mfa.enrolledAt)}. A code opens a {mfa.stepUpWindowSeconds / 60}-minute window for one organisation.
        </p>
      ) : (
        <p>
          <Badge tone="warn">Not set up</Badge> Do this before your first customer call: steps that touch a customer's cloud ask for a code.
        </p>
      )}
      {mfa.lockedUntil && <p className="field__problem">Paused after wrong codes until {formatTime(mfa.lockedUntil)}.</p>}
      {(!mfa.enrolled || replacing) && keychainAvailable ? (
        <MfaEnrollment
          replacing={mfa.enrolled}
          onEnrolled={() => {
            setReplacing(false);
            onChanged();
          }}
        />
      ) : (
        mfa.enrolled && (
          <button className="btn" type="button" onClick={() => setReplacing(true)}>
            Replace authenticator…
          </button>
        )
      )}
    </section>
  );
}
