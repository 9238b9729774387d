import { describe, expect, it } from 'vitest';
import { classifyEstate, countsByNode, unknownInSelection } from '../../shared/domain/estate.js';
import type { EstateSelection, ScopeNode } from '../../shared/ipc/estate-schemas.js';

const acct = (id: string, status: 'active' | 'suspended' | 'closing' = 'active') => ({ id, name: `n${id}`, status });
// root ─ A ─ A1 (3) ; A (2) ; B (4, 5 suspended) ; root (1, M)
const tree: ScopeNode = {
  kind: 'root',
  id: 'r-abcd',
  name: 'Root',
  accounts: [acct('111111111111'), acct('999999999999')],
  children: [
    { kind: 'ou', id: 'ou-abcd-aaaaaaaa', name: 'A', accounts: [acct('222222222222')], children: [{ kind: 'ou', id: 'ou-abcd-a1a1a1a1', name: 'A1', accounts: [acct('333333333333')], children: [] }] },
    { kind: 'ou', id: 'ou-abcd-bbbbbbbb', name: 'B', accounts: [acct('444444444444'), acct('555555555555', 'suspended'), acct('222222222222')], children: [] },
  ],
};
const NONE: EstateSelection = { includeOus: [], excludeOus: [], excludeAccounts: [] };
const states = (sel = NONE, connected: string[] = []) => Object.fromEntries(classifyEstate(tree, sel, new Set(connected), '999999999999').entries.map((e) => [e.id, e.state]));

describe('the estate: selection and comparison', () => {
  it('everything by default; the management account apart, suspended skipped, an account listed twice counted once', () => {
    const c = classifyEstate(tree, NONE, new Set(['111111111111']), '999999999999');
    expect(Object.fromEntries(c.entries.map((e) => [e.id, e.state]))).toEqual({
      '111111111111': 'connected',
      '999999999999': 'management',
      '222222222222': 'new',
      '333333333333': 'new',
      '444444444444': 'new',
      '555555555555': 'suspended',
    });
    expect(c.counts).toEqual({ total: 5, connected: 1, new: 3, excluded: 0, suspended: 1 });
    expect(c.entries.find((e) => e.id === '333333333333')!.path).toBe('Root / A / A1');
  });

  it('an included OU takes everything below it; an exclusion below it wins; an excluded account stays out', () => {
    expect(states({ includeOus: ['ou-abcd-aaaaaaaa'], excludeOus: ['ou-abcd-a1a1a1a1'], excludeAccounts: [] })).toMatchObject({ '222222222222': 'new', '333333333333': 'excluded', '111111111111': 'excluded', '444444444444': 'excluded' });
    expect(states({ ...NONE, excludeAccounts: ['444444444444'] }, ['444444444444'])['444444444444']).toBe('excluded');
    const still = classifyEstate(tree, { ...NONE, excludeOus: ['ou-abcd-bbbbbbbb'] }, new Set(['444444444444']), null).entries.find((e) => e.id === '444444444444')!;
    expect(still.reason).toBe('Excluded with B (ou-abcd-bbbbbbbb). It is still connected: disconnect it if AlphaSwarm should no longer read it.');
    // Excluding the root leaves nothing.
    expect(classifyEstate(tree, { ...NONE, excludeOus: ['r-abcd'] }, new Set(), null).counts.new).toBe(0);
  });

  it('names the ids a selection holds that the tree does not', () => {
    expect(unknownInSelection(tree, { includeOus: ['ou-abcd-zzzzzzzz'], excludeOus: ['ou-abcd-aaaaaaaa'], excludeAccounts: ['123412341234'] })).toEqual(['ou-abcd-zzzzzzzz', '123412341234']);
  });

  it('counts each node over the accounts at and below it', () => {
    const { entries } = classifyEstate(tree, { ...NONE, excludeOus: ['ou-abcd-a1a1a1a1'] }, new Set(['222222222222']), '999999999999');
    const by = countsByNode(tree, entries);
    expect(by.get('r-abcd')).toEqual({ total: 5, connected: 1, new: 2, excluded: 1, suspended: 1 });
    expect(by.get('ou-abcd-aaaaaaaa')).toEqual({ total: 2, connected: 1, new: 0, excluded: 1, suspended: 0 });
    expect(by.get('ou-abcd-bbbbbbbb')).toEqual({ total: 2, connected: 0, new: 1, excluded: 0, suspended: 1 });
  });
});
