import { useEffect, useRef } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import { type IpcResult, safeCall } from '../../api.js';

/**
 * Follows a background run in main (a re-check, a connect-many): reads its progress every 250 ms
 * until it has finished, and stops reading when the screen goes away. Returns `follow(runId)`.
 */
export function useRunPoller<P extends { readonly finished: boolean }>(
  read: (runId: string) => Promise<IpcResult<P>>,
  on: { readonly progress: (p: NoInfer<P>) => void; readonly finished: (p: NoInfer<P>) => void; readonly error: (e: ErrorData) => void },
): (runId: string) => void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const follow = (runId: string): void => {
    void safeCall(() => read(runId)).then((r) => {
      if (!r.ok) return on.error(r.error);
      on.progress(r.value);
      if (r.value.finished) on.finished(r.value);
      else timer.current = setTimeout(() => follow(runId), 250);
    });
  };
  return follow;
}
