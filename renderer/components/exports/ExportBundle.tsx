import { shellQuote } from '../../../shared/artifacts/artifact.js';
import { PLATFORM_ORG_ID } from '../../../shared/domain/org-id.js';
import { api } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Facts } from '../common/Facts.js';
import { formatTime } from '../common/time.js';
import { useAction } from '../common/use-action.js';

/**
 * "Export signed bundle": the saved connections of one org (or all) signed by this device for the
 * platform. It leaves the laptop, so it asks for step-up as the platform tenant.
 */
export function ExportBundle({ orgIds, disabled, onExported, primary }: { orgIds?: readonly string[]; disabled?: boolean; onExported?: () => void; primary?: boolean }) {
  const { busy, result: exported, error, run } = useAction(async () => {
    const r = await withStepUp(
      PLATFORM_ORG_ID,
      () => api.bundles.export({ orgId: PLATFORM_ORG_ID, ...(orgIds ? { orgIds: [...orgIds] } : {}) }),
      orgIds ? `sign and export ${orgIds.length === 1 ? `${orgIds[0]}'s connections` : `${orgIds.length} organisations' connections`} for the platform` : "sign and export every organisation's connections for the platform",
    );
    if (r.ok) onExported?.();
    return r;
  });
  return (
    <div className="export" data-testid="export-bundle">
      <div className="export__row">
        <div>
          <strong>Signed connection bundle</strong>
          <p className="muted small">
            {orgIds ? 'This organisation’s saved connections' : 'Every saved connection on this device'}, with their audit trail, signed by this device’s key for the platform. Cloudflare tokens go in only encrypted to the platform’s key.
          </p>
        </div>
        <button className={`btn ${primary ? 'btn--primary' : ''}`} type="button" onClick={() => void run()} disabled={busy || disabled} data-testid="export-bundle-button" title={disabled ? 'Save a connection first' : undefined}>
          {busy ? 'Signing…' : 'Export signed bundle'}
        </button>
      </div>
      {error && <ErrorPanel error={error} />}
      {exported && (
        <div className="export__result" role="status" data-testid="export-bundle-result">
          <p>
            ✓ Signed {exported.connections} connection{exported.connections === 1 ? '' : 's'} into <code>{exported.path}</code>
          </p>
          <Facts
            rows={[
              ['Device key', <code key="k">{exported.kid}</code>],
              ['For', <code key="a">{exported.audience}</code>],
              ['Valid until', formatTime(exported.expiresAt)],
              ['Audit rows', String(exported.auditRows)],
              ['Encrypted tokens', String(exported.secretsIncluded)],
              ['Bundle id', <code key="j">{exported.jti}</code>],
            ]}
          />
          {exported.notes.map((n) => (
            <p key={n} className="field__problem" data-testid="export-bundle-note">
              {n}
            </p>
          ))}
          {exported.path && (
          <CodeBlock
            title="Check it, on any machine"
            subtitle="The platform runs the same check with this device's public key (Settings → Device signing key → Save as a file)."
            content={`alphaswarm-onboard bundle verify ${shellQuote(exported.path)} --trust ${shellQuote(`alphaswarm-device-${exported.kid.slice(0, 12)}.jwk.json`)}`}
          />
          )}
        </div>
      )}
    </div>
  );
}
