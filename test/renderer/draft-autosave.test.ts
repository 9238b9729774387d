import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { awsUi } from '../../renderer/components/cloud/clouds/aws.js';
import { cloudflareUi } from '../../renderer/components/cloud/clouds/cloudflare.js';
import { useDraftAutosave } from '../../renderer/components/cloud/wizard/use-draft-autosave.js';
import { type WizardState, initialWizard } from '../../renderer/components/cloud/wizard/wizard-state.js';
import { answer, callsTo } from './support/fake-api.js';

const typed = (roleArn: string): WizardState<'aws'> => ({ ...initialWizard('aws', 'cloudformation'), target: { roleArn } });

beforeEach(() => {
  vi.useFakeTimers();
  answer('drafts', 'save', () => Promise.resolve({ ok: true, value: { updatedAt: '2026-12-03T09:00:00.000Z' } }));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useDraftAutosave: the wizard’s progress kept as it is typed', () => {
  it('keeps the last of quick keystrokes once, after a pause, and says when', async () => {
    const { result, rerender } = renderHook(({ s }) => useDraftAutosave('acme', awsUi, s, true), { initialProps: { s: typed('arn:aws:iam::1') } });
    rerender({ s: typed('arn:aws:iam::12') });
    rerender({ s: typed('arn:aws:iam::123') });
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(callsTo('drafts', 'save')).toEqual([{ orgId: 'acme', draft: expect.objectContaining({ target: { roleArn: 'arn:aws:iam::123' } }) }]);
    expect(result.current.savedAt).toBe('2026-12-03T09:00:00.000Z');
    // Nothing changed: nothing is sent again.
    rerender({ s: typed('arn:aws:iam::123') });
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(callsTo('drafts', 'save')).toHaveLength(1);
  });

  it('a refused save is shown (for the footer), and the next change tries again', async () => {
    answer('drafts', 'save', () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'The drafts database is locked by another process.', hint: 'Try again.' } }));
    const { result, rerender } = renderHook(({ s }) => useDraftAutosave('acme', awsUi, s, true), { initialProps: { s: typed('arn:aws:iam::1') } });
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(result.current).toMatchObject({ savedAt: null, failed: 'The drafts database is locked by another process.' });
    answer('drafts', 'save', () => Promise.resolve({ ok: true, value: { updatedAt: '2026-12-03T09:01:00.000Z' } }));
    rerender({ s: typed('arn:aws:iam::12') });
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(result.current).toMatchObject({ savedAt: '2026-12-03T09:01:00.000Z', failed: null });
  });

  it('leaving the screen inside the pause still keeps the last keystroke', async () => {
    const { unmount } = renderHook(() => useDraftAutosave('acme', awsUi, typed('arn:aws:iam::123456789012:role/x'), true));
    unmount();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(callsTo('drafts', 'save')).toEqual([{ orgId: 'acme', draft: expect.objectContaining({ target: { roleArn: 'arn:aws:iam::123456789012:role/x' } }) }]);
  });

  it('after stop (a discard) nothing more is kept, not even a keystroke still waiting', async () => {
    const { result, unmount } = renderHook(() => useDraftAutosave('acme', awsUi, typed('arn:aws:iam::1'), true));
    act(() => result.current.stop());
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    unmount();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(callsTo('drafts', 'save')).toEqual([]);
  });

  it('never sends a secret: the Cloudflare token stays out, and the draft says it must be pasted again', async () => {
    const s: WizardState<'cloudflare'> = { ...initialWizard('cloudflare', null), step: 3, target: { token: 'cf-token-secret-value-0123456789abcdef', accountId: '0123456789abcdef0123456789abcdef' } };
    renderHook(() => useDraftAutosave('acme', cloudflareUi, s, true));
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    const [sent] = callsTo('drafts', 'save') as [{ draft: { target: Record<string, string> } }];
    expect(JSON.stringify(sent)).not.toContain('cf-token-secret-value');
    expect(sent.draft.target).toEqual({ accountId: '0123456789abcdef0123456789abcdef' });
  });
});
