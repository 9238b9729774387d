import { useState } from 'react';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { CleanupStep, ConnectionStatus, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { withStepUp } from '../../state/step-up.js';
import { Badge, type BadgeTone } from '../common/Badge.js';
import { CodeBlock } from '../common/CodeBlock.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { formatTime } from '../common/time.js';
import { HealthProgressBar, useHealthRun } from './HealthRun.js';

const STATUS: Readonly<Record<ConnectionStatus, [BadgeTone, string]>> = {
  connected: ['ok', 'Connected'],
  needs_attention: ['warn', 'Needs attention'],
  rotated_key: ['warn', 'External id from a rotated key'],
  expiring: ['warn', 'Token expiring'],
  expired: ['bad', 'Token expired'],
  check_failed: ['bad', 'Last check failed'],
};

interface Disconnected {
  readonly removed: ConnectionSummary;
  readonly cleanup: readonly CleanupStep[];
  readonly cleanupReason: string;
}

/** The "Cloud accounts" list of one org, with disconnect and its vendor-side checklist. */
export function ConnectionList({ connections, onChanged, orgId }: { connections: readonly ConnectionSummary[]; onChanged: () => void; orgId: string }) {
  const [error, setError] = useState<ErrorData | null>(null);
  const health = useHealthRun(onChanged);
  const [confirming, setConfirming] = useState<ConnectionSummary | null>(null);
  const [disconnected, setDisconnected] = useState<Disconnected | null>(null);

  const disconnect = async (c: ConnectionSummary) => {
    setError(null);
    const r = await withStepUp(c.orgId, () => api.cloud.disconnect({ cloud: c.cloud, orgId: c.orgId }));
    setConfirming(null);
    if (r.ok) {
      setDisconnected(r.value);
      onChanged();
    } else setError(r.error);
  };

  return (
    <div className="stack">
      {connections.length > 0 && (
        <div className="row">
          <button type="button" className="btn btn--small" disabled={health.running} onClick={() => void health.start({ scope: 'org', orgId })} data-testid="recheck-all">
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
              <th>Cloud</th>
              <th>Account</th>
              <th>Status</th>
              <th>Connected</th>
              <th>Last validated</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => {
              const [tone, label] = STATUS[c.status];
              return (
                <tr key={c.credentialKey} data-testid={`connection-${c.cloud}`}>
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
                  <td>{formatTime(c.connectedAt)}</td>
                  <td>{formatTime(c.lastValidatedAt)}</td>
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
                        <button className="btn btn--small" type="button" disabled={health.running} onClick={() => void health.start({ scope: 'connection', orgId: c.orgId, cloud: c.cloud })} data-testid={`recheck-${c.cloud}`}>
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
          <button className="btn" type="button" onClick={() => setDisconnected(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
