import { useCallback, useEffect, useState } from 'react';
import { CLOUD_LABELS } from '../../shared/domain/cloud.js';
import type { ErrorData } from '../../shared/domain/errors.js';
import { PLATFORM_ORG_ID } from '../../shared/domain/org-id.js';
import type { MfaStatus } from '../../shared/ipc/mfa.js';
import type { SettingsStatus } from '../../shared/ipc/settings.js';
import { api, safeCall } from '../api.js';
import { CloudOnboardingWizard } from '../components/cloud/wizard/CloudOnboardingWizard.js';
import { Badge } from '../components/common/Badge.js';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { ImportSecret } from '../components/common/ImportSecret.js';
import { Spinner } from '../components/common/Spinner.js';
import { formatTime } from '../components/common/time.js';
import { ConnectionTable } from '../components/connections/ConnectionTable.js';
import { DeviceKeyPanel } from '../components/exports/DeviceKeyPanel.js';
import { MfaEnrollment } from '../components/mfa/MfaEnrollment.js';
import { AppearanceSetting } from '../components/settings/AppearanceSetting.js';
import { OrgRoleNames } from '../components/settings/OrgRoleNames.js';
import { ProfileImport } from '../components/settings/ProfileImport.js';
import { ResetVault } from '../components/settings/ResetVault.js';
import { SettingField } from '../components/settings/SettingField.js';
import { UpdateStatusPanel } from '../components/settings/UpdateStatusPanel.js';
import type { SettingsSection } from '../state/route.js';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import { capitalize } from '../../shared/domain/describe.js';

/**
 * `#/settings`: everything this laptop is configured with, edited in place — the platform profile,
 * each cloud's identities (environment and profile values locked, each with its source), step-up
 * MFA, appearance, the device key, the local vault, and AlphaSwarm's own (platform) accounts.
 */
