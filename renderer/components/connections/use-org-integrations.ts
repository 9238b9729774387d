import { useCallback, useEffect, useState } from 'react';
import type { CloudKind } from '../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { CleanupItem, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import type { StoredDraft } from '../../../shared/ipc/drafts.js';
import type { Org } from '../../../shared/ipc/orgs.js';
import { api, safeCall } from '../../api.js';
import { refreshAttention } from '../../state/attention.js';

/** One org's page data, read together: the org, its connections, cleanup items and drafts (and drafts main dropped). */
export function useOrgIntegrations(orgId: string) {
  const [org, setOrg] = useState<Org | null | undefined>(undefined);
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [cleanups, setCleanups] = useState<CleanupItem[]>([]);
  const [drafts, setDrafts] = useState<StoredDraft[]>([]);
  const [dropped, setDropped] = useState<{ cloud: string; updatedAt: string }[]>([]);
  const [error, setError] = useState<ErrorData | null>(null);

  const load = useCallback(async () => {
    const [orgs, list, cleanup, draftList] = await Promise.all([
      safeCall(() => api.orgs.list({})),
      safeCall(() => api.cloud.list({ orgId })),
      safeCall(() => api.cloud.cleanupList({ orgId })),
      safeCall(() => api.drafts.list({ orgId })),
    ]);
    if (!orgs.ok) return setError(orgs.error);
    if (!list.ok) return setError(list.error);
    setOrg(orgs.value.orgs.find((o) => o.orgId === orgId) ?? null);
    setConnections(list.value.connections);
    if (cleanup.ok) setCleanups(cleanup.value.items);
    if (draftList.ok) {
      setDrafts(draftList.value.drafts);
      // Said once: main forgets them as it drops them.
      if (draftList.value.dropped.length) setDropped((d) => [...d, ...draftList.value.dropped]);
    }
    void refreshAttention();
  }, [orgId]);

  useEffect(() => {
    void load();
  }, [load]);

  const discardDraft = async (cloud: CloudKind) => {
    const r = await safeCall(() => api.drafts.discard({ orgId, cloud }));
    if (!r.ok) return setError(r.error);
    void load();
  };

  return { org, connections, cleanups, drafts, dropped, error, load, discardDraft, clearDropped: () => setDropped([]) };
}
