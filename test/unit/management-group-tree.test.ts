import { describe, expect, it } from 'vitest';
import { buildManagementGroupTree, type DescendantItem } from '../../main/providers/azure/management-group-tree.js';
import { placeNodes } from '../../shared/domain/estate.js';

const MG = '/providers/Microsoft.Management/managementGroups/';
const group = (name: string, parent: string, displayName = name): DescendantItem => ({ id: `${MG}${name}`, type: 'Microsoft.Management/managementGroups', name, properties: { displayName, parent: { id: `${MG}${parent}` } } });
const subscription = (name: string, parent: string, displayName: string | null = name): DescendantItem => ({ id: `/subscriptions/${name}`, type: '/subscriptions', name, properties: { displayName, parent: { id: `${MG}${parent}` } } });
const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const S3 = '33333333-3333-4333-8333-333333333333';

describe("a management group's tree from ARM's flat descendants", () => {
  it('nests groups and places subscriptions, even when a child comes before its parent (pages are ARM\'s order)', () => {
    const root = buildManagementGroupTree('contoso', [subscription(S2, 'corp-eu', 'corp eu one'), group('corp-eu', 'corp', 'Corp EU'), group('corp', 'contoso', 'Corp'), subscription(S1, 'contoso')]);
    expect(placeNodes(root).map((p) => p.path)).toEqual(['contoso', 'contoso / Corp', 'contoso / Corp / Corp EU']);
    expect(root.accounts.map((a) => a.id)).toEqual([S1]);
    expect(root.children[0]!.children[0]!.accounts).toEqual([{ id: S2, name: 'corp eu one', status: 'active' }]);
  });

  it('matches ids without regard to case, keeps a subscription once, and hangs an orphan under the root', () => {
    const root = buildManagementGroupTree('Contoso', [
      group('Corp', 'contoso'),
      subscription(S1.toUpperCase(), 'CORP'),
      subscription(S1, 'corp'),
      subscription(S3, 'gone-group'),
    ]);
    expect(root.children.map((c) => c.id)).toEqual(['Corp']);
    expect(root.children[0]!.accounts.map((a) => a.id)).toEqual([S1]);
    expect(root.accounts.map((a) => a.id)).toEqual([S3]);
  });

  it('refuses what is not a subscription id, and keeps hostile names as data (no display name: the id)', () => {
    const hostile = '\u001b[31mEvil\u0007 `rm -rf ~` ${x}';
    const root = buildManagementGroupTree('contoso', [subscription('not-a-guid', 'contoso'), subscription('../../etc', 'contoso'), subscription(S1, 'contoso', hostile), subscription(S2, 'contoso', null), group('contoso', 'contoso')]);
    expect(root.accounts).toEqual([
      { id: S1, name: hostile, status: 'active' },
      { id: S2, name: S2, status: 'active' },
    ]);
    // A group naming itself (or the root) as a child never makes a cycle.
    expect(root.children).toEqual([]);
  });
});
