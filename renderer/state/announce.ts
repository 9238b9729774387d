import { create } from 'zustand';

/**
 * What a screen reader should hear now ("Copied", "Identity validated"): one polite live region in
 * the app shell reads whatever is announced here.
 */
export const useAnnouncer = create<{ message: string; seq: number }>(() => ({ message: '', seq: 0 }));

export function announce(message: string): void {
  useAnnouncer.setState((s) => ({ message, seq: s.seq + 1 }));
}

/**
 * A long run's progress, said at each quarter (25, 50 and 75 %) once: otherwise a screen reader hears
 * only its start and its end. Runs shorter than four items have no quarters worth saying.
 */
export function quarterAnnouncer(what: string): (completed: number, total: number) => void {
  let said = 0;
  return (completed, total) => {
    if (total < 4) return;
    const quarter = Math.floor((completed * 4) / total);
    if (quarter <= said || quarter >= 4) return;
    said = quarter;
    announce(`${what}: ${completed} of ${total} done (${quarter * 25}%).`);
  };
}
