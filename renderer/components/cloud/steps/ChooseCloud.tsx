import { useId } from 'react';
import { AUTH_METHODS, CLOUD_KINDS, CLOUD_LABELS, type CloudKind } from '../../../../shared/domain/cloud.js';
import type { SettingsStatus } from '../../../../shared/ipc/settings.js';
import { hrefFor } from '../../../state/route.js';
import { Badge } from '../../common/Badge.js';

interface Props {
  readonly status: SettingsStatus;
  readonly selected: CloudKind | null;
  /** How many connections the org already has per cloud, and which clouds have a draft. */
  readonly connected: Readonly<Partial<Record<CloudKind, number>>>;
  readonly drafts: ReadonlySet<CloudKind>;
  onSelect(cloud: CloudKind): void;
  /** Straight on to step 2 (a click on a ready card). */
  onOpen?(cloud: CloudKind): void;
}

/**
 * Step 1: the clouds as a native radio group (arrow keys move between them). A cloud that is not
 * configured stays reachable, so its card can be read; it says what is missing and links to Settings.
 */
export function ChooseCloud({ status, selected, connected, drafts, onSelect, onOpen }: Props) {
  const name = useId();
  const byCloud = new Map(status.clouds.map((c) => [c.cloud, c]));
  return (
    <fieldset className="cloud-cards" data-testid="choose-cloud">
      <legend className="visually-hidden">Cloud</legend>
      {CLOUD_KINDS.map((cloud) => {
        const c = byCloud.get(cloud);
        if (!c) return null;
        const count = connected[cloud] ?? 0;
        const describedBy = `${name}-${cloud}-state`;
        return (
          <label
            key={cloud}
            className={`cloud-card ${selected === cloud ? 'cloud-card--selected' : ''} ${c.ready ? '' : 'cloud-card--unready'}`}
            // A pointer click on a ready card is the choice: on to step 2. Arrow keys only select (detail 0), so a keyboard can browse.
            onClick={(e) => e.detail > 0 && !(e.target instanceof HTMLInputElement) && c.ready && onOpen?.(cloud)}
            data-testid={`choose-${cloud}`}
          >
            <input type="radio" name={name} value={cloud} checked={selected === cloud} onChange={() => onSelect(cloud)} aria-describedby={describedBy} className="cloud-card__radio" />
            <span className={`cloud-card__logo cloud-card__logo--${cloud}`} aria-hidden="true">
              {CLOUD_LABELS[cloud].slice(0, 3)}
            </span>
            <span className="cloud-card__name">{CLOUD_LABELS[cloud]}</span>
            <span className="cloud-card__method">{AUTH_METHODS[cloud]}</span>
            <span id={describedBy} className="cloud-card__state">
              {c.ready ? <Badge tone="ok">Ready</Badge> : <Badge tone="warn">Not configured</Badge>}
              {count > 0 && (
                <span className="cloud-card__note" data-testid={`connected-${cloud}`}>
                  {count} already connected for this org
                </span>
              )}
              {drafts.has(cloud) && <span className="cloud-card__note">A draft is waiting</span>}
              {!c.ready &&
                c.missing.map((m) => (
                  <span key={m.name} className="cloud-card__var">
                    {m.problem ?? `Missing: ${m.purpose}`}
                  </span>
                ))}
            </span>
            {!c.ready && (
              <a className="cloud-card__fix" href={hrefFor({ name: 'settings', section: cloud })}>
                Set up {CLOUD_LABELS[cloud]} in Settings
              </a>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}
