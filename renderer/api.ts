import { REPORT_MESSAGE_MAX, REPORT_STACK_MAX } from '../shared/domain/diagnostics.js';
import type { ErrorData } from '../shared/domain/errors.js';
import type { AlphaswarmApi, IpcResult } from '../shared/ipc/index.js';

declare global {
  interface Window {
    readonly alphaswarm: AlphaswarmApi;
  }
}

/** The bridge the preload (or the Chromium fallback) exposes: named functions, nothing else. */
export const api: AlphaswarmApi = window.alphaswarm;

export type { IpcResult };

export function failure(code: ErrorData['code'], message: string, hint: string): { ok: false; error: ErrorData } {
  return { ok: false, error: { code, message, hint } };
}

/** The bridge itself failing (main gone, page reloaded mid-call) still reads as an explained error. */
export async function safeCall<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch (error) {
    return failure('internal', `The app's services did not answer: ${(error as Error)?.message ?? 'unknown error'}.`, 'Try again; if it keeps happening, restart the app.');
  }
}

/** Send an error the window caught to main's log (it has no file of its own), cut to what the channel takes. */
export function reportError(kind: 'render' | 'unhandled', error: Error, moreStack = ''): void {
  void safeCall(() => api.diagnostics.report({ kind, message: `${error.name}: ${error.message}`.slice(0, REPORT_MESSAGE_MAX), stack: `${error.stack ?? ''}${moreStack}`.slice(0, REPORT_STACK_MAX) }));
}
