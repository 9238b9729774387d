import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditLog } from '../../main/audit/audit-log.js';
import { openDatabase } from '../../main/db/database.js';
import { IpcRouter } from '../../main/ipc/router.js';
import { StepUpGrants } from '../../main/mfa/step-up.js';
import { silentLogger } from '../../main/platform/logger.js';
import { AppError } from '../../shared/domain/errors.js';
import { defineChannel } from '../../shared/ipc/contract.js';
import { orgIdSchema } from '../../shared/ipc/schemas.js';
import { TestClock } from '../support/clock.js';

const echo = defineChannel({
  domain: 'test',
  method: 'echo',
  input: z.strictObject({ text: z.string().max(100_000) }),
  output: z.strictObject({ text: z.string() }),
  summary: 'echo',
});
const guarded = defineChannel({
  domain: 'test',
  method: 'guarded',
  input: z.strictObject({ orgId: orgIdSchema }),
  output: z.strictObject({ done: z.boolean() }),
  stepUp: true,
  audit: { step: 'connect', mode: 'pending-outcome' },
  summary: 'guarded',
});
const leaky = defineChannel({
  domain: 'test',
  method: 'leaky',
  input: z.strictObject({}),
  output: z.strictObject({ ok: z.boolean() }),
  summary: 'returns a field it must not',
});
const broken = defineChannel({ domain: 'test', method: 'broken', input: z.strictObject({}), output: z.strictObject({}), summary: 'throws' });

describe('IPC router', () => {
  let router: IpcRouter;
  let audit: AuditLog;
  let grants: StepUpGrants;
  let calls: number;
  const trusted = { actor: 'app:test', trusted: true } as const;

  beforeEach(() => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'router-')));
    const clock = new TestClock();
    audit = new AuditLog(db, clock);
    grants = new StepUpGrants(clock, 60_000);
    router = new IpcRouter(audit, grants, silentLogger);
    calls = 0;
    router.handle(echo, (input) => {
      calls += 1;
      return { text: input.text };
    });
    router.handle(guarded, () => {
      calls += 1;
      return { done: true };
    });
    router.handle(leaky, () => ({ ok: true, token: 'must-not-cross' }) as never);
    router.handle(broken, () => {
      throw new Error('/home/user/secret path in a stack');
    });
  });

  it('answers with data, never throws', async () => {
    expect(await router.invoke('test:echo', { text: 'hi' }, trusted)).toEqual({ ok: true, value: { text: 'hi' } });
  });

  it('refuses a sender the adapter did not trust, and audits it', async () => {
    const r = await router.invoke('test:echo', { text: 'hi' }, { actor: 'app:test', trusted: false, rejection: 'sub-frame https://evil.example' });
    expect(r).toMatchObject({ ok: false, error: { code: 'sender_rejected' } });
    expect(calls).toBe(0);
    expect(audit.list({ limit: 5 }).rows[0]).toMatchObject({ step: 'ipc_denied', outcome: 'denied', detail: { channel: 'test:echo', reason: 'sub-frame https://evil.example' } });
  });

  it('refuses unknown channels, extra keys, wrong types and oversized payloads — calling nothing', async () => {
    expect(await router.invoke('test:nope', {}, trusted)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const extra = await router.invoke('test:echo', { text: 'x', admin: true }, trusted);
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/unexpected field admin/) } });
    expect(await router.invoke('test:echo', { text: 42 }, trusted)).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'text' } });
    expect(await router.invoke('test:echo', { text: 'x'.repeat(70_000) }, trusted)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect(await router.invoke('test:echo', null, trusted)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(calls).toBe(0);
  });

  it('enforces step-up bound to the org, and audits pending then outcome', async () => {
    expect(await router.invoke('test:guarded', { orgId: 'acme-corp' }, trusted)).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    expect(calls).toBe(0);
    grants.grant('other-org');
    expect(await router.invoke('test:guarded', { orgId: 'acme-corp' }, trusted)).toMatchObject({ ok: false, error: { code: 'step_up_required' } });
    grants.grant('acme-corp');
    expect(await router.invoke('test:guarded', { orgId: 'acme-corp' }, trusted)).toEqual({ ok: true, value: { done: true } });
    const rows = audit.list({ limit: 5 }).rows.reverse();
    expect(rows.map((r) => r.outcome)).toEqual(['pending', 'succeeded']);
    expect(rows[0]!.correlationId).toBe(rows[1]!.correlationId);
  });

  it('never passes on an output that breaks its contract', async () => {
    const r = await router.invoke('test:leaky', {}, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('must-not-cross');
  });

  it('turns an unexpected exception into a generic error without its internals', async () => {
    const r = await router.invoke('test:broken', {}, trusted);
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(r)).not.toContain('/home/user');
  });

  it('passes AppErrors through as data', async () => {
    const r2 = new IpcRouter(audit, grants, silentLogger);
    r2.handle(echo, () => {
      throw new AppError('cloud_denied', 'no', 'do this');
    });
    expect(await r2.invoke('test:echo', { text: 'a' }, trusted)).toEqual({ ok: false, error: { code: 'cloud_denied', message: 'no', hint: 'do this' } });
  });

  it('a state-changing channel has its pending row before the handler runs, step-up or not', async () => {
    const save = defineChannel({ domain: 't', method: 'save', input: z.strictObject({}), output: z.strictObject({}), audit: { step: 'settings_change', mode: 'pending-outcome' }, summary: '' });
    let seen: string[] = [];
    router.handle(save, () => {
      seen = audit.list({ limit: 5, step: 'settings_change' }).rows.map((r) => r.outcome);
      return {};
    });
    expect(await router.invoke('t:save', {}, trusted)).toMatchObject({ ok: true });
    expect(seen).toEqual(['pending']);
  });
});
