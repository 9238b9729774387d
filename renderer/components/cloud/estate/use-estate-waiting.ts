import { useEffect, useState } from 'react';
import { api, safeCall } from '../../../api.js';

/** How many accounts the org's last estate scan found still not connected (null: never scanned). Read again when the connections or the open panel change. */
export function useEstateWaiting(orgId: string, connections: unknown, panel: string | null): number | null {
  const [waiting, setWaiting] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void safeCall(() => api.estate.waiting({ orgId })).then((r) => {
      if (live && r.ok) setWaiting(r.value.estates.reduce((n, e) => n + e.notConnected, 0) || (r.value.estates.length ? 0 : null));
    });
    return () => {
      live = false;
    };
  }, [orgId, connections, panel]);
  return waiting;
}
