import { describe, expect, it } from 'vitest';
import { type BackgroundRun, RunRegistry, runPooled } from '../../main/platform/background-runs.js';

const run = (id: string): BackgroundRun => ({ id, controller: new AbortController(), finished: false });

describe('runs a window polls', () => {
  it('runs every item, never more than the limit at once, and waits for all before a failure is told', async () => {
    let active = 0;
    let most = 0;
    const done: number[] = [];
    const pooled = runPooled(10, 3, async (i) => {
      active += 1;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, i === 2 ? 1 : 5));
      active -= 1;
      if (i === 2) throw new Error('item 2 failed');
      done.push(i);
    });
    await expect(pooled).rejects.toThrow('item 2 failed');
    // The failure ended its own worker only: the others took the rest of the list.
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(active).toBe(0);
  });

  it('keeps the newest runs, says plainly when one is unknown, and cancels only a run still going', () => {
    const runs = new RunRegistry<BackgroundRun>({ message: 'That run is unknown.', hint: 'Start a new run.' }, 2);
    for (const id of ['a', 'b', 'c']) runs.add(run(id));
    expect(runs.find('a')).toBeUndefined();
    expect(() => runs.get('a')).toThrow(expect.objectContaining({ code: 'not_found', message: 'That run is unknown.', hint: 'Start a new run.' }));
    expect(runs.cancel('b')).toBe(true);
    expect(runs.get('b').controller.signal.aborted).toBe(true);
    runs.get('c').finished = true;
    expect(runs.cancel('c')).toBe(false);
    expect(runs.get('c').controller.signal.aborted).toBe(false);
  });
});
