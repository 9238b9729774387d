import { describe, expect, it } from 'vitest';
import { grantsOnAccount, grantsOnZone, policyScopes } from '../../main/providers/cloudflare/token-resources.js';

const DNS = '4755a26eedb94da69e1066d98aa820be';
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const zoneInA = { id: '1'.repeat(32), name: 'acme.example', accountId: A };
const zoneInB = { id: '2'.repeat(32), name: 'other.example', accountId: B };
const allow = (resources: Record<string, unknown>) => ({ effect: 'allow', resources, permission_groups: [{ id: DNS, name: 'DNS Write' }] });

/** Policies parsed from JSON text, as the API sends them (not built by the reader under test). */
const parsed = (json: string) => JSON.parse(json) as { effect: string; resources: Record<string, unknown>; permission_groups: { id: string }[] }[];

describe("reading a Cloudflare token's resources", () => {
  it('every account holding every zone reaches zones of any account', () => {
    const policies = parsed(`[{"effect":"allow","resources":{"com.cloudflare.api.account.*":{"com.cloudflare.api.account.zone.*":"*"}},"permission_groups":[{"id":"${DNS}"}]}]`);
    expect(grantsOnZone(policies, DNS, zoneInA)).toBe(true);
    expect(grantsOnZone(policies, DNS, zoneInB)).toBe(true);
    expect(policyScopes(policies[0]!)).toEqual(new Set(['zone']));
  });

  it("one account's zones do not reach another account's zone, nor the account itself", () => {
    const policies = [allow({ [`com.cloudflare.api.account.${A}`]: { 'com.cloudflare.api.account.zone.*': '*' } })];
    expect(grantsOnZone(policies, DNS, zoneInA)).toBe(true);
    expect(grantsOnZone(policies, DNS, zoneInB)).toBe(false);
    expect(grantsOnAccount(policies, DNS, A)).toBe(false);
  });

  it('an account named with "*" reaches that account, but no zone', () => {
    const policies = [allow({ [`com.cloudflare.api.account.${A}`]: '*' })];
    expect(grantsOnAccount(policies, DNS, A)).toBe(true);
    expect(grantsOnAccount(policies, DNS, B)).toBe(false);
    expect(grantsOnZone(policies, DNS, zoneInA)).toBe(false);
    expect(policyScopes(policies[0]!)).toEqual(new Set(['account']));
  });

  it('a value other than "*", an unknown resource name, or another group reaches nothing', () => {
    expect(grantsOnZone([allow({ [`com.cloudflare.api.account.zone.${zoneInA.id}`]: 'read' })], DNS, zoneInA)).toBe(false);
    expect(grantsOnZone([allow({ 'com.cloudflare.api.user.0123': '*' })], DNS, zoneInA)).toBe(false);
    expect(grantsOnZone([allow({ 'com.cloudflare.api.account.zone': '*' })], DNS, zoneInA)).toBe(false);
    expect(grantsOnZone([allow({ 'com.cloudflare.api.account.zone.*': '*' })], 'c8fed203ed3043cba015a93ad1616f1f', zoneInA)).toBe(false);
    expect(grantsOnZone([{ effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' } }], DNS, zoneInA)).toBe(false);
  });

  it('a deny policy wins over an allow on the same zone, and only there', () => {
    const policies = [allow({ 'com.cloudflare.api.account.zone.*': '*' }), { ...allow({ [`com.cloudflare.api.account.zone.${zoneInA.id}`]: '*' }), effect: 'deny' }];
    expect(grantsOnZone(policies, DNS, zoneInA)).toBe(false);
    expect(grantsOnZone(policies, DNS, zoneInB)).toBe(true);
  });
});
