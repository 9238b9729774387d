import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dataKeyAccount } from '../../main/credentials/keychain.js';
import { codeAt } from '../../main/mfa/totp.js';
import { normalizeDataDir } from '../../main/settings.js';
import { type Harness, createHarness } from '../support/harness.js';
import { vaultFor } from '../support/vaults.js';
import { ipc } from '../support/contracts.js';

/** Probe 1: the read-check-write of the MFA state is one atomic step, across processes too. */
describe('one code, one winner', () => {
  let h: Harness;
  afterEach(() => h?.close());

  /** Start `n` processes on the harness's data folder; each presents `codes` once all are ready. */
  async function race(n: number, codes: string[]): Promise<string[][]> {
    const dataKey = vaultFor(h.dataDir).get(dataKeyAccount(normalizeDataDir(h.dataDir)))!;
    const children: ChildProcessWithoutNullStreams[] = [];
    const ready: Promise<void>[] = [];
    const results: Promise<string[]>[] = [];
    for (let i = 0; i < n; i++) {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/security/support/mfa-race-child.ts')], {
        env: { ...process.env, ...h.env, RACE_DATA_KEY: dataKey, RACE_NOW_MS: String(h.clock.now()), RACE_CODES: codes.join(',') },
      });
      children.push(child);
      let out = '';
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      ready.push(new Promise((done) => child.stdout.on('data', (d) => ((out += d), out.includes('READY') && done()))));
      results.push(
        new Promise((done, fail) =>
          child.on('close', (code) => (code === 0 ? done(JSON.parse(out.split('\n').filter(Boolean).at(-1)!) as string[]) : fail(new Error(`race child failed (${code}): ${err}`)))),
        ),
      );
    }
    await Promise.all(ready);
    for (const c of children) c.stdin.end('go\n');
    return Promise.all(results);
  }

  it('four processes presenting the same code at once: exactly one is granted', async () => {
    h = await createHarness();
    const seed = await h.enrollMfa();
    h.clock.advance(30_000);
    const code = await codeAt(seed, h.clock.now() / 1000);
    const outcomes = (await race(4, [code])).flat();
    expect(outcomes.filter((o) => o === 'granted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'mfa_invalid')).toHaveLength(3);
    // Each refusal was counted and audited; the grant too.
    const rows = h.services.audit.list({ limit: 50, step: 'mfa_verify' }).rows;
    expect(rows.filter((r) => r.outcome === 'succeeded')).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === 'failed')).toHaveLength(3);
  }, 60_000);

  it('wrong codes from four processes at once each count exactly once', async () => {
    h = await createHarness();
    await h.enrollMfa();
    // Two wrong codes per process: eight in all, more than the free attempts, so some meet the lock.
    const outcomes = (await race(4, ['000000', '999999'])).flat();
    const counted = outcomes.filter((o) => o === 'mfa_invalid').length;
    const state = h.services.db.prepare('SELECT failures, locked_until_ms FROM mfa_state WHERE id = 1').get() as { failures: number; locked_until_ms: number };
    expect(counted + outcomes.filter((o) => o === 'mfa_locked').length).toBe(8);
    expect(state.failures).toBe(counted);
    expect(state.locked_until_ms).toBeGreaterThan(h.clock.now());
  }, 60_000);

  it('200 interleaved wrong codes in one process: every one is counted or refused by the lock, none lost', async () => {
    h = await createHarness();
    await h.enrollMfa();
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => h.call(ipc.mfa.verify, { orgId: 'acme-corp', code: String(100000 + i) })));
    const codes = outcomes.map((r) => (r.ok ? 'granted' : r.error.code));
    const invalid = codes.filter((c) => c === 'mfa_invalid').length;
    const state = h.services.db.prepare('SELECT failures FROM mfa_state WHERE id = 1').get() as { failures: number };
    expect(codes.filter((c) => c === 'granted')).toHaveLength(0);
    expect(invalid + codes.filter((c) => c === 'mfa_locked').length).toBe(200);
    expect(state.failures).toBe(invalid);
    expect(h.services.audit.list({ limit: 500, step: 'mfa_verify', outcome: 'failed' }).total).toBe(200);
  });
});
