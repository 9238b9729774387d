import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { capitalize } from '../../../shared/domain/describe.js';
import type { SettingsStatus } from '../../../shared/ipc/settings.js';
import { Badge } from '../common/Badge.js';
import { ImportSecret } from '../common/ImportSecret.js';
import { OrgRoleNames } from './OrgRoleNames.js';
import { AzureApps } from './AzureApps.js';
import { SettingField } from './SettingField.js';
import { SettingVar } from './SettingVar.js';

type CloudStatus = SettingsStatus['clouds'][number];
type Setting = CloudStatus['identities'][number];

/** A secret setting: whether it is set, never its value; the AWS external-id secret can be imported. */
function SecretSetting({ s, onChanged }: { s: Setting; onChanged: () => void }) {
  return (
    <div className="setting" data-testid={`setting-${s.name}`}>
      <div className="setting__head">
        <span className="setting__label">{s.label}</span>
        <Badge tone={s.source === 'unset' ? 'muted' : 'info'}>{s.source === 'unset' ? 'not set' : 'set · never shown'}</Badge>
      </div>
      <p className="setting__purpose muted small">
        {capitalize(s.purpose)}. <SettingVar name={s.name} />
      </p>
      {s.name === 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET' && <ImportSecret name={s.name} onDone={onChanged} />}
    </div>
  );
}

/** One cloud's identities: ready or what is missing, each setting with its source, endpoint overrides. */
export function CloudSettings({ c, orgRoleNames, azureApps, onChanged }: { c: CloudStatus; orgRoleNames: SettingsStatus['orgRoleNames']; azureApps: SettingsStatus['azureApps']; onChanged: () => void }) {
  return (
    <section className="card" id={`settings-${c.cloud}`} aria-labelledby={`h-${c.cloud}`} data-testid={`identity-status-${c.cloud}`}>
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
            <SettingField key={s.name} s={s} onChanged={onChanged} />
          ))}
      </div>
      {c.identities
        .filter((s) => s.secret)
        .map((s) => (
          <SecretSetting key={s.name} s={s} onChanged={onChanged} />
        ))}
      {c.cloud === 'aws' && <OrgRoleNames rows={orgRoleNames} onChanged={onChanged} />}
      {c.cloud === 'azure' && <AzureApps rows={azureApps} />}
      {c.endpoints.length > 0 && (
        <details>
          <summary>Endpoint overrides (sovereign clouds, proxies)</summary>
          <div className="settings-grid">
            {c.endpoints.map((s) => (
              <SettingField key={s.name} s={s} onChanged={onChanged} />
            ))}
          </div>
        </details>
      )}
    </section>
  );
}
