import { create } from 'zustand';
import { type IpcResult, failure, safeCall } from '../api.js';

interface StepUpState {
  /** The org the prompt is for, while it is open. */
  readonly orgId: string | null;
  readonly resolve: ((granted: boolean) => void) | null;
  request(orgId: string): Promise<boolean>;
  finish(granted: boolean): void;
}

export const useStepUp = create<StepUpState>((set, get) => ({
  orgId: null,
  resolve: null,
  request: (orgId) =>
    new Promise<boolean>((resolve) => {
      get().resolve?.(false);
      set({ orgId, resolve });
    }),
  finish: (granted) => {
    get().resolve?.(granted);
    set({ orgId: null, resolve: null });
  },
}));

/**
 * Run a call that main may refuse for want of step-up: show the local MFA prompt, then retry once.
 * The renderer only shows the prompt — main decides whether a grant exists.
 */
export async function withStepUp<T>(orgId: string, call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  const first = await safeCall(call);
  if (first.ok || first.error.code !== 'step_up_required') return first;
  const granted = await useStepUp.getState().request(orgId);
  if (!granted) return failure('cancelled', 'Step-up was cancelled, so nothing was done.', 'Run the step again when you have your authenticator app at hand.');
  return safeCall(call);
}
