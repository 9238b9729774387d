import { useMemo, useState } from 'react';
import type { z } from 'zod';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import { classifyEstate, countsByNode } from '../../../../shared/domain/estate.js';
import type { BatchProgress } from '../../../../shared/ipc/batch.js';
import type { estateScanOutput } from '../../../../shared/ipc/estate.js';
import type { EstateSelection } from '../../../../shared/ipc/estate-schemas.js';
import { api, safeCall } from '../../../api.js';
import { announce } from '../../../state/announce.js';
import { refreshAttention } from '../../../state/attention.js';
import { withStepUp } from '../../../state/step-up.js';
import { useRunPoller } from '../../common/use-run-poller.js';
import { plural } from './selection.js';

export type EstateScan = z.output<typeof estateScanOutput>;
export type EstateCloud = 'aws' | 'azure' | 'gcp';

/** How each cloud's estate is spoken of in the window. */
export const ESTATE_WORDS = {
  aws: { account: 'member account', connect: 'AWS account', whole: 'organization', reading: 'Reading the organization…', read: 'Read the organization' },
  azure: { account: 'subscription', connect: 'Azure subscription', whole: 'management group', reading: 'Reading the management group…', read: 'Read the management group' },
  gcp: { account: 'project', connect: 'Google Cloud project', whole: 'organisation or folder', reading: 'Reading the folders and projects…', read: 'Read the folders and projects' },
} as const;

/**
 * What the window typed to name the scope: Azure's tenant and group, GCP's organisation or folder
 * and the pool's project. Empty ones are left out: main reads the scope the estate was last connected from.
 */
export type ScopeInput = Readonly<Record<string, string>>;
const SCOPE_FIELDS: Readonly<Record<EstateCloud, readonly string[]>> = {
  aws: [],
  azure: ['tenantId', 'managementGroupId'],
  gcp: ['organizationId', 'folderId', 'projectId', 'projectNumber'],
};

/**
 * "Connect the whole estate": read the tree (no code), choose what to include, connect under one
 * step-up and follow the run; each state is recomputed as boxes are ticked, as main will compute it.
 */
export function useEstate(orgId: string, onChanged: () => void, cloud: EstateCloud = 'aws', typed: ScopeInput = {}) {
  const [scan, setScan] = useState<EstateScan | null>(null);
  const [selection, setSelection] = useState<EstateSelection | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [busy, setBusy] = useState<null | 'scan' | 'start'>(null);
  const [progress, setProgress] = useState<BatchProgress | null>(null);

  const read = async () => {
    setBusy('scan');
    setError(null);
    const scope = Object.fromEntries(SCOPE_FIELDS[cloud].flatMap((name) => ((typed[name] ?? '').trim() ? [[name, (typed[name] ?? '').trim()]] : [])));
    const r = await safeCall(() => api.estate.scan({ orgId, cloud, ...scope }));
    setBusy(null);
    if (!r.ok) return setError(r.error);
    setScan(r.value);
    setSelection(r.value.selection);
    setProgress(null);
    announce(`${plural(r.value.counts.total, ESTATE_WORDS[cloud].account)} read: ${r.value.counts.new} new, ${r.value.counts.connected} connected.`);
  };

  const view = useMemo(() => {
    if (!scan || !selection) return null;
    const instances = scan.stackSet?.readable ? new Map(scan.entries.flatMap((e) => (e.stackInstance ? [[e.id, e.stackInstance] as const] : []))) : undefined;
    const classified = classifyEstate(scan.root, selection, new Set(scan.connectedAccounts), scan.managementAccountId, instances);
    return { ...classified, byNode: countsByNode(scan.root, classified.entries), byId: new Map(classified.entries.map((e) => [e.id, e])) };
  }, [scan, selection]);

  const poll = useRunPoller((runId: string) => api.cloud.batchProgress({ runId }), {
    progress: setProgress,
    error: setError,
    finished: (done) => {
      const ok = done.results.filter((x) => x.status === 'connected' || x.status === 'updated').length;
      announce(`Done: ${ok} of ${done.total} connected.`);
      void refreshAttention();
      onChanged();
    },
  });

  const start = async (accounts?: readonly string[]) => {
    if (!scan || !selection) return;
    setBusy('start');
    setError(null);
    const n = accounts?.length ?? (view ? view.counts.new + view.counts.connected : 0);
    const purpose = `validate and connect ${plural(n, ESTATE_WORDS[cloud].connect)} of ${orgId}'s ${ESTATE_WORDS[cloud].whole} (read-only checks, then save)`;
    const r = await withStepUp(orgId, () => api.estate.connect({ orgId, cloud, scanId: scan.scanId, selection, ...(accounts ? { accounts: [...accounts] } : {}) }), purpose);
    setBusy(null);
    if (!r.ok) return setError(r.error);
    setProgress({ runId: r.value.runId, orgId, cloud, total: r.value.total, completed: 0, finished: false, cancelled: false, results: [] });
    poll(r.value.runId);
  };

  const failed = (progress?.finished ? progress.results : []).filter((x) => x.status === 'refused' || x.status === 'failed' || x.status === 'cancelled').map((x) => x.account);
  /** Another cloud chosen: what was read belongs to the other one. */
  const reset = () => {
    setScan(null);
    setSelection(null);
    setProgress(null);
    setError(null);
  };
  return { scan, selection, view, error, busy, progress, failed, running: Boolean(progress && !progress.finished), read, start, setSelection, reset };
}
