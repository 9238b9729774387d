import { useMemo, useState } from 'react';
import { CLOUD_KINDS, CLOUD_LABELS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { api } from '../../api.js';
import { announce } from '../../state/announce.js';
import { hrefFor } from '../../state/route.js';
import { withStepUp } from '../../state/step-up.js';
import { AnyOfSelect } from '../common/AnyOfSelect.js';
import { Badge } from '../common/Badge.js';
import { ErrorPanel } from '../common/ErrorPanel.js';
import { Pager } from '../common/Pager.js';
import { formatTime } from '../common/time.js';
import { DisconnectFlow } from './DisconnectFlow.js';
import { HealthProgressBar, type HealthTarget, useHealthRun } from './HealthRun.js';
import { STATUS, fixLabel, needsAttention } from './status.js';

const PAGE_SIZE = 50;

type Sort = 'org' | 'attention' | 'validated';
const STATUS_FILTERS = ['attention', 'unsent'] as const;
const STATUS_FILTER_LABELS: Record<(typeof STATUS_FILTERS)[number], string> = { attention: 'needs attention', unsent: 'not yet sent to the platform' };

interface Props {
  readonly connections: readonly ConnectionSummary[];
  readonly onChanged: () => void;
  /** Whose connections these are; undefined for the view across every org (grouped by org). */
  readonly orgId?: string;
  /** Open the wizard on this cloud to fix a connection. */
  readonly onFix?: (c: ConnectionSummary) => void;
  readonly caption: string;
  /** Filters, sorting and paging: for the list across every org. */
  readonly controls?: boolean;
}

/**
 * Saved connections grouped by org, then cloud, the primary first; every action a row's status
 * asks for is on that row. Filters, sorting and pages keep hundreds of rows usable.
 */
export function ConnectionTable({ connections, onChanged, orgId, onFix, caption, controls }: Props) {
  const [error, setError] = useState<ErrorData | null>(null);
  const [disconnecting, setDisconnecting] = useState<ConnectionSummary | null>(null);
  const [orgFilter, setOrgFilter] = useState('');
  const [cloudFilter, setCloudFilter] = useState<CloudKind | ''>('');
  const [statusFilter, setStatusFilter] = useState<(typeof STATUS_FILTERS)[number] | ''>('');
  const [sort, setSort] = useState<Sort>('org');
  const [page, setPage] = useState(0);
  const health = useHealthRun(onChanged);
  const allOrgs = orgId === undefined;
  const runAll: HealthTarget = allOrgs ? { scope: 'all' } : { scope: 'org', orgId };

  const shown = useMemo(() => {
    const filtered = connections.filter(
      (c) =>
        (!orgFilter || c.orgId.includes(orgFilter.trim().toLowerCase())) &&
        (!cloudFilter || c.cloud === cloudFilter) &&
        (statusFilter === '' || (statusFilter === 'attention' ? needsAttention(c) : !c.sentToPlatform)),
    );
    const byOrgCloud = (a: ConnectionSummary, b: ConnectionSummary) =>
      a.orgId.localeCompare(b.orgId) || CLOUD_KINDS.indexOf(a.cloud) - CLOUD_KINDS.indexOf(b.cloud) || Number(b.primary) - Number(a.primary) || a.identifier.localeCompare(b.identifier);
    const sorted = [...filtered];
    if (sort === 'attention') sorted.sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || byOrgCloud(a, b));
    else if (sort === 'validated') sorted.sort((a, b) => (a.lastValidatedAt ?? '').localeCompare(b.lastValidatedAt ?? '') || byOrgCloud(a, b));
    else sorted.sort(byOrgCloud);
    return sorted;
  }, [connections, orgFilter, cloudFilter, statusFilter, sort]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const attention = connections.filter(needsAttention).length;

  const makePrimary = async (c: ConnectionSummary) => {
    setError(null);
    const r = await withStepUp(c.orgId, () => api.cloud.setPrimary({ cloud: c.cloud, orgId: c.orgId, account: c.identifier }), `Make ${c.identifier} ${c.orgId}'s primary ${CLOUD_LABELS[c.cloud]} connection`);
    if (!r.ok) return setError(r.error);
    announce(`${c.identifier} is now the primary ${CLOUD_LABELS[c.cloud]} connection.`);
    onChanged();
  };

  const counts = useMemo(() => {
    const perOrgCloud = new Map<string, number>();
    for (const c of connections) perOrgCloud.set(`${c.orgId}|${c.cloud}`, (perOrgCloud.get(`${c.orgId}|${c.cloud}`) ?? 0) + 1);
    return perOrgCloud;
  }, [connections]);

  let lastGroup = '';
  return (
    <div className="stack">
      {connections.length > 0 && (
        <div className="row">
          <button type="button" className="btn btn--small" disabled={health.running} onClick={() => void health.start(runAll)} data-testid="recheck-all">
            Re-check all
          </button>
          <span className="muted small" data-testid="connection-counts">
            {connections.length} connection{connections.length === 1 ? '' : 's'}, {attention} need{attention === 1 ? 's' : ''} attention
          </span>
        </div>
      )}
      <HealthProgressBar progress={health.progress} error={health.error} onCancel={health.cancel} />
      {controls && connections.length > 0 && (
        <div className="filters" data-testid="connection-filters">
          <label>
            Organisation
            <input value={orgFilter} onChange={(e) => (setOrgFilter(e.target.value), setPage(0))} placeholder="any" data-testid="filter-org" />
          </label>
          <AnyOfSelect label="Cloud" values={CLOUD_KINDS} labels={CLOUD_LABELS} value={cloudFilter} onChange={(v) => (setCloudFilter(v), setPage(0))} testId="filter-cloud" />
          <AnyOfSelect label="Status" values={STATUS_FILTERS} labels={STATUS_FILTER_LABELS} value={statusFilter} onChange={(v) => (setStatusFilter(v), setPage(0))} testId="filter-status" />
          <label>
            Sort
            <select value={sort} onChange={(e) => setSort(e.target.value as Sort)} data-testid="sort">
              <option value="org">organisation, cloud</option>
              <option value="attention">needs attention first</option>
              <option value="validated">least recently checked first</option>
            </select>
          </label>
        </div>
      )}
      {connections.length === 0 ? (
        <p className="empty" data-testid="no-connections">
          No cloud accounts connected yet.
        </p>
      ) : shown.length === 0 ? (
        <p className="empty">Nothing matches these filters.</p>
      ) : (
        <table className="table connections" data-testid="connection-list">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Status</th>
              <th scope="col">Platform</th>
              <th scope="col">Checked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const [tone, label] = STATUS[c.status];
              const fix = onFix ? fixLabel(c) : null;
              const group = `${c.orgId}|${c.cloud}`;
              const header = sort === 'org' && group !== lastGroup;
              lastGroup = group;
              const several = (counts.get(group) ?? 0) > 1;
              return [
                header && (
                  <tr key={`h-${group}`} className="connections__group">
                    <th scope="rowgroup" colSpan={5}>
                      {allOrgs && (
                        <>
                          <a href={hrefFor({ name: 'integrations', orgId: c.orgId })}>{c.orgId}</a> ·{' '}
                        </>
                      )}
                      {CLOUD_LABELS[c.cloud]} <span className="muted">({counts.get(group)})</span>
                    </th>
                  </tr>
                ),
                <tr key={c.credentialKey} data-testid={`connection-${allOrgs ? `${c.orgId}-` : ''}${c.cloud}-${c.identifier}`} data-status={c.status}>
                  <td className="connections__account">
                    <code>{c.identifier}</code> {c.primary && several && <Badge tone="info">Primary</Badge>}
                    <div className="muted small connections__label" title={c.credentialKey}>
                      {sort !== 'org' && `${allOrgs ? `${c.orgId} · ` : ''}${CLOUD_LABELS[c.cloud]} · `}
                      {c.label}
                    </div>
                  </td>
                  <td>
                    <Badge tone={tone}>{label}</Badge>
                    {c.statusReason && <div className="muted small">{c.statusReason}</div>}
                    {c.expiresOn && <div className="muted small">Expires {formatTime(c.expiresOn)}</div>}
                  </td>
                  <td>
                    {c.sentToPlatform ? (
                      <span className="small" title={`Bundle ${c.exportJti ?? ''}`} data-testid="sent-badge">
                        Sent {formatTime(c.exportedAt)}
                      </span>
                    ) : (
                      <Badge tone="warn" testId="unsent-badge">
                        Not yet sent
                      </Badge>
                    )}
                  </td>
                  <td className="small">{formatTime(c.lastValidatedAt)}</td>
                  <td>
                    <div className="actions">
                    {fix && (
                      <button className="btn btn--small btn--primary" type="button" onClick={() => onFix?.(c)} data-testid={`fix-${c.cloud}-${c.identifier}`}>
                        {fix}
                      </button>
                    )}
                    <button
                      className="btn btn--small"
                      type="button"
                      disabled={health.running}
                      onClick={() => void health.start({ scope: 'connection', orgId: c.orgId, cloud: c.cloud, account: c.identifier })}
                      data-testid={`recheck-${c.cloud}-${c.identifier}`}
                    >
                      Re-check
                    </button>
                    {!c.primary && (
                      <button className="btn btn--small btn--ghost" type="button" onClick={() => void makePrimary(c)} data-testid={`primary-${c.cloud}-${c.identifier}`}>
                        Make primary
                      </button>
                    )}
                    <button className="btn btn--small btn--ghost" type="button" onClick={() => setDisconnecting(c)} data-testid={`disconnect-${c.cloud}-${c.identifier}`}>
                      Disconnect…
                    </button>
                    </div>
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      )}
      <Pager page={current} pages={pages} total={shown.length} onPage={setPage} label="Connections" />
      {error && <ErrorPanel error={error} />}
      <DisconnectFlow
        connection={disconnecting}
        onCancel={() => setDisconnecting(null)}
        onDone={(e) => {
          setDisconnecting(null);
          setError(e);
          onChanged();
        }}
      />
    </div>
  );
}
