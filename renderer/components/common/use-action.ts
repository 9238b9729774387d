import { useState } from 'react';
import type { ErrorData } from '../../../shared/domain/errors.js';
import type { IpcResult } from '../../api.js';

/** One button's call to main: whether it is running, what it returned, and the explained error. */
export function useAction<T>(call: () => Promise<IpcResult<T>>) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const r = await call();
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  };
  return { busy, result, error, run };
}
