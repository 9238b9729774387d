import { create } from 'zustand';

/**
 * What a screen reader should hear now ("Copied", "Identity validated"): one polite live region in
 * the app shell reads whatever is announced here.
 */
export const useAnnouncer = create<{ message: string; seq: number }>(() => ({ message: '', seq: 0 }));

export function announce(message: string): void {
  useAnnouncer.setState((s) => ({ message, seq: s.seq + 1 }));
}
