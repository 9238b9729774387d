import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ChannelContract } from '../../shared/ipc/contract.js';
import type { CallerContext } from '../../main/ipc/router.js';
import { type Harness, createHarness } from '../support/harness.js';
import { storedConnection } from '../support/seed.js';
import { ipc } from '../support/contracts.js';

/** Three customers on one laptop, each with an AWS connection and audit rows of its own. */
const ORGS = [
  ['acme-corp', 'Acme Corp', '111111111111'],
  ['globex', 'Globex Inc', '222222222222'],
  ['initech', 'Initech LLC', '333333333333'],
] as const;

describe('presenting mode ("On a call with <org>")', () => {
  let h: Harness;
  let win: CallerContext;
  const asWindow = <I extends z.ZodType, O extends z.ZodType>(c: ChannelContract<I, O>, p: z.input<I>) => h.services.router.call(c, p, win);

  beforeEach(async () => {
    h = await createHarness();
    win = { ...h.caller, window: true };
    for (const [orgId, name, account] of ORGS) {
      await h.ok(ipc.orgs.add, { orgId, displayName: name });
      h.services.integrations.save(storedConnection({ cloud: 'aws', orgId, record: { role_arn: `arn:aws:iam::${account}:role/alphaswarm-broker-${orgId}`, external_id: 'x'.repeat(64), region: 'us-east-1', account_id: account } }));
    }
  });
  afterEach(() => h.close());

  it('shows the window one org alone in every list main answers, and the CLI everything', async () => {
    const entered = await asWindow(ipc.presenting.enter, { orgId: 'globex' });
    expect(entered).toEqual({ ok: true, value: { presenting: { orgId: 'globex', displayName: 'Globex Inc' } } });

    const orgs = await asWindow(ipc.orgs.list, {});
    expect(orgs.ok && orgs.value.orgs.map((o) => o.orgId)).toEqual(['globex']);
    const connections = await asWindow(ipc.cloud.list, {});
    expect(connections.ok && connections.value.connections.map((c) => c.orgId)).toEqual(['globex']);
    const audit = await asWindow(ipc.audit.list, {});
    expect(audit.ok && audit.value.rows.length).toBeGreaterThan(0);
    expect(audit.ok && new Set(audit.value.rows.map((r) => r.orgId))).toEqual(new Set(['globex']));
    expect(audit.ok && audit.value.total).toBe(audit.ok && audit.value.rows.length);
    const settings = await asWindow(ipc.settings.status, {});
    expect(settings.ok && JSON.stringify(settings.value)).not.toContain(h.dataDir);
    // No profile names the engineer here, so the rows' actor is "user@hostname": hidden too.
    const osUser = h.services.engineer.osUser;
    expect(h.services.audit.list({ orgId: 'globex', limit: 100 }).rows.some((r) => r.actor.includes(osUser))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(osUser);
    expect(audit.ok && audit.value.rows.every((r) => r.actor.includes("<this laptop's user>"))).toBe(true);

    const everything = JSON.stringify([orgs, connections, audit, settings]);
    for (const [orgId, name, account] of ORGS.filter(([o]) => o !== 'globex')) {
      expect(everything).not.toContain(orgId);
      expect(everything).not.toContain(name);
      expect(everything).not.toContain(account);
    }

    // The CLI (no window) has no such mode.
    const cli = await h.ok(ipc.orgs.list, {});
    expect(cli.orgs.map((o) => o.orgId)).toEqual(expect.arrayContaining(['acme-corp', 'globex', 'initech']));
  });

  it('health history and "due for re-check" show the presented org alone', async () => {
    await asWindow(ipc.presenting.enter, { orgId: 'globex' });
    const due = await asWindow(ipc.health.due, {});
    expect(due.ok && due.value.connections.map((c) => c.orgId)).toEqual(['globex']);
    const other = await asWindow(ipc.health.history, { orgId: 'initech' });
    expect(other).toMatchObject({ ok: false, error: { code: 'precondition_failed' } });
    expect(await asWindow(ipc.health.history, { orgId: 'globex' })).toMatchObject({ ok: true, value: { connections: [{ orgId: 'globex', account: '222222222222' }] } });
  });

  it('refuses a call that names another org, before step-up, and changes nothing', async () => {
    await asWindow(ipc.presenting.enter, { orgId: 'globex' });
    const rows = h.services.audit.list({ limit: 1 }).total;
    for (const call of [asWindow(ipc.cloud.list, { orgId: 'acme-corp' }), asWindow(ipc.orgs.add, { orgId: 'umbrella', displayName: 'Umbrella' }), asWindow(ipc.presenting.enter, { orgId: 'initech' })]) {
      const r = await call;
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'precondition_failed', message: expect.stringContaining('presenting globex'), hint: expect.stringContaining('Leave presenting mode') });
    }
    expect(h.services.audit.list({ limit: 1 }).total).toBe(rows);
    expect(h.services.orgs.get('umbrella')).toBeUndefined();
  });

  it('is remembered across a restart until left, and leaving is audited under the org', async () => {
    await asWindow(ipc.presenting.enter, { orgId: 'acme-corp' });
    h = await h.reopen();
    win = { ...h.caller, window: true };
    expect(await asWindow(ipc.presenting.status, {})).toEqual({ ok: true, value: { presenting: { orgId: 'acme-corp', displayName: 'Acme Corp' } } });

    const stale = await asWindow(ipc.presenting.leave, { orgId: 'globex' });
    expect(stale.ok).toBe(false);
    expect(await asWindow(ipc.presenting.leave, { orgId: 'acme-corp' })).toEqual({ ok: true, value: { presenting: null } });
    const left = await h.ok(ipc.audit.list, { orgId: 'acme-corp', step: 'presenting_stop' });
    expect(left.rows.map((r) => r.outcome)).toEqual(['succeeded', 'pending']);
    const orgs = await asWindow(ipc.orgs.list, {});
    expect(orgs.ok && orgs.value.orgs.length).toBe(4);
  });

  it('does not present the platform tenant or an org that does not exist', async () => {
    expect((await asWindow(ipc.presenting.enter, { orgId: '__platform__' })).ok).toBe(false);
    const missing = await asWindow(ipc.presenting.enter, { orgId: 'nobody' });
    expect(!missing.ok && missing.error.code).toBe('not_found');
  });

  it('a setting (even one carrying a folder stand-in, "<data folder>" or "~") is refused while presenting, before any code: the stand-in is never saved', async () => {
    await asWindow(ipc.presenting.enter, { orgId: 'globex' });
    const rows = h.services.audit.list({ limit: 1 }).total;
    for (const value of ['<data folder>/exports', '~/exports', '~']) {
      const r = await asWindow(ipc.settings.set, { name: 'ALPHASWARM_ADMIN_EXPORT_DIR', value });
      // Settings apply to every org on the laptop: none is changed while presenting (thirteenth review M-D1).
      expect(r).toMatchObject({ ok: false, error: { code: 'precondition_failed', details: { presenting: 'globex' }, hint: expect.stringContaining('Leave presenting mode') } });
    }
    expect(h.services.audit.list({ limit: 1 }).total).toBe(rows);
    expect(h.services.settings.resolve('ALPHASWARM_ADMIN_EXPORT_DIR').value ?? '').not.toMatch(/^~|<data folder>/);
  });
});
