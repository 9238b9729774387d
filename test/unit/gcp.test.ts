import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { poolIdFor } from '../../main/providers/gcp/pool-id.js';
import { attributeCondition, POOL_ID_PATTERN, projectIdProblem, projectNumberProblem, providerAudience } from '../../shared/domain/gcp.js';
import { evaluateCondition } from '../fakes/gcp/gcp-fake.js';

describe('workload identity pool ids', () => {
  it('use alphaswarm-broker-<org_id> where it fits', () => {
    expect(poolIdFor('acme-corp')).toBe('alphaswarm-broker-acme-corp');
    expect(poolIdFor('abcdefghijklmn')).toBe('alphaswarm-broker-abcdefghijklmn');
  });

  it('use the documented short form otherwise: the platform tenant and long org ids', () => {
    const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);
    expect(poolIdFor('__platform__')).toBe(`alphaswarm-platform-${digest('__platform__')}`);
    const long = `${'a'.repeat(30)}-${'b'.repeat(29)}`;
    expect(long).toHaveLength(60);
    expect(poolIdFor(long)).toBe(`alphaswarm-aaaaaaaaaaaa-${digest(long)}`);
    expect(poolIdFor('abcdefghijklmno')).toBe(`alphaswarm-abcdefghijkl-${digest('abcdefghijklmno')}`);
  });

  it('are always valid, deterministic and distinct', () => {
    const ids = ['__platform__', 'acme-corp', 'x'.repeat(63), `${'a'.repeat(11)}-${'b'.repeat(40)}`, 'a1', 'gcp-org', 'abcdefghijkl-x-y'].map(poolIdFor);
    for (const id of ids) {
      expect(id).toMatch(POOL_ID_PATTERN);
      expect(id.length).toBeLessThanOrEqual(32);
      expect(id).not.toMatch(/^gcp-|-$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(poolIdFor('x'.repeat(63))).toBe(poolIdFor('x'.repeat(63)));
    expect(poolIdFor(`${'a'.repeat(40)}-one`)).not.toBe(poolIdFor(`${'a'.repeat(40)}-two`));
  });
});

describe('project ids and numbers are not interchangeable', () => {
  it.each([
    ['acme-prod-4821', undefined],
    ['483920174562', /is a project number/],
    ['Acme', /not a project id/],
    ['acme-', /not a project id/],
    ['a'.repeat(31), /not a project id/],
    ['', /empty/],
  ])('project id %j', (v, problem) => (problem ? expect(projectIdProblem(v)).toMatch(problem) : expect(projectIdProblem(v)).toBeUndefined()));
  it.each([
    ['483920174562', undefined],
    ['acme-prod-4821', /not a project number/],
    ['12 34', /not a project number/],
    ['012', /not a valid project number/],
  ])('project number %j', (v, problem) => (problem ? expect(projectNumberProblem(v)).toMatch(problem) : expect(projectNumberProblem(v)).toBeUndefined()));
});

describe('provider audience and condition', () => {
  it('address the provider by project number', () => {
    expect(providerAudience('483920174562', 'alphaswarm-broker-acme')).toBe('//iam.googleapis.com/projects/483920174562/locations/global/workloadIdentityPools/alphaswarm-broker-acme/providers/alphaswarm-oidc');
  });
  it('admit exactly the org subject', () => {
    const c = attributeCondition('alphaswarm:org:acme-corp');
    expect(c).toBe("assertion.sub == 'alphaswarm:org:acme-corp'");
    expect(evaluateCondition(c, { sub: 'alphaswarm:org:acme-corp' })).toBe(true);
    expect(evaluateCondition(c, { sub: 'alphaswarm:org:ACME-CORP' })).toBe(false);
    expect(evaluateCondition(c, { sub: 'alphaswarm:org:acme-corp-2' })).toBe(false);
  });
});
