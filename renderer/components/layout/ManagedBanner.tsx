import { useAttention } from '../../state/attention.js';
import { hrefFor } from '../../state/route.js';

/**
 * When the organisation's managed configuration could not be applied in full (a malformed file, a
 * secret in it, an unknown name), every screen says so: a setting the IT department meant to lock
 * may be taking another value, and nobody should find that out by accident.
 */
export function ManagedBanner() {
  const managed = useAttention((s) => s.managed);
  if (!managed) return null;
  return (
    <div className="banner banner--warn" role="alert" data-testid="managed-banner">
      <strong>Your organisation&apos;s configuration could not be fully applied.</strong>
      <ul className="managed-problems">
        {managed.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <a href={hrefFor({ name: 'settings', section: 'general' })}>See the settings it affects</a>
    </div>
  );
}
