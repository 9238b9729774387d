import { useEffect, useEffectEvent, useState } from 'react';
import type { CloudKind } from '../../../../shared/domain/cloud.js';
import type { ErrorData } from '../../../../shared/domain/errors.js';
import type { CloudOut } from '../../../../shared/ipc/cloud-types.js';
import { api, safeCall } from '../../../api.js';

export interface ConnectCheck {
  readonly account: string | null;
  readonly action: 'new' | 'update' | 'add' | 'replace';
  readonly existing: readonly { account: string; primary: boolean }[];
  readonly blocker: string | null;
}

/** What saving these values would do (new, update, or a choice) and whether it can happen now: asked of main before any code. */
export function useConnectCheck<C extends CloudKind>(payload: CloudOut<C>['targetIn'], saved: boolean) {
  const [check, setCheck] = useState<ConnectCheck | null>(null);
  const [checkError, setCheckError] = useState<ErrorData | null>(null);
  const payloadKey = JSON.stringify(payload);

  // Asked with "add" so it answers what the account is and who is there, without refusing.
  const checkAccount = useEffectEvent(() => void safeCall(() => api.cloud.connectCheck({ ...payload, choice: { mode: 'add' } })).then((r) => (r.ok ? setCheck(r.value) : setCheckError(r.error))));
  // Asked again only when what would be saved changes (`payloadKey` is its content), not on every render.
  useEffect(() => {
    if (!saved) checkAccount();
  }, [payloadKey, saved]);

  return { check, checkError };
}
