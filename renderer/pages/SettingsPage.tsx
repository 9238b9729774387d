import { useCallback, useEffect, useState } from 'react';
import { CLOUD_LABELS } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import type { MfaStatus } from '../../shared/ipc/mfa.js';
import type { SettingStatus, SettingsStatus } from '../../shared/ipc/settings.js';
import { api, safeCall } from '../api.js';
import { CloudOnboardingWizard } from '../components/cloud/CloudOnboardingWizard.js';
import { ConnectionList } from '../components/cloud/ConnectionList.js';
import { Badge } from '../components/common/Badge.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { formatTime } from '../components/common/time.js';
import { MfaEnrollment } from '../components/mfa/MfaEnrollment.js';
import { ImportSecret } from '../components/common/ImportSecret.js';
import { DeviceKeyPanel } from '../components/exports/DeviceKeyPanel.js';

function SourceBadge({ s }: { s: SettingStatus }) {
  if (s.problem) return <Badge tone="bad">invalid</Badge>;
  if (s.source === 'unset') return s.required ? <Badge tone="bad">missing</Badge> : <Badge tone="muted">not set</Badge>;
  return <Badge tone={s.source === 'default' ? 'muted' : 'info'}>{s.source}</Badge>;
}

function SettingRows({ rows, onChanged }: { rows: readonly SettingStatus[]; onChanged?: () => void }) {
  return (
    <>
      {rows.map((s) => (
        <tr key={s.name} data-testid={`setting-${s.name}`}>
          <td>
            <div>{s.label}</div>
            <code className="small muted">{s.name}</code>
          </td>
          <td>
            <SourceBadge s={s} />
          </td>
          <td>
            {s.secret ? <span className="muted">{s.source === 'unset' ? '—' : 'set · never shown'}</span> : s.value ? <code>{s.value}</code> : <span className="muted">—</span>}
            {s.problem && <div className="field__problem">{s.problem}</div>}
            {s.name === 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET' && onChanged && <ImportSecret name={s.name} onDone={onChanged} />}
          </td>
        </tr>
      ))}
    </>
  );
}

/** `#/settings`: the platform tenant's "Cloud connections" (guided, federated) and where every identity comes from. */
export function SettingsPage() {
  const [status, setStatus] = useState<SettingsStatus | null>(null);
  const [mfa, setMfa] = useState<MfaStatus | null>(null);
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [wizardOpen, setWizardOpen] = useState(false);
  const [replacing, setReplacing] = useState(false);

  const load = useCallback(async () => {
    const [s, m, c] = await Promise.all([safeCall(() => api.settings.status({})), safeCall(() => api.mfa.status({})), safeCall(() => api.cloud.list({ orgId: PLATFORM_ORG_ID }))]);
    if (!s.ok) return setError(s.error);
    if (!m.ok) return setError(m.error);
    if (!c.ok) return setError(c.error);
    setStatus(s.value);
    setMfa(m.value);
    setConnections(c.value.connections);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <main className="page"><ErrorPanel error={error} /></main>;
  if (!status || !mfa || !connections) return <main className="page"><Spinner label="Loading settings…" /></main>;

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1>Settings</h1>
          <p className="muted">
            Data folder <code>{status.dataDir}</code> · settings file <code>{status.settingsFile}</code>
          </p>
        </div>
      </div>
      {status.settingsFileProblem && <ErrorPanel error={{ code: 'config_invalid', message: status.settingsFileProblem, hint: 'Fix the settings file; until then its values are ignored.' }} />}

      <section className="card" aria-labelledby="cloud-connections" data-testid="platform-panel">
        <div className="card__header">
          <div>
            <h2 id="cloud-connections">Cloud connections</h2>
            <p className="muted">
              AlphaSwarm's own accounts, under the platform tenant <code>{PLATFORM_ORG_ID}</code>.
            </p>
          </div>
          <Badge tone="info">Guided (federated)</Badge>
        </div>
        <ConnectionList connections={connections} onChanged={() => void load()} orgId={PLATFORM_ORG_ID} />
        {!wizardOpen && (
          <button className="btn btn--primary" type="button" onClick={() => setWizardOpen(true)} data-testid="open-platform-wizard">
            Connect a platform cloud account
          </button>
        )}
      </section>
      {wizardOpen && <CloudOnboardingWizard orgId={PLATFORM_ORG_ID} onSaved={() => void load()} onClose={() => setWizardOpen(false)} />}

      <section className="card" aria-labelledby="identities" data-testid="identity-status">
        <h2 id="identities">Cloud identities</h2>
        <p className="muted">Which of AlphaSwarm's identities are configured on this laptop, and where each value came from. Secrets are never shown.</p>
        {status.clouds.map((c) => (
          <div key={c.cloud} className="settings-cloud" data-testid={`identity-status-${c.cloud}`}>
            <h3>
              {CLOUD_LABELS[c.cloud]} {c.ready ? <Badge tone="ok">ready</Badge> : <Badge tone="warn">not configured</Badge>}
            </h3>
            <table className="table table--compact">
              <tbody>
                <SettingRows rows={c.identities} onChanged={() => void load()} />
              </tbody>
            </table>
            {c.endpoints.some((e) => e.source !== 'unset') && (
              <details>
                <summary>Endpoint overrides</summary>
                <table className="table table--compact">
                  <tbody>
                    <SettingRows rows={c.endpoints.filter((e) => e.source !== 'unset')} />
                  </tbody>
                </table>
              </details>
            )}
          </div>
        ))}
        <details>
          <summary>General settings</summary>
          <table className="table table--compact">
            <tbody>
              <SettingRows rows={status.general} />
            </tbody>
          </table>
        </details>
      </section>

      <section className="card" aria-labelledby="mfa" data-testid="mfa-panel">
        <h2 id="mfa">Step-up MFA</h2>
        <p>
          Keychain: {status.keychain.available ? <Badge tone="ok">available</Badge> : <Badge tone="bad">unavailable</Badge>} <span className="muted small">{status.keychain.detail}</span>
        </p>
        {mfa.enrolled ? (
          <p>
            <Badge tone="ok">Enrolled</Badge> since {formatTime(mfa.enrolledAt)}. A code opens a {mfa.stepUpWindowSeconds / 60}-minute window for one organisation.
          </p>
        ) : (
          <p>
            <Badge tone="warn">Not enrolled</Badge> Steps 3, 4, 5 and disconnect will ask you to set it up.
          </p>
        )}
        {mfa.lockedUntil && <p className="field__problem">Paused after wrong codes until {formatTime(mfa.lockedUntil)}.</p>}
        {(!mfa.enrolled || replacing) && status.keychain.available ? (
          <MfaEnrollment
            replacing={mfa.enrolled}
            onEnrolled={() => {
              setReplacing(false);
              void load();
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
      {status.keychain.available && <DeviceKeyPanel />}
    </main>
  );
}
