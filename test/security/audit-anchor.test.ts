import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultFor } from '../support/vaults.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditTampered, CHECKPOINT_TYP } from '../../main/audit/audit-anchor.js';
import { GENESIS_HASH, rowHash } from '../../main/audit/canonical.js';
import { ed25519Thumbprint } from '../../main/jws/pinned-keys.js';
import { signCompactJws } from '../../main/jws/sign-jws.js';
import { type Harness, createHarness } from '../support/harness.js';
import { seedCloudflareConnection } from '../support/seed.js';
import { startCloudflareWorld } from '../support/cloudflare-env.js';
import { ipc } from '../support/contracts.js';
import { withoutTriggers as dropTriggersFor } from '../support/audit-tamper.js';

type Raw = { seq: number; ts: string; actor: string; org_id: string | null; cloud: string | null; step: string; outcome: string; correlation_id: string | null; detail: string };

/**
 * Probe 3: the audit log cannot be rewritten without a trace. Each attack below is what a local
 * attacker with write access to the database (but not the keychain) can do; each made the old
 * `audit verify` say "ok".
 */
describe('the audit log is anchored by signed checkpoints', () => {
  let h: Harness;
  let anchored: number;

  beforeEach(async () => {
    h = await createHarness();
    for (let i = 0; i < 30; i++) h.services.audit.append({ actor: 'app:test', orgId: `org-${i % 3}`, cloud: 'aws', step: 'health', outcome: 'succeeded', detail: { n: i } });
    const cp = await h.services.anchor.checkpoint();
    // 30 rows, and the device key's creation: the first signature makes the key before reading the log.
    expect(cp).toMatchObject({ n: 1, rowCount: 31, lastSeq: 31 });
    anchored = cp.lastSeq;
    for (let i = 0; i < 5; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { after: i } });
  });
  afterEach(() => h.close());

  const db = () => h.services.db;
  const withoutTriggers = (change: () => void) => dropTriggersFor(db(), change);
  /** Recompute every hash from the first row, as an attacker covering an edit would. */
  function rechain() {
    const rows = db().prepare('SELECT seq, ts, actor, org_id, cloud, step, outcome, correlation_id, detail FROM audit_log ORDER BY seq').all() as Raw[];
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const hash = rowHash(prev, [r.seq, r.ts, r.actor, r.org_id, r.cloud, r.step, r.outcome, r.correlation_id, r.detail]);
      db().prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
  }
  const verify = () => h.services.anchor.verify();

  it('an untouched log verifies, anchored by its checkpoint, with the rows since counted', async () => {
    const v = await verify();
    // The checkpoint covers the device key's creation too; five rows were written after it.
    expect(v).toMatchObject({ ok: true, rowCount: 36, anchor: { findings: [], checkpoint: { n: 1, lastSeq: anchored }, unanchoredRows: 5 } });
    // The chain alone (what verify used to be) agrees.
    expect(h.services.audit.verify().ok).toBe(true);
  });

  it('a cut tail with sqlite_sequence reset is found: the checkpoint covered rows that are gone', async () => {
    withoutTriggers(() => {
      db().prepare('DELETE FROM audit_log WHERE seq > 20').run();
      db().prepare("UPDATE sqlite_sequence SET seq = 20 WHERE name = 'audit_log'").run();
    });
    expect(h.services.audit.verify().ok).toBe(true); // the chain alone cannot tell
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(new RegExp(`Rows 21–${anchored} are gone`));
    // And no new checkpoint (or bundle) will vouch for the cut log.
    await expect(h.services.anchor.checkpoint()).rejects.toBeInstanceOf(AuditTampered);
    expect((await verify()).ok).toBe(false);
  });

  it('an edited row with every later hash recomputed is found', async () => {
    withoutTriggers(() => {
      db().prepare("UPDATE audit_log SET outcome = 'failed' WHERE seq = 7").run();
      rechain();
    });
    expect(h.services.audit.verify().ok).toBe(true);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(new RegExp(`Row ${anchored} no longer has the hash .* signed: the chain up to it was rewritten`));
  });

  it('a deleted row with the rest renumbered (and the sequence reset) is found', async () => {
    withoutTriggers(() => {
      db().prepare('DELETE FROM audit_log WHERE seq = 10').run();
      db().prepare('UPDATE audit_log SET seq = seq - 1 WHERE seq > 10').run();
      db().prepare("UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log) WHERE name = 'audit_log'").run();
      rechain();
    });
    expect(h.services.audit.verify().ok).toBe(true);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/no longer has the hash/);
  });

  it('dropped append-only triggers are reported', async () => {
    db().exec('DROP TRIGGER audit_log_no_delete');
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/append-only trigger audit_log_no_delete was removed/);
  });

  it('deleted checkpoints are found: the OS keychain remembers the latest one', async () => {
    withoutTriggers(() => db().prepare('DELETE FROM audit_checkpoints').run());
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/OS keychain remembers checkpoint 1, but the log has none/);
  });

  it('a checkpoint signed by another key is refused as forged', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    const forged = await signCompactJws({ alg: 'EdDSA', typ: CHECKPOINT_TYP, kid: await ed25519Thumbprint(x) }, { n: 2, rowCount: 20, lastSeq: 20, head: 'a'.repeat(64), time: new Date().toISOString(), prev: 'x' }, privateKey);
    db().prepare('INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (2, 20, 20, ?, ?, ?)').run('a'.repeat(64), new Date().toISOString(), forged);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/Checkpoint 2 is not signed by this device/);
  });

  it('a bundle is refused while the log does not verify, and carries its checkpoint when it does', async () => {
    const world = await startCloudflareWorld();
    try {
      seedCloudflareConnection(h, world, 'org-1', 80);
      await h.stepUp('__platform__');
      const good = await h.ok(ipc.bundles.export, { orgId: '__platform__', orgIds: ['org-1'] });
      const payload = JSON.parse(Buffer.from(readFileSync(good.path, 'utf8').split('.')[1]!, 'base64url').toString()) as { bundle: { audit: { checkpoint: { n: number; rowCount: number } } } };
      expect(payload.bundle.audit.checkpoint).toMatchObject({ n: 2 });
      withoutTriggers(() => db().prepare('DELETE FROM audit_log WHERE seq > 25').run());
      expect(await h.fails(ipc.bundles.export, { orgId: '__platform__', orgIds: ['org-1'] })).toMatchObject({ code: 'precondition_failed', message: expect.stringMatching(/audit log does not verify/) });
    } finally {
      await world.fake.stop();
    }
  });

  it('after "Reset local vault" drops an unreadable device key, its checkpoints are retired and a new series starts', async () => {
    // The keychain lost the key the device key was encrypted under: its secret can no longer be read.
    db().prepare("UPDATE secrets SET key_id = 'a-key-the-keychain-lost' WHERE name = 'device/signing-key'").run();
    h = await h.reopen();
    expect((await verify()).anchor.findings.join(' ')).toMatch(/cannot be checked/);
    await h.ok(ipc.settings.resetVault, { confirm: 'RESET' });
    const next = await h.services.anchor.checkpoint();
    expect(next.n).toBe(3);
    expect(await verify()).toMatchObject({ ok: true, anchor: { findings: [], checkpoint: { n: 3 } } });
    // A retirement the keychain does not know of (written into the file by someone else) is a finding.
    const other = await createHarness();
    other.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    await other.services.anchor.checkpoint();
    other.services.db.prepare("INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (2, 1, 1, 'x', 'now', 'retired')").run();
    expect((await other.services.anchor.verify()).anchor.findings.join(' ')).toMatch(/retired, but the OS keychain has no record/);
    other.close();
  });

  it('checkpoints asked for at the same moment (a periodic one and an export) are made one after the other', async () => {
    h.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    const made = await Promise.all([h.services.anchor.checkpoint(), h.services.anchor.checkpoint(), h.services.anchor.checkpoint()]);
    expect(made.map((c) => c.n)).toEqual([2, 2, 2]);
    h.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    expect((await h.services.anchor.checkpoint()).n).toBe(3);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('no false alarm: no keychain record (a moved folder), a keychain that cannot be asked, a new database where an old one was deleted', async () => {
    const account = [...vaultFor(h.dataDir).accounts()].find((a) => a.startsWith('audit-checkpoint:'))!;
    const saved = vaultFor(h.dataDir).get(account)!;
    vaultFor(h.dataDir).delete(account);
    expect(await verify()).toMatchObject({ ok: true });
    vaultFor(h.dataDir).set(account, saved);

    const broken = await createHarness({ keyVault: { description: 'broken', get: () => { throw new Error('no Secret Service'); }, set: () => { throw new Error('no Secret Service'); }, delete: () => undefined } });
    broken.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    // No false alarm, and no false all-clear either (24.6): it says it cannot be checked.
    const unchecked = await broken.services.anchor.verify();
    expect(unchecked.anchor.findings.join(' ')).not.toMatch(/keychain remembers|no record/);
    expect(unchecked).toMatchObject({ ok: false, anchor: { uncheckable: expect.stringMatching(/keychain cannot be read/) } });
    broken.close();

    // The engineer deletes the data folder on purpose: the next database at that path starts clean,
    // its first row saying it replaced one, anchored at once (so that row cannot be cut quietly).
    const dir = h.dataDir;
    h.close();
    for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
    h = await createHarness({ dataDir: dir });
    expect(h.services.audit.list({ limit: 5, step: 'audit_anchor_reset' }).rows[0]!.detail).toMatchObject({ previousCheckpoint: 1 });
    h.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    expect(await verify()).toMatchObject({ ok: true, anchor: { findings: [] } });
    expect((await h.services.anchor.checkpoint()).n).toBe(2);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('an older copy of the same database put back is found by the keychain record', async () => {
    const dir = h.dataDir;
    h.close();
    const backup = mkdtempSync(join(tmpdir(), 'backup-'));
    for (const f of readdirSync(dir)) cpSync(join(dir, f), join(backup, f), { recursive: true });
    h = await createHarness({ dataDir: dir });
    for (let i = 0; i < 3; i++) h.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    await h.services.anchor.checkpoint();
    h.close();
    for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
    for (const f of readdirSync(backup)) cpSync(join(backup, f), join(dir, f), { recursive: true });
    h = await createHarness({ dataDir: dir });
    expect((await verify()).anchor.findings.join(' ')).toMatch(/remembers checkpoint 2, but the log has only up to 1/);
  });

  it('signs a checkpoint by itself once enough rows have been written', async () => {
    for (let i = 0; i < 60; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    await expect.poll(() => h.services.anchor.latest()?.n).toBeGreaterThanOrEqual(2);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
