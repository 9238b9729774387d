import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { IpcResult } from '../../shared/ipc/index.js';
import { refreshAttention, useAttention } from '../../renderer/state/attention.js';
import { openWizardFor, takeWizardRequest } from '../../renderer/state/open-wizard.js';
import { navigate, parseHash, useRoute } from '../../renderer/state/route.js';
import { useStepUp, withStepUp } from '../../renderer/state/step-up.js';
import { answer } from './support/fake-api.js';

const stepUpRequired = { ok: false, error: { code: 'step_up_required', message: 'This needs a fresh code from your authenticator app.', hint: 'Enter the code.' } } as const;

describe('step-up: a call main refuses for want of a fresh code', () => {
  it('opens the prompt for that org, and once a code is granted the call is made again, once', async () => {
    const answers: IpcResult<string>[] = [stepUpRequired, { ok: true, value: 'exported' }];
    let made = 0;
    const result = withStepUp('acme', () => (made++, Promise.resolve(answers.shift()!)), 'export a bundle');
    await waitFor(() => expect(useStepUp.getState()).toMatchObject({ orgId: 'acme', purpose: 'export a bundle' }));
    useStepUp.getState().finish(true);
    expect(await result).toEqual({ ok: true, value: 'exported' });
    expect(made).toBe(2);
    expect(useStepUp.getState().orgId).toBeNull();
  });

  it('cancelling the prompt does nothing more and says so', async () => {
    let made = 0;
    const result = withStepUp('acme', () => (made++, Promise.resolve(stepUpRequired)));
    await waitFor(() => expect(useStepUp.getState().orgId).toBe('acme'));
    useStepUp.getState().finish(false);
    const r = await result;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'cancelled', message: 'Step-up was cancelled, so nothing was done.' });
    expect(made).toBe(1);
  });

  it('any other refusal is shown as it is, without asking for a code', async () => {
    const denied = { ok: false, error: { code: 'bad_request', message: 'The org id has characters that are not allowed.', hint: 'Fix it.' } } as const;
    expect(await withStepUp('acme', () => Promise.resolve(denied))).toEqual(denied);
    expect(useStepUp.getState().orgId).toBeNull();
  });

  it('a second prompt replaces the first, and the first reads as not granted', async () => {
    const first = useStepUp.getState().request('acme', null);
    const second = useStepUp.getState().request('globex', null);
    expect(await first).toBe(false);
    expect(useStepUp.getState().orgId).toBe('globex');
    useStepUp.getState().finish(true);
    expect(await second).toBe(true);
  });
});

describe('attention: what the header says needs looking at', () => {
  const connections = (statuses: string[]) => ({ ok: true as const, value: { connections: statuses.map((status) => ({ status })) } as never });

  it('counts connections that are not connected, and cleanups still to confirm', async () => {
    answer('cloud', 'list', () => Promise.resolve(connections(['connected', 'drifted', 'expired', 'connected'])));
    answer('cloud', 'cleanupList', () => Promise.resolve({ ok: true, value: { items: [{}, {}, {}] } as never }));
    await refreshAttention();
    expect(useAttention.getState()).toMatchObject({ connections: 2, cleanups: 3 });
  });

  it('a list that fails to load keeps the last count rather than saying all is well', async () => {
    answer('cloud', 'list', () => Promise.resolve(connections(['check_failed'])));
    await refreshAttention();
    expect(useAttention.getState().connections).toBe(1);
    answer('cloud', 'list', () => Promise.reject(new Error('main went away')));
    await refreshAttention();
    expect(useAttention.getState().connections).toBe(1);
  });
});

describe('routes: the address bar as the admin types it', () => {
  it('an org id that is not valid, or not decodable, is a page not found (never passed on)', () => {
    expect(parseHash('#/accounts/acme/integrations')).toEqual({ name: 'integrations', orgId: 'acme' });
    expect(parseHash('#/accounts/%E0%A4%A/integrations')).toEqual({ name: 'not-found', path: '/accounts/%E0%A4%A/integrations' });
    expect(parseHash('#/accounts/..%2F..%2Fetc/integrations').name).toBe('not-found');
    expect(parseHash('#/settings/nope').name).toBe('not-found');
    expect(parseHash('#/settings/mfa')).toEqual({ name: 'settings', section: 'mfa' });
  });

  it('navigating moves the screen the app shows', async () => {
    const { result } = renderHook(() => useRoute((s) => s.route));
    act(() => navigate({ name: 'audit' }));
    await waitFor(() => expect(result.current).toEqual({ name: 'audit' }));
    act(() => navigate({ name: 'integrations', orgId: 'acme-corp' }));
    await waitFor(() => expect(result.current).toEqual({ name: 'integrations', orgId: 'acme-corp' }));
  });
});

describe('open a wizard from another screen', () => {
  it('goes to the org’s page, which takes the request once; another org’s page never sees it', async () => {
    openWizardFor('acme', 'cloudflare');
    await waitFor(() => expect(useRoute.getState().route).toEqual({ name: 'integrations', orgId: 'acme' }));
    expect(takeWizardRequest('globex')).toBeUndefined();
    expect(takeWizardRequest('acme')).toBe('cloudflare');
    expect(takeWizardRequest('acme')).toBeUndefined();
  });
});

describe('a long run is announced at each quarter', () => {
  it('says 25, 50 and 75 % once each on a 200-account run, and nothing for a run of three', async () => {
    const { quarterAnnouncer, useAnnouncer } = await import('../../renderer/state/announce.js');
    const heard: string[] = [];
    const stop = useAnnouncer.subscribe((s) => heard.push(s.message));
    const say = quarterAnnouncer('Re-check');
    for (const completed of [0, 10, 49, 50, 51, 99, 100, 100, 150, 199, 200]) say(completed, 200);
    const short = quarterAnnouncer('Re-check');
    for (const completed of [1, 2, 3]) short(completed, 3);
    stop();
    expect(heard).toEqual(['Re-check: 50 of 200 done (25%).', 'Re-check: 100 of 200 done (50%).', 'Re-check: 150 of 200 done (75%).']);
  });
});
