import { CLOUD_KINDS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { needsAttention } from './status.js';

export type Sort = 'org' | 'attention' | 'validated';
/** `unsent` is the delivery state not_sent; the others are delivery states by name. */
export const STATUS_FILTERS = ['attention', 'unsent', 'queued', 'delivered', 'refused'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface ConnectionView {
  readonly org: string;
  readonly cloud: CloudKind | '';
  readonly status: StatusFilter | '';
  readonly sort: Sort;
}

const byOrgCloud = (a: ConnectionSummary, b: ConnectionSummary) =>
  a.orgId.localeCompare(b.orgId) || CLOUD_KINDS.indexOf(a.cloud) - CLOUD_KINDS.indexOf(b.cloud) || Number(b.primary) - Number(a.primary) || a.identifier.localeCompare(b.identifier);

/** The connections the filters let through, in the chosen order (org, cloud, primary first by default). */
export function arrange(connections: readonly ConnectionSummary[], view: ConnectionView): ConnectionSummary[] {
  const org = view.org.trim().toLowerCase();
  const shown = connections.filter(
    (c) => (!org || c.orgId.includes(org)) && (!view.cloud || c.cloud === view.cloud) && (view.status === '' || (view.status === 'attention' ? needsAttention(c) : c.delivery.state === (view.status === 'unsent' ? 'not_sent' : view.status))),
  );
  if (view.sort === 'attention') return shown.sort((a, b) => Number(needsAttention(b)) - Number(needsAttention(a)) || byOrgCloud(a, b));
  if (view.sort === 'validated') return shown.sort((a, b) => (a.lastValidatedAt ?? '').localeCompare(b.lastValidatedAt ?? '') || byOrgCloud(a, b));
  return shown.sort(byOrgCloud);
}

/** How many connections each org has per cloud ("org|cloud" → n): a group's header, and whether "Primary" means anything. */
export function countsByOrgCloud(connections: readonly ConnectionSummary[]): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const c of connections) counts.set(`${c.orgId}|${c.cloud}`, (counts.get(`${c.orgId}|${c.cloud}`) ?? 0) + 1);
  return counts;
}
