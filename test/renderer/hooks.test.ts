import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorData } from '../../shared/domain/errors.js';
import type { IpcResult } from '../../shared/ipc/index.js';
import { useAction } from '../../renderer/components/common/use-action.js';
import { useRunPoller } from '../../renderer/components/common/use-run-poller.js';

const refused: ErrorData = { code: 'cloud_denied', message: 'AccessDenied: the role does not trust AlphaSwarm.', hint: 'Apply the trust policy, then try again.' };

afterEach(() => {
  vi.useRealTimers();
});

describe('useAction: one button’s call to main', () => {
  it('after a failed call it shows the explained error, is no longer busy, and shows no result', async () => {
    let answer: (r: IpcResult<string>) => void = () => {};
    const { result } = renderHook(() => useAction(() => new Promise<IpcResult<string>>((r) => (answer = r))));
    let running!: Promise<void>;
    act(() => {
      running = result.current.run();
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      answer({ ok: false, error: refused });
      await running;
    });
    expect(result.current).toMatchObject({ busy: false, result: null, error: refused });
  });

  it('a retry that succeeds clears the earlier error and shows the result', async () => {
    const outcomes: IpcResult<string>[] = [{ ok: false, error: refused }, { ok: true, value: 'Connected as arn:aws:sts::123456789012:assumed-role/x' }];
    const { result } = renderHook(() => useAction(() => Promise.resolve(outcomes.shift()!)));
    await act(() => result.current.run());
    expect(result.current.error?.message).toContain('AccessDenied');
    await act(() => result.current.run());
    expect(result.current).toMatchObject({ busy: false, error: null, result: 'Connected as arn:aws:sts::123456789012:assumed-role/x' });
  });
});

interface Progress {
  readonly done: number;
  readonly finished: boolean;
}

function pollerHarness(answers: IpcResult<Progress>[]) {
  const reads: string[] = [];
  const seen = { progress: [] as number[], finished: [] as number[], errors: [] as string[] };
  const read = (runId: string) => {
    reads.push(runId);
    return Promise.resolve(answers.length > 1 ? answers.shift()! : answers[0]!);
  };
  const hook = renderHook(() => useRunPoller(read, { progress: (p) => seen.progress.push(p.done), finished: (p) => seen.finished.push(p.done), error: (e) => seen.errors.push(e.message) }));
  return { hook, reads, seen };
}

describe('useRunPoller: following a run in main', () => {
  it('reads progress until the run has finished, then stops reading', async () => {
    vi.useFakeTimers();
    const { hook, reads, seen } = pollerHarness([
      { ok: true, value: { done: 1, finished: false } },
      { ok: true, value: { done: 2, finished: false } },
      { ok: true, value: { done: 3, finished: true } },
    ]);
    act(() => hook.result.current('run-1'));
    await act(() => vi.advanceTimersByTimeAsync(250));
    await act(() => vi.advanceTimersByTimeAsync(250));
    expect(seen).toEqual({ progress: [1, 2, 3], finished: [3], errors: [] });
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(reads).toEqual(['run-1', 'run-1', 'run-1']);
  });

  it('stops reading when the screen goes away mid-run', async () => {
    vi.useFakeTimers();
    const { hook, reads } = pollerHarness([{ ok: true, value: { done: 1, finished: false } }]);
    act(() => hook.result.current('run-2'));
    await act(() => vi.advanceTimersByTimeAsync(250));
    expect(reads).toHaveLength(2);
    hook.unmount();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(reads).toHaveLength(2);
  });

  it('a failed read is shown as the error and ends the polling', async () => {
    vi.useFakeTimers();
    const { hook, reads, seen } = pollerHarness([{ ok: false, error: { code: 'not_found', message: 'No run with that id: it may have ended before a restart.', hint: 'Start the check again.' } }]);
    act(() => hook.result.current('run-3'));
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(seen.errors).toEqual(['No run with that id: it may have ended before a restart.']);
    expect(seen.progress).toEqual([]);
    expect(reads).toHaveLength(1);
  });

  it('main going away mid-read (the bridge throws) still reads as an explained error', async () => {
    const seen: string[] = [];
    const { result } = renderHook(() => useRunPoller<Progress>(() => Promise.reject(new Error('Object has been destroyed')), { progress: () => {}, finished: () => {}, error: (e) => seen.push(e.message) }));
    act(() => result.current('run-4'));
    await waitFor(() => expect(seen).toEqual(["The app's services did not answer: Object has been destroyed."]));
  });
});
