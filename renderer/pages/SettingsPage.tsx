import { useEffect } from 'react';
import { ErrorPanel } from '../components/common/ErrorPanel.js';
import { Spinner } from '../components/common/Spinner.js';
import { DeviceKeyPanel } from '../components/exports/DeviceKeyPanel.js';
import { AppearanceSetting } from '../components/settings/AppearanceSetting.js';
import { CloudSettings } from '../components/settings/CloudSettings.js';
import { MfaSettings } from '../components/settings/MfaSettings.js';
import { PlatformAccounts } from '../components/settings/PlatformAccounts.js';
import { PlatformPanel } from '../components/settings/PlatformPanel.js';
import { ProfilePanel } from '../components/settings/ProfilePanel.js';
import { SettingField } from '../components/settings/SettingField.js';
import { UpdateStatusPanel } from '../components/settings/UpdateStatusPanel.js';
import { useSettingsStatus } from '../components/settings/use-settings-status.js';
import { VaultPanel } from '../components/settings/VaultPanel.js';
import { usePresenting } from '../state/presenting.js';
import type { SettingsSection } from '../state/route.js';

/**
 * `#/settings`: everything this laptop is configured with, edited in place — the platform profile,
 * each cloud's identities (environment and profile values locked, each with its source), step-up
 * MFA, appearance, the device key, the local vault, and AlphaSwarm's own (platform) accounts.
 */
export function SettingsPage({ section }: { section?: SettingsSection | undefined }) {
  const { loaded, error, load } = useSettingsStatus();
  const presenting = usePresenting((s) => s.presenting);
  const reload = () => void load();
  // "Set up" on a cloud card opens Settings at that cloud's fields.
  useEffect(() => {
    if (loaded && section) document.getElementById(`settings-${section}`)?.scrollIntoView({ block: 'start' });
  }, [loaded, section]);

  if (error || !loaded) {
    return (
      <main className="page" id="main" tabIndex={-1}>
        {error ? <ErrorPanel error={error} /> : <Spinner label="Loading settings…" />}
      </main>
    );
  }
  const { status, mfa, platform } = loaded;
  const managed = status.managed.settings.length;

  return (
    <main className="page" id="main" tabIndex={-1}>
      <div className="page__header">
        <div>
          <h1>Settings</h1>
          {/* The folders carry the OS user name: not shown while presenting. */}
          {!presenting && (
            <p className="muted small">
              Data folder <code>{status.dataDir}</code> · settings file <code>{status.settingsFile}</code>
            </p>
          )}
        </div>
      </div>
      {status.managed.origin && !presenting && (
        <p className="banner banner--info" data-testid="managed-origin">
          {managed} setting{managed === 1 ? ' is' : 's are'} set by your organisation ({status.managed.origin}) and locked here.
        </p>
      )}
      {status.settingsFileProblem && <ErrorPanel error={{ code: 'config_invalid', message: status.settingsFileProblem, hint: 'Fix the settings file; until then the entries it names are ignored.' }} />}

      <ProfilePanel profile={status.profile} externalIds={status.externalIds.detail} onImported={reload} />

      <PlatformPanel onChanged={reload} />

      {status.clouds.map((c) => (
        <CloudSettings key={c.cloud} c={c} orgRoleNames={status.orgRoleNames} azureApps={status.azureApps} onChanged={reload} />
      ))}

      <section className="card" id="settings-general" aria-labelledby="h-general" data-testid="general-settings">
        <h2 id="h-general">General</h2>
        <div className="settings-grid">
          {status.general.map((s) => (
            <SettingField key={s.name} s={s} onChanged={reload} />
          ))}
        </div>
        <UpdateStatusPanel />
      </section>

      <MfaSettings mfa={mfa} keychainAvailable={status.keychain.available} onChanged={reload} />

      <section className="card" id="settings-appearance" aria-labelledby="h-appearance">
        <h2 id="h-appearance">Appearance</h2>
        <AppearanceSetting theme={status.theme} />
      </section>

      {status.keychain.available && (
        <div id="settings-device-key">
          <DeviceKeyPanel />
        </div>
      )}

      <VaultPanel keychain={status.keychain} unreadable={status.unreadableSecrets} onDone={reload} />

      {!presenting && <PlatformAccounts connections={platform} onChanged={reload} />}
    </main>
  );
}
