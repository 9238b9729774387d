import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyVault } from '../../main/credentials/keychain.js';
import { type Harness, createHarness } from '../support/harness.js';
import { withoutTriggers as dropTriggersFor } from '../support/audit-tamper.js';

/**
 * The anchor cannot be switched off from inside the database: each attack below is what a local
 * attacker with write access to the database (but not the keychain) does; each verified clean before.
 */
describe('24.5–24.7 the audit anchor', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
    for (let i = 0; i < 30; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { n: i } });
    await h.services.anchor.checkpoint();
    for (let i = 0; i < 5; i++) h.services.audit.append({ actor: 'app:test', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { after: i } });
  });
  afterEach(() => h.close());

  const db = () => h.services.db;
  const verify = () => h.services.anchor.verify();
  const withoutTriggers = (change: () => void) => dropTriggersFor(db(), change);

  it('24.5 the database identity cannot be updated, and the row is itself append-only', () => {
    expect(() => db().prepare("UPDATE database_identity SET value = 'other' WHERE id = 1").run()).toThrow(/written once/);
    expect(() => db().prepare('DELETE FROM database_identity').run()).toThrow(/written once/);
  });

  it('24.5 a rewritten identity, deleted checkpoints and a cut tail are found (the keychain record is not set aside)', async () => {
    withoutTriggers(() => {
      db().prepare("UPDATE database_identity SET value = 'ffffffffffffffffffffffffffffffff' WHERE id = 1").run();
      db().prepare('DELETE FROM audit_checkpoints').run();
      db().prepare('DELETE FROM audit_log WHERE seq > 20').run();
    });
    const v = await verify();
    expect(v.ok).toBe(false);
    const said = v.anchor.findings.join(' ');
    expect(said).toMatch(/not the database the OS keychain's record is about/);
    expect(said).toMatch(/remembers checkpoint 1, but the log has none/);
  });

  it('24.5 a forged "retired" checkpoint (a vault reset that never happened) is found, identity rewritten or not', async () => {
    const latest = h.services.anchor.latest()!;
    withoutTriggers(() => db().prepare("UPDATE database_identity SET value = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' WHERE id = 1").run());
    db().prepare('INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (?, ?, ?, ?, ?, ?)').run(latest.n + 1, latest.rowCount, latest.lastSeq, latest.head, latest.time, 'retired');
    expect((await verify()).anchor.findings.join(' ')).toMatch(/were retired, but the OS keychain has no record of it/);
  });

  it('24.5 the keychain keeps the latest checkpoint’s signature hash: the same checkpoint put back passes, any other in its place is found', async () => {
    // A second checkpoint, then the whole checkpoint table put back as it was after the first…
    const first = db().prepare('SELECT * FROM audit_checkpoints').all() as Record<string, unknown>[];
    await h.services.anchor.checkpoint();
    // …and a different checkpoint 2 in its place: signed by this device over another log state.
    const two = db().prepare('SELECT * FROM audit_checkpoints WHERE n = 2').get() as Record<string, unknown>;
    withoutTriggers(() => {
      db().prepare('DELETE FROM audit_checkpoints WHERE n = 2').run();
      db().prepare('INSERT INTO audit_checkpoints (n, row_count, last_seq, head, time, jws) VALUES (?, ?, ?, ?, ?, ?)').run(2, two.row_count, two.last_seq, two.head, two.time, `${String(two.jws)}`);
    });
    expect(first).toHaveLength(1);
    expect((await verify()).ok).toBe(true); // the same signature put back is the same checkpoint
    withoutTriggers(() => db().prepare("UPDATE audit_checkpoints SET jws = 'x' || jws WHERE n = 2").run());
    expect((await verify()).anchor.findings.join(' ')).toMatch(/Checkpoint 2 is not signed by this device|not the one the OS keychain recorded/);
  });

  it('24.6 with the keychain unavailable, a cut log without checkpoints says it cannot be checked', async () => {
    const unavailable: KeyVault = {
      description: 'locked',
      get: () => {
        throw new Error('no Secret Service');
      },
      set: () => {
        throw new Error('no Secret Service');
      },
      delete: () => undefined,
    };
    const locked = await createHarness({ keyVault: unavailable });
    try {
      for (let i = 0; i < 10; i++) locked.services.audit.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
      const ldb = locked.services.db;
      const triggers = ldb.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
      ldb.transaction(() => {
        for (const t of triggers) ldb.exec(`DROP TRIGGER ${t.name}`);
        ldb.prepare('DELETE FROM audit_log WHERE seq > 4').run();
        for (const t of triggers) ldb.exec(t.sql);
      })();
      const v = await locked.services.anchor.verify();
      expect(v.ok).toBe(false);
      expect(v.anchor.uncheckable).toMatch(/cannot be checked/);
    } finally {
      locked.close();
    }
  });

  it('24.7 a trigger recreated under its own name with a body that does nothing is found, and what it let through', async () => {
    db().exec('DROP TRIGGER audit_log_no_delete');
    db().exec('CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT 1; END');
    db().prepare('DELETE FROM audit_log WHERE seq > 33').run();
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.anchor.findings.join(' ')).toMatch(/audit_log_no_delete was replaced by a different body/);
  });

  it('24.7 a trigger added to the audit tables is found', async () => {
    db().exec("CREATE TRIGGER sneaky AFTER INSERT ON audit_log BEGIN SELECT 1; END");
    expect((await verify()).anchor.findings.join(' ')).toMatch(/sneaky was added/);
  });

  it('an untouched log still verifies clean', async () => {
    expect(await verify()).toMatchObject({ ok: true, anchor: { findings: [], uncheckable: null } });
  });
});
