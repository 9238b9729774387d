import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log.js';
import { openDatabase } from '../../main/db/database.js';
import { TestClock } from '../support/clock.js';

function fill(log: AuditLog, n: number) {
  for (let i = 0; i < n; i++) {
    log.append({ actor: 'test', orgId: 'acme-corp', cloud: 'aws', step: 'identity', outcome: i % 2 ? 'failed' : 'succeeded', detail: { i, roleArn: `arn:aws:iam::123456789012:role/r${i}` } });
  }
}

describe('audit log hash chain', () => {
  let db: Database;
  let log: AuditLog;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    db = openDatabase(dir);
    log = new AuditLog(db, new TestClock(Date.parse('2026-11-28T10:00:00Z')));
    fill(log, 6);
  });

  const unlock = () => db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

  it('verifies an untouched chain', () => {
    expect(log.verify()).toMatchObject({ ok: true, rowCount: 6, verifiedThrough: 6, firstBad: null });
  });

  it('refuses UPDATE and DELETE by trigger', () => {
    expect(() => db.prepare("UPDATE audit_log SET outcome = 'succeeded' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('names the first edited row', () => {
    unlock();
    db.prepare("UPDATE audit_log SET outcome = 'succeeded' WHERE seq = 4").run();
    expect(log.verify()).toMatchObject({ ok: false, verifiedThrough: 3, firstBad: { seq: 4, reason: expect.stringMatching(/changed/) } });
  });

  it('names a deleted row', () => {
    unlock();
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(log.verify()).toMatchObject({ ok: false, verifiedThrough: 2, firstBad: { seq: 3, reason: expect.stringMatching(/missing/) } });
  });

  it('notices rows deleted from the end', () => {
    unlock();
    db.prepare('DELETE FROM audit_log WHERE seq >= 5').run();
    expect(log.verify()).toMatchObject({ ok: false, verifiedThrough: 4, firstBad: { seq: 5, reason: expect.stringMatching(/deleted from the end/) } });
    // New rows continue after the gap, so the deletion stays visible.
    fill(log, 1);
    expect(log.verify().firstBad?.seq).toBe(5);
  });

  it('notices reordered rows', () => {
    unlock();
    const swap = db.transaction(() => {
      db.prepare('UPDATE audit_log SET seq = -2 WHERE seq = 2').run();
      db.prepare('UPDATE audit_log SET seq = 2 WHERE seq = 3').run();
      db.prepare('UPDATE audit_log SET seq = 3 WHERE seq = -2').run();
    });
    swap();
    const v = log.verify();
    expect(v.ok).toBe(false);
    expect(v.firstBad?.seq).toBe(2);
  });

  it('closes a pending row left by a dead process as interrupted, and leaves a live one alone', () => {
    log.append({ actor: 't', orgId: 'acme-corp', cloud: 'aws', step: 'connect', outcome: 'pending', correlationId: 'c-dead', detail: { pid: 999_999_999 } });
    log.append({ actor: 't', orgId: 'acme-corp', cloud: 'aws', step: 'connect', outcome: 'pending', correlationId: 'c-live', detail: { pid: 4242 } });
    expect(log.closeInterrupted((writer) => writer.pid === 4242)).toBe(1);
    const rows = log.list({ limit: 10 }).rows;
    expect(rows[0]).toMatchObject({ outcome: 'interrupted', correlationId: 'c-dead', step: 'connect' });
    expect(log.closeInterrupted((writer) => writer.pid === 4242)).toBe(0);
    expect(log.verify().ok).toBe(true);
  });

  it('keeps one chain when two connections (the app and the CLI) append in turn', () => {
    const other = new AuditLog(openDatabase(dir), new TestClock());
    for (let i = 0; i < 5; i++) {
      other.append({ actor: 'cli', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
      log.append({ actor: 'app', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    }
    expect(log.verify()).toMatchObject({ ok: true, rowCount: 16 });
  });

  it('stays consistent when an append is rolled back with the transaction around it', () => {
    expect(() =>
      db.transaction(() => {
        log.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
        throw new Error('the surrounding work failed');
      })(),
    ).toThrow(/surrounding/);
    log.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded' });
    expect(log.verify()).toMatchObject({ ok: true, rowCount: 7 });
  });

  it('filters and pages', () => {
    expect(log.list({ limit: 2 }).rows.map((r) => r.seq)).toEqual([6, 5]);
    expect(log.list({ limit: 10, outcome: 'failed' })).toMatchObject({ total: 3 });
    expect(log.list({ limit: 10, beforeSeq: 3 }).rows.map((r) => r.seq)).toEqual([2, 1]);
  });

  it('refuses a detail that is not flat', () => {
    expect(() => log.append({ actor: 't', orgId: null, cloud: null, step: 'health', outcome: 'succeeded', detail: { nested: { x: 1 } } as never })).toThrow();
    expect(log.verify().rowCount).toBe(6);
  });
});