export function SettingsPage({ section }: { section?: SettingsSection | undefined }) {
  const [status, setStatus] = useState<SettingsStatus | null>(null);
  const [mfa, setMfa] = useState<MfaStatus | null>(null);
  const [platform, setPlatform] = useState<ConnectionSummary[] | null>(null);
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
    setPlatform(c.value.connections);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  // "Set up" on a cloud card opens Settings at that cloud's fields.
  useEffect(() => {
    if (status && section) document.getElementById(`settings-${section}`)?.scrollIntoView({ block: 'start' });
  }, [status, section]);

  if (error) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <ErrorPanel error={error} />
      </main>
    );
  }
  if (!status || !mfa || !platform) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        <Spinner label="Loading settings…" />
      </main>
    );
  }

  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Settings</h1>
          <p className="muted small">
            Data folder <code>{status.dataDir}</code> · settings file <code>{status.settingsFile}</code>
          </p>
        </div>
      </div>
      {status.managed.origin && (
        <p className="banner banner--info" data-testid="managed-origin">
          {status.managed.settings.length} setting{status.managed.settings.length === 1 ? ' is' : 's are'} set by your organisation ({status.managed.origin}) and locked here.
        </p>
      )}
      {status.settingsFileProblem && <ErrorPanel error={{ code: 'config_invalid', message: status.settingsFileProblem, hint: 'Fix the settings file; until then the entries it names are ignored.' }} />}

      <section className="card" id="settings-profile" aria-labelledby="h-profile" data-testid="profile-panel">
        <h2 id="h-profile">Platform profile</h2>
        <p className="muted">The platform signs a profile for you: AlphaSwarm's settings and the organisations assigned to you, with their external ids. No master key ever sits on this laptop.</p>
        <ProfileImport profile={status.profile} onImported={() => void load()} />
        <p className="muted small" data-testid="external-id-source">
          External ids: {status.externalIds.detail}
        </p>
      </section>

      {status.clouds.map((c) => (
        <section key={c.cloud} className="card" id={`settings-${c.cloud}`} aria-labelledby={`h-${c.cloud}`} data-testid={`identity-status-${c.cloud}`}>
          <div className="card__header">
            <h2 id={`h-${c.cloud}`}>{CLOUD_LABELS[c.cloud]}</h2>
            {c.ready ? <Badge tone="ok">Ready</Badge> : <Badge tone="warn">Not ready</Badge>}
          </div>
          {!c.ready && (
            <ul className="missing">
              {c.missing.map((m) => (
                <li key={m.name}>
                  Needs {m.purpose}
                  {m.problem ? ` — ${m.problem}` : ''}.
                </li>
              ))}
            </ul>
          )}
          <div className="settings-grid">
            {c.identities
              .filter((s) => !s.secret)
              .map((s) => (
                <SettingField key={s.name} s={s} onChanged={() => void load()} />
              ))}
          </div>
          {c.identities
            .filter((s) => s.secret)
            .map((s) => (
              <div key={s.name} className="setting" data-testid={`setting-${s.name}`}>
                <div className="setting__head">
                  <span className="setting__label">{s.label}</span>
                  <Badge tone={s.source === 'unset' ? 'muted' : 'info'}>{s.source === 'unset' ? 'not set' : 'set · never shown'}</Badge>
                </div>
                <p className="setting__purpose muted small">
                  {capitalize(s.purpose)}. <span className="setting__var">{s.name}</span>
                </p>
                {s.name === 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET' && <ImportSecret name={s.name} onDone={() => void load()} />}
              </div>
            ))}
          {c.cloud === 'aws' && <OrgRoleNames rows={status.orgRoleNames} onChanged={() => void load()} />}
          {c.endpoints.length > 0 && (
            <details>
              <summary>Endpoint overrides (sovereign clouds, proxies)</summary>
              <div className="settings-grid">
                {c.endpoints.map((s) => (
                  <SettingField key={s.name} s={s} onChanged={() => void load()} />
                ))}
              </div>
            </details>
          )}
        </section>
      ))}

      <section className="card" id="settings-general" aria-labelledby="h-general" data-testid="general-settings">
        <h2 id="h-general">General</h2>
        <div className="settings-grid">
          {status.general.map((s) => (
            <SettingField key={s.name} s={s} onChanged={() => void load()} />
          ))}
        </div>
        <UpdateStatusPanel />
      </section>

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

      <section className="card" id="settings-appearance" aria-labelledby="h-appearance">
        <h2 id="h-appearance">Appearance</h2>
        <AppearanceSetting theme={status.theme} />
      </section>

      {status.keychain.available && (
        <div id="settings-device-key">
          <DeviceKeyPanel />
        </div>
      )}

      <section className="card" id="settings-vault" aria-labelledby="h-vault" data-testid="vault-panel">
        <h2 id="h-vault">Local vault</h2>
        <p>
          OS keychain: {status.keychain.available ? <Badge tone="ok">available</Badge> : <Badge tone="bad">unavailable</Badge>} <span className="muted small">{status.keychain.detail}</span>
        </p>
        <ResetVault unreadable={status.unreadableSecrets} onDone={() => void load()} />
      </section>

      <section className="card" id="settings-platform" aria-labelledby="h-platform" data-testid="platform-panel">
        <div className="card__header">
          <div>
            <h2 id="h-platform">AlphaSwarm's own accounts</h2>
            <p className="muted">The platform tenant's cloud connections (guided, federated), for platform operators.</p>
          </div>
          {!wizardOpen && (
            <button className="btn btn--primary" type="button" onClick={() => setWizardOpen(true)} data-testid="open-platform-wizard">
              Connect a platform account
            </button>
          )}
        </div>
        <ConnectionTable connections={platform} onChanged={() => void load()} orgId={PLATFORM_ORG_ID} caption="AlphaSwarm's own connections" />
      </section>
      {wizardOpen && <CloudOnboardingWizard orgId={PLATFORM_ORG_ID} connections={platform} onSaved={() => void load()} onClose={() => setWizardOpen(false)} />}
    </main>
  );
}
