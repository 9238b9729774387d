import { describe, expect, it } from 'vitest';
import type { ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import { arrange, countsByOrgCloud } from '../../renderer/components/connections/connection-view.js';

const conn = (orgId: string, cloud: ConnectionSummary['cloud'], identifier: string, more: Partial<ConnectionSummary> = {}) =>
  ({ orgId, cloud, identifier, primary: false, status: 'connected', delivery: { state: 'delivered', receiptJti: 'r', deliveredAt: '2026-12-01T00:00:00Z', reason: null }, lastValidatedAt: null, credentialKey: `${orgId}/${cloud}/${identifier}`, ...more }) as ConnectionSummary;

const all = [
  conn('globex', 'aws', '222222222222', { status: 'drifted', lastValidatedAt: '2026-12-01T00:00:00Z' }),
  conn('acme', 'gcp', 'acme-prod', { delivery: { state: 'not_sent', receiptJti: null, deliveredAt: null, reason: null }, lastValidatedAt: '2026-12-02T00:00:00Z' }),
  conn('acme', 'aws', '111111111111', { lastValidatedAt: '2026-11-30T00:00:00Z' }),
  conn('acme', 'aws', '000000000000', { primary: true, lastValidatedAt: '2026-12-03T00:00:00Z' }),
];
const ids = (list: readonly ConnectionSummary[]) => list.map((c) => c.identifier);

describe('the connections list: filters and order an admin picks', () => {
  it('by default: org, then cloud in the usual order, the primary first', () => {
    expect(ids(arrange(all, { org: '', cloud: '', status: '', sort: 'org' }))).toEqual(['000000000000', '111111111111', 'acme-prod', '222222222222']);
  });

  it('needs-attention first, and least recently checked first', () => {
    expect(ids(arrange(all, { org: '', cloud: '', status: '', sort: 'attention' }))[0]).toBe('222222222222');
    expect(ids(arrange(all, { org: '', cloud: '', status: '', sort: 'validated' }))).toEqual(['111111111111', '222222222222', 'acme-prod', '000000000000']);
  });

  it('filters combine: an org typed with spaces and capitals, a cloud, a status', () => {
    expect(ids(arrange(all, { org: '  ACME ', cloud: 'aws', status: '', sort: 'org' }))).toEqual(['000000000000', '111111111111']);
    expect(ids(arrange(all, { org: '', cloud: '', status: 'unsent', sort: 'org' }))).toEqual(['acme-prod']);
    expect(ids(arrange(all, { org: '', cloud: '', status: 'attention', sort: 'org' }))).toEqual(['222222222222']);
    expect(arrange(all, { org: 'initech', cloud: '', status: '', sort: 'org' })).toEqual([]);
  });

  it('never reorders the list it was given (it is React state)', () => {
    const before = ids(all);
    arrange(all, { org: '', cloud: '', status: '', sort: 'validated' });
    expect(ids(all)).toEqual(before);
  });

  it('counts per org and cloud, for group headers and the Primary badge', () => {
    expect(Object.fromEntries(countsByOrgCloud(all))).toEqual({ 'globex|aws': 1, 'acme|gcp': 1, 'acme|aws': 2 });
  });
});

describe('what rotated reads as, per cloud', () => {
  it('an Azure connection whose org moved to another app reads "App rotated"; an AWS one "External id rotated"; both offer Rotate…', async () => {
    const { fixLabel, statusLook } = await import('../../renderer/components/connections/status.js');
    const azure = conn('acme', 'azure', '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', { status: 'rotated_key' });
    const aws = conn('acme', 'aws', '000000000000', { status: 'rotated_key' });
    expect(statusLook(azure)).toEqual(['warn', 'App rotated']);
    expect(statusLook(aws)).toEqual(['warn', 'External id rotated']);
    expect([fixLabel(azure), fixLabel(aws)]).toEqual(['Rotate…', 'Rotate…']);
  });
});
