import { AUTH_METHODS, CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { SettingsStatus } from '../../../../shared/ipc/settings.js';
import { Badge } from '../../common/Badge.js';
import { CLOUD_UIS } from '../clouds/index.js';

/** Step 1: the clouds this build carries, each with whether its identities are configured. */
export function ChooseCloud({ status, selected, onChoose }: { status: SettingsStatus; selected: CloudKind | null; onChoose: (c: CloudKind) => void }) {
  return (
    <div className="cloud-cards" role="radiogroup" aria-label="Cloud">
      {status.clouds
        .filter((c) => CLOUD_UIS[c.cloud])
        .map((c) => {
          const missing = c.identities.filter((i) => (i.required && i.source === 'unset') || i.problem);
          return (
            <button
              key={c.cloud}
              type="button"
              role="radio"
              aria-checked={selected === c.cloud}
              className={`cloud-card ${selected === c.cloud ? 'cloud-card--selected' : ''}`}
              disabled={!c.ready}
              onClick={() => onChoose(c.cloud)}
              data-testid={`choose-${c.cloud}`}
            >
              <span className={`cloud-card__logo cloud-card__logo--${c.cloud}`} aria-hidden="true">
                {CLOUD_LABELS[c.cloud].slice(0, 3)}
              </span>
              <span className="cloud-card__name">{CLOUD_LABELS[c.cloud]}</span>
              <span className="cloud-card__method">{AUTH_METHODS[c.cloud]}</span>
              {c.ready ? (
                <Badge tone="ok">Ready</Badge>
              ) : (
                <span className="cloud-card__missing">
                  <Badge tone="warn">Not configured</Badge>
                  {missing.map((m) => (
                    <span key={m.name} className="cloud-card__var">
                      {m.problem ?? `${m.name} is not set`}
                    </span>
                  ))}
                </span>
              )}
            </button>
          );
        })}
    </div>
  );
}
