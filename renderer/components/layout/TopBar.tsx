import { useAttention } from '../../state/attention.js';
import { type Route, hrefFor, useRoute } from '../../state/route.js';
import { PresentingBadge } from '../presenting/PresentingBadge.js';

const LINKS: readonly [Route['name'], string, Route][] = [
  ['orgs', 'Organisations', { name: 'orgs' }],
  ['connections', 'Connections', { name: 'connections' }],
  ['audit', 'Audit log', { name: 'audit' }],
  ['settings', 'Settings', { name: 'settings' }],
];

export function TopBar() {
  const route = useRoute((s) => s.route);
  const { connections, cleanups } = useAttention();
  const active = route.name === 'integrations' ? 'orgs' : route.name;
  return (
    <header className="topbar">
      <a className="topbar__brand" href="#/">
        <span className="topbar__logo" aria-hidden="true">
          ◆
        </span>
        AlphaSwarm <span className="topbar__product">Cloud Onboarding</span>
      </a>
      <nav className="topbar__nav" aria-label="Main">
        {LINKS.map(([name, label, target]) => (
          <a key={name} href={hrefFor(target)} className={active === name ? 'active' : undefined} aria-current={active === name ? 'page' : undefined}>
            {label}
            {name === 'connections' && connections + cleanups > 0 && (
              <span className="topbar__count" data-testid="attention-count" title={`${connections} need attention, ${cleanups} cleanup${cleanups === 1 ? '' : 's'} to verify`}>
                {connections + cleanups}
                <span className="visually-hidden"> need attention</span>
              </span>
            )}
          </a>
        ))}
      </nav>
      <PresentingBadge />
    </header>
  );
}
