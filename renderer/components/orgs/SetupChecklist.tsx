import { useEffect, useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { MfaStatus } from '../../../shared/ipc/mfa.js';
import type { SettingsStatus } from '../../../shared/ipc/settings.js';
import { api, safeCall } from '../../api.js';
import { hrefFor } from '../../state/route.js';
import { formatTime } from '../common/time.js';

interface Item {
  readonly id: string;
  readonly done: boolean;
  readonly title: string;
  readonly detail: string;
  readonly href: string;
  readonly action: string;
}

/**
 * First run, and whenever something is missing: what this laptop needs before a customer call —
 * the platform profile (or the settings it carries), MFA enrolled away from a shared screen, and
 * which clouds are ready. Hidden once everything is done.
 */
export function SetupChecklist() {
  const [settings, setSettings] = useState<SettingsStatus | null>(null);
  const [mfa, setMfa] = useState<MfaStatus | null>(null);
  useEffect(() => {
    void safeCall(() => api.settings.status({})).then((r) => r.ok && setSettings(r.value));
    void safeCall(() => api.mfa.status({})).then((r) => r.ok && setMfa(r.value));
  }, []);
  if (!settings || !mfa) return null;

  const ready = settings.clouds.filter((c) => c.ready);
  const profileOk = settings.profile.state === 'active';
  const items: Item[] = [
    {
      id: 'profile',
      done: profileOk || ready.length === settings.clouds.length,
      title: profileOk ? `Platform profile imported${settings.profile.engineer ? ` for ${settings.profile.engineer.name}` : ''}` : 'Import your platform profile',
      detail: profileOk
        ? `Valid until ${formatTime(settings.profile.expiresAt)}.`
        : 'The signed file from AlphaSwarm carries the account ids, endpoints and external ids for your organisations — no master key on this laptop. Without one, fill in the settings by hand.',
      href: hrefFor({ name: 'settings', section: 'profile' }),
      action: profileOk ? 'Review' : 'Import profile',
    },
    {
      id: 'mfa',
      done: mfa.enrolled,
      title: mfa.enrolled ? 'Step-up MFA enrolled' : 'Enrol your authenticator before the call',
      detail: mfa.enrolled
        ? 'Every call to a customer cloud asks for a code from it.'
        : 'Enrolment shows a QR code and a seed: do it now, not on a shared screen in front of a customer.',
      href: hrefFor({ name: 'settings', section: 'mfa' }),
      action: 'Enrol now',
    },
    {
      id: 'clouds',
      done: ready.length === settings.clouds.length,
      title: `${ready.length} of ${settings.clouds.length} clouds ready`,
      detail:
        ready.length === settings.clouds.length
          ? 'Every cloud can be connected.'
          : `Not yet: ${settings.clouds
              .filter((c) => !c.ready)
              .map((c) => CLOUD_LABELS[c.cloud])
              .join(', ')}. Each says what it is missing in Settings.`,
      href: hrefFor({ name: 'settings', section: settings.clouds.find((c) => !c.ready)?.cloud ?? 'aws' }),
      action: 'Open Settings',
    },
  ];
  if (items.every((i) => i.done)) return null;
  return (
    <section className="card checklist" aria-labelledby="checklist-title" data-testid="setup-checklist">
      <h2 id="checklist-title">Before your first customer call</h2>
      <ol className="checklist__items">
        {items.map((i) => (
          <li key={i.id} className={`checklist__item ${i.done ? 'checklist__item--done' : ''}`} data-testid={`checklist-${i.id}`} data-done={i.done}>
            <span className="checklist__mark" aria-hidden="true">
              {i.done ? '✓' : '•'}
            </span>
            <div>
              <strong>{i.title}</strong>
              <span className="visually-hidden">{i.done ? ' (done)' : ' (to do)'}</span>
              <div className="muted small">{i.detail}</div>
            </div>
            {!i.done && (
              <a className="btn btn--small" href={i.href}>
                {i.action}
              </a>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
