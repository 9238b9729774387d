import { create } from 'zustand';
import { type IpcResult, failure, safeCall } from '../api.js';
import { focusWhenReady, focusedNow } from './focus.js';

interface StepUpState {
  /** The org the prompt is for, while it is open. */
  readonly orgId: string | null;
  /** What the code will allow, in words ("re-check every organisation's connections"). */
  readonly purpose: string | null;
  readonly resolve: ((granted: boolean) => void) | null;
  request(orgId: string, purpose: string | null): Promise<boolean>;
  finish(granted: boolean): void;
}

export const useStepUp = create<StepUpState>((set, get) => ({
  orgId: null,
  purpose: null,
  resolve: null,
  request: (orgId, purpose) =>
    new Promise<boolean>((resolve) => {
      get().resolve?.(false);
      set({ orgId, purpose, resolve });
    }),
  finish: (granted) => {
    get().resolve?.(granted);
    set({ orgId: null, purpose: null, resolve: null });
  },
}));

/**
 * Run a call that main may refuse for want of step-up: show the local MFA prompt, then retry once.
 * The call goes first, so main checks the inputs before a code is ever asked for; the renderer only
 * shows the prompt — main decides whether a grant exists.
 */
export async function withStepUp<T>(orgId: string, call: () => Promise<IpcResult<T>>, purpose: string | null = null): Promise<IpcResult<T>> {
  const opener = focusedNow();
  const first = await safeCall(call);
  if (first.ok || first.error.code !== 'step_up_required') return first;
  const granted = await useStepUp.getState().request(orgId, purpose);
  // Escape or Cancel: back to the control that asked (enabled again once its call has returned).
  if (!granted) focusWhenReady(() => opener);
  if (!granted) return failure('cancelled', 'Step-up was cancelled, so nothing was done.', 'Run the step again when you have your authenticator app at hand.');
  return safeCall(call);
}
