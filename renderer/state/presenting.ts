import { create } from 'zustand';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { PresentingState } from '../../shared/ipc/presenting.js';
import { api, safeCall } from '../api.js';
import { announce } from './announce.js';

type Presenting = PresentingState['presenting'];

/**
 * The org the window presents ("On a call with <org>"), as main remembers it. `loaded` is false until
 * main has answered, so no screen shows every org for an instant before presenting applies.
 */
export const usePresenting = create<{ presenting: Presenting; loaded: boolean }>(() => ({ presenting: null, loaded: false }));

const APP_TITLE = 'AlphaSwarm Onboarding';

function apply(presenting: Presenting): void {
  usePresenting.setState({ presenting, loaded: true });
  // The window title is what Zoom and Teams list when a window is picked to share.
  document.title = presenting ? `Presenting: ${presenting.displayName}` : APP_TITLE;
  document.documentElement.toggleAttribute('data-presenting', presenting !== null);
}

export async function loadPresenting(): Promise<void> {
  const r = await safeCall(() => api.presenting.status({}));
  apply(r.ok ? r.value.presenting : null);
}

export async function enterPresenting(orgId: string): Promise<ErrorData | null> {
  const r = await safeCall(() => api.presenting.enter({ orgId }));
  if (!r.ok) return r.error;
  apply(r.value.presenting);
  announce(`Presenting ${r.value.presenting?.displayName ?? orgId}: other organisations are hidden.`);
  return null;
}

export async function leavePresenting(orgId: string): Promise<ErrorData | null> {
  const r = await safeCall(() => api.presenting.leave({ orgId }));
  if (!r.ok) return r.error;
  // Leaving is the engineer's choice to see every org: the start-up chooser does not ask again.
  markStartChosen();
  apply(null);
  announce('Presenting mode left: every organisation is shown again.');
  return null;
}

/** The start-up chooser is answered once per window session (a reload does not ask again). */
const CHOSEN_KEY = 'alphaswarm.start-chosen';
export function startChosen(): boolean {
  return sessionStorage.getItem(CHOSEN_KEY) === '1';
}
export function markStartChosen(): void {
  sessionStorage.setItem(CHOSEN_KEY, '1');
}
