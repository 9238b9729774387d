import { useState } from 'react';
import { CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { CleanupStep, ConnectionStatus, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { hrefFor } from '../../state/route.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge, type BadgeTone } from '../common/Badge.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { formatTime } from '../common/time.js';
import { HealthProgressBar, type HealthTarget, useHealthRun } from './HealthRun.js';

const STATUS: Readonly<Record<ConnectionStatus, [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  drifted: ['bad', 'Trust drifted'],
  needs_attention: ['warn', 'Needs attention'],
  rotated_key: ['warn', 'External id from a rotated key'],
  expiring: ['warn', 'Token expiring'],
  expired: ['bad', 'Token expired'],
  check_failed: ['bad', 'Last check failed'],
};

/** Statuses the wizard fixes: a rotation (AWS) or a new token (Cloudflare). */
function fixLabel(c: ConnectionSummary): string | null {
  if (c.status === 'rotated_key') return 'Rotate…';
  if (c.cloud === 'cloudflare' && (c.status === 'expired' || c.status === 'expiring' || c.status === 'check_failed')) return 'Paste new token…';
  return null;
}

interface Disconnected {
  readonly removed: ConnectionSummary;
  readonly cleanup: readonly CleanupStep[];
  readonly cleanupReason: string;
  readonly cleanupId: string;
}

interface Props {
  readonly connections: readonly ConnectionSummary[];
  readonly onChanged: () => void;
  /** Whose connections these are; undefined for the view across every org. */
  readonly orgId?: string;
  /** Open the wizard on this cloud to fix a connection. */
  readonly onFix?: (cloud: CloudKind) => void;
}

/** A list of saved connections, with re-checks, fixes, disconnect and its vendor-side checklist. */
export function ConnectionList({ connections, onChanged, orgId, onFix }: Props) {
  const [error, setError] = useState<ErrorData | null>(null);
  const [confirming, setConfirming] = useState<ConnectionSummary | null>(null);
  const [disconnected, setDisconnected] = useState<Disconnected | null>(null);
  const [verification, setVerification] = useState<{ verified: boolean; detail: string } | null>(null);
  const health = useHealthRun(onChanged);
  const allOrgs = orgId === undefined;
  const runAll: HealthTarget = allOrgs ? { scope: 'all' } : { scope: 'org', orgId };

  const disconnect = async (c: ConnectionSummary) => {
    setError(null);
    setVerification(null);
    const r = await withStepUp(c.orgId, () => api.cloud.disconnect({ cloud: c.cloud, orgId: c.orgId }));
    setConfirming(null);
    if (r.ok) {
      setDisconnected(r.value);
      onChanged();
    } else setError(r.error);
  };

  const verifyCleanup = async (d: Disconnected) => {
    setError(null);
    const r = await withStepUp(d.removed.orgId, () => api.cloud.verifyCleanup({ orgId: d.removed.orgId, cleanupId: d.cleanupId }));
    if (r.ok) setVerification(r.value);
    else setError(r.error);
  };

  return (
    <div className="stack">
      {connections.length > 0 && (
        <div className="row">
          <button type="button" className="btn btn--small" disabled={health.running} onClick={() => void health.start(runAll)} data-testid="recheck-all">
            Re-check all
          </button>
          <span className="muted small">Read-only: re-runs identity and permission checks with what is saved.</span>
        </div>
      )}
      <HealthProgressBar progress={health.progress} error={health.error} onCancel={health.cancel} />
      {connections.length === 0 ? (
        <p className="empty" data-testid="no-connections">
          No cloud accounts connected yet.
        </p>
      ) : (
        <table className="table" data-testid="connection-list">
          <thead>
            <tr>
              {allOrgs && <th>Organisation</th>}
              <th>Cloud</th>
              <th>Account</th>
              <th>Status</th>
              <th>Rotation</th>
              <th>Last validated</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => {
              const [tone, label] = STATUS[c.status];
              const fix = onFix ? fixLabel(c) : null;
              return (
                <tr key={c.credentialKey} data-testid={`connection-${allOrgs ? `${c.orgId}-` : ''}${c.cloud}`} data-status={c.status}>
                  {allOrgs && (
                    <td>
                      <a href={hrefFor({ name: 'integrations', orgId: c.orgId })}>{c.orgId}</a>
                    </td>
                  )}
                  <td>
                    <strong>{CLOUD_LABELS[c.cloud]}</strong>
                  </td>
                  <td>
                    <code>{c.identifier}</code>
                    <div className="muted small">{c.label}</div>
                  </td>
                  <td>
                    <Badge tone={tone}>{label}</Badge>
                    {c.statusReason && <div className="muted small">{c.statusReason}</div>}
                    {c.expiresOn && <div className="muted small">Expires {formatTime(c.expiresOn)}</div>}
                  </td>
                  <td className="small">{c.rotation}</td>
                  <td>
                    {formatTime(c.lastValidatedAt)}
                    <div className="muted small">connected {formatTime(c.connectedAt)}</div>
                  </td>
                  <td className="actions">
                    {confirming?.credentialKey === c.credentialKey ? (
                      <span className="row">
                        <button className="btn btn--danger btn--small" type="button" onClick={() => void disconnect(c)} data-testid="confirm-disconnect">
                          Disconnect
                        </button>
                        <button className="btn btn--small" type="button" onClick={() => setConfirming(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <span className="row">
                        {fix && (
                          <button className="btn btn--small btn--primary" type="button" onClick={() => onFix?.(c.cloud)} data-testid={`fix-${c.cloud}`}>
                            {fix}
                          </button>
                        )}
                        <button
                          className="btn btn--small"
                          type="button"
                          disabled={health.running}
                          onClick={() => void health.start({ scope: 'connection', orgId: c.orgId, cloud: c.cloud })}
                          data-testid={`recheck-${c.cloud}`}
                        >
                          Re-check
                        </button>
                        <button className="btn btn--small btn--ghost" type="button" onClick={() => setConfirming(c)} data-testid={`disconnect-${c.cloud}`}>
                          Disconnect…
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {error && <ErrorPanel error={error} />}
      {disconnected && (
        <div className="cleanup" data-testid="cleanup-checklist">
          <h3>
            Removed {CLOUD_LABELS[disconnected.removed.cloud]} <code>{disconnected.removed.identifier}</code> from this device
          </h3>
          <p>
            <strong>Vendor-side cleanup is still to do.</strong> {disconnected.cleanupReason}
          </p>
          {disconnected.cleanup.map((s) => (
            <CodeBlock key={s.title} title={s.title} content={s.content} />
          ))}
          {verification && (
            <div className={verification.verified ? 'success-panel' : 'error-panel error-panel--mild'} data-testid="cleanup-verification" data-verified={verification.verified}>
              <Badge tone={verification.verified ? 'ok' : 'warn'}>{verification.verified ? 'Cleanup verified' : 'Not cleaned up yet'}</Badge> {verification.detail}
            </div>
          )}
          <div className="row">
            <button className="btn btn--primary" type="button" onClick={() => void verifyCleanup(disconnected)} data-testid="verify-cleanup">
              Verify cleanup
            </button>
            <button className="btn" type="button" onClick={() => setDisconnected(null)}>
              Dismiss
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
