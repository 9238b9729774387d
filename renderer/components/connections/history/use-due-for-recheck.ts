import { useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../../shared/ipc/clouds/common.js';
import { api, safeCall } from '../../../api.js';

/**
 * Which of these connections are due for a re-check (not checked for 7 days): main says, from its
 * clock and what it saved, with no cloud call. Keys are `<org>|<credential key>`. Read again when
 * the list changes (a re-check just finished). A failed read shows no badge rather than a wrong one.
 */
export function useDueForRecheck(connections: readonly ConnectionSummary[], orgId: string | undefined): ReadonlySet<string> {
  const [due, setDue] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    let live = true;
    void safeCall(() => api.health.due(orgId === undefined ? {} : { orgId })).then((r) => {
      if (live && r.ok) setDue(new Set(r.value.connections.filter((c) => c.due).map((c) => `${c.orgId}|${c.credentialKey}`)));
    });
    return () => {
      live = false;
    };
  }, [connections, orgId]);
  return due;
}
