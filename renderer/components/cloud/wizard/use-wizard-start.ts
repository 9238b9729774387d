import { useEffect, useEffectEvent, useState } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { StoredDraft } from '../../../../shared/ipc/drafts.js';
import type { SettingsStatus } from '../../../../shared/ipc/settings.js';
import { api, safeCall } from '../../../api.js';

export type Opened = { readonly cloud: CloudKind; readonly draft: StoredDraft | null; readonly run: number };

/**
 * What step 1 needs from main — which clouds are configured, which have a draft — and opening a
 * cloud with its draft. `initialCloud` opens once, when the wizard opens.
 */
export function useWizardStart(orgId: string, initialCloud: CloudKind | undefined) {
  const [status, setStatus] = useState<SettingsStatus | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const [drafts, setDrafts] = useState<ReadonlySet<CloudKind>>(new Set());
  const [dropped, setDropped] = useState<readonly { cloud: string; updatedAt: string }[]>([]);
  const [opened, setOpened] = useState<Opened | null>(null);

  const open = async (cloud: CloudKind) => {
    const r = await safeCall(() => api.drafts.get({ orgId, cloud }));
    if (!r.ok) return setError(r.error);
    setOpened((o) => ({ cloud, draft: r.value.draft, run: (o?.run ?? 0) + 1 }));
  };

  // Which clouds have a draft to resume (listing also drops this org's old ones: said here, once).
  const listDrafts = () =>
    void safeCall(() => api.drafts.list({ orgId })).then((r) => {
      if (!r.ok) return;
      setDrafts(new Set(r.value.drafts.map((d) => d.cloud)));
      if (r.value.dropped.length) setDropped((d) => [...d, ...r.value.dropped]);
    });

  // Once, when the wizard opens: a later change of props does not reopen a cloud under the admin.
  const onOpen = useEffectEvent(() => {
    void safeCall(() => api.settings.status({})).then((r) => (r.ok ? setStatus(r.value) : setError(r.error)));
    listDrafts();
    if (initialCloud) void open(initialCloud);
  });
  useEffect(() => onOpen(), []);

  return { status, error, drafts, dropped, clearDropped: () => setDropped([]), opened, setOpened, open, listDrafts };
}
