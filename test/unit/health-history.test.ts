import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.js';
import { HEALTH_RUNS_KEPT_PER_CONNECTION, HealthHistoryStore, type NewHealthRun } from '../../main/health/health-history-store.js';
import { type HealthFinding, diffRuns, fixText, isDueForRecheck } from '../../shared/domain/health-history.js';

const DAY = 24 * 60 * 60 * 1000;
const granted = (name: string): HealthFinding => ({ kind: 'action', name, expected: 'allowed', actual: 'granted', ok: true, cause: null, fix: null });
const missing = (name: string, fix: string): HealthFinding => ({ kind: 'action', name, expected: 'allowed', actual: 'missing', ok: false, cause: 'An SCP denies it.', fix });

function store() {
  const db = openDatabase(mkdtempSync(join(tmpdir(), 'health-history-')), { synchronous: 'NORMAL' });
  return { db, kept: new HealthHistoryStore(db) };
}
const run = (over: Partial<NewHealthRun> = {}): NewHealthRun => ({
  orgId: 'acme-corp',
  cloud: 'aws',
  account: '210987654321',
  credentialKey: 'cloud_aws:org:acme-corp',
  tier: 'standard',
  checkedAt: '2026-01-01T00:00:00.000Z',
  status: 'connected',
  reason: null,
  findings: [granted('ec2:DescribeRegions')],
  ...over,
});

describe('health history: kept runs, bounded, nothing secret, diffs', () => {
  it('keeps the newest 100 runs of a connection and none older than a year, leaving other connections alone', () => {
    const { db, kept } = store();
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    kept.record(run({ account: '111111111111', checkedAt: new Date(now - 400 * DAY).toISOString() }), now - 400 * DAY);
    kept.record(run({ account: '222222222222', checkedAt: new Date(now - 10 * DAY).toISOString() }), now - 10 * DAY);
    for (let i = 0; i < HEALTH_RUNS_KEPT_PER_CONNECTION + 5; i++) kept.record(run({ checkedAt: new Date(now - (200 - i) * 60_000).toISOString() }), now);
    expect(kept.list({ orgId: 'acme-corp', cloud: 'aws', account: '210987654321' }, 500)).toHaveLength(HEALTH_RUNS_KEPT_PER_CONNECTION);
    expect(kept.list({ orgId: 'acme-corp', cloud: 'aws', account: '111111111111' }, 500)).toHaveLength(0);
    expect(kept.list({ orgId: 'acme-corp', cloud: 'aws', account: '222222222222' }, 500)).toHaveLength(1);
    db.close();
  });

  it('redacts credential-shaped text a cloud echoed before it is stored', () => {
    const { db, kept } = store();
    const secret = 'AKIAIOSFODNN7EXAMPLE';
    kept.record(run({ status: 'check_failed', reason: `refused for ${secret}`, findings: [{ ...missing('sts:AssumeRole', `retry with ${secret}`), cause: `key ${secret}` }] }), Date.now());
    const raw = JSON.stringify(db.prepare('SELECT * FROM health_runs').all());
    expect(raw).not.toContain(secret);
    db.close();
  });

  it('a damaged findings column reads as no findings, keeping status and reason', () => {
    const { db, kept } = store();
    kept.record(run({ status: 'degraded', reason: 'Lost: x' }), Date.now());
    db.prepare("UPDATE health_runs SET findings = '{not json'").run();
    expect(kept.list({ orgId: 'acme-corp' }, 10)[0]).toMatchObject({ status: 'degraded', reason: 'Lost: x', findings: [] });
    db.close();
  });

  it('diffs consecutive runs: what moved, expected against before and after, with the fix; the fix text once per fix', () => {
    const fix = "Who can fix it: the management account's admin, by allowing ec2:DescribeInstances in the SCP.";
    const a = { ...run(), id: 1, findings: [granted('ec2:DescribeRegions'), granted('ec2:DescribeInstances')] };
    const b = { ...run(), id: 2, status: 'degraded', findings: [granted('ec2:DescribeRegions'), missing('ec2:DescribeInstances', fix), missing('s3:ListAllMyBuckets', fix)] };
    const d = diffRuns(a, b);
    expect(d).toMatchObject({ fromId: 1, toId: 2, fromStatus: 'connected', toStatus: 'degraded' });
    expect(d.changes).toEqual([
      { kind: 'action', name: 'ec2:DescribeInstances', expected: 'allowed', before: 'granted', after: 'missing', nowOk: false, cause: 'An SCP denies it.', fix },
      { kind: 'action', name: 's3:ListAllMyBuckets', expected: 'allowed', before: null, after: 'missing', nowOk: false, cause: 'An SCP denies it.', fix },
    ]);
    expect(diffRuns(b, a).changes.map((c) => [c.name, c.before, c.after])).toEqual([['ec2:DescribeInstances', 'missing', 'granted'], ['s3:ListAllMyBuckets', 'missing', null]]);
    expect(fixText(b)).toBe(fix);
  });

  it('due for re-check after 7 days without one, from the given clock', () => {
    const now = Date.parse('2026-06-08T00:00:01.000Z');
    expect(isDueForRecheck('2026-06-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', now)).toBe(true);
    expect(isDueForRecheck('2026-06-01T00:00:02.000Z', '2026-01-01T00:00:00.000Z', now)).toBe(false);
    expect(isDueForRecheck(null, '2026-06-05T00:00:00.000Z', now)).toBe(false);
    expect(isDueForRecheck(null, 'not a date', now)).toBe(true);
  });
});
