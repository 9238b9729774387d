import { describe, expect, it } from 'vitest';
import { parseRoleArn, regionProblem, roleNameProblem } from '../../shared/domain/aws.js';
import { orgIdProblem } from '../../shared/domain/org-id.js';

describe('role ARN validation', () => {
  it('accepts role ARNs of every partition, with and without a path, forgiving surrounding whitespace', () => {
    expect(parseRoleArn('  arn:aws:iam::123456789012:role/alphaswarm-broker-acme \n')).toEqual({
      ok: true,
      value: { arn: 'arn:aws:iam::123456789012:role/alphaswarm-broker-acme', partition: 'aws', accountId: '123456789012', path: '/', roleName: 'alphaswarm-broker-acme' },
    });
    const gov = parseRoleArn('arn:aws-us-gov:iam::123456789012:role/team/x/Broker+=,.@_-');
    expect(gov.ok && gov.value).toMatchObject({ partition: 'aws-us-gov', path: '/team/x/', roleName: 'Broker+=,.@_-' });
    expect(parseRoleArn('arn:aws-cn:iam::123456789012:role/r').ok).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['arn:aws:iam::123456789012:role/', /role name is empty/],
    ['not-an-arn', /not an ARN/],
    ['arn:aws:iam::12345678901:role/x', /12-digit/],
    ['arn:aws:iam::1234567890123:role/x', /12-digit/],
    ['arn:aws:iam::12345678901a:role/x', /12-digit/],
    ['arn:azure:iam::123456789012:role/x', /partition "azure"/],
    ['arn:aws:s3:::bucket/role/x', /"s3" service/],
    ['arn:aws:iam:us-east-1:123456789012:role/x', /no region/],
    ['arn:aws:iam::123456789012:user/alice', /IAM user/],
    ['arn:aws:iam::123456789012:policy/p', /not a role/],
    ['arn:aws:sts::123456789012:assumed-role/r/session', /assumed-role session/],
    [`arn:aws:iam::123456789012:role/${'a'.repeat(65)}`, /at most 64/],
    ['arn:aws:iam::123456789012:role/has space', /spaces/],
    ['arn:aws:iam::123456789012:role/bad*name', /characters IAM does not allow/],
    ['arn:aws:iam::123456789012:role/a//b', /not a valid IAM path/],
    ['arn:aws:iam::123456789012:role/x\u0000', /characters IAM does not allow/],
  ])('refuses %j with the reason', (input, reason) => {
    const r = parseRoleArn(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(reason);
      expect(r.reason).toContain('Expected arn:aws:iam::');
    }
  });
});

describe('region validation', () => {
  it.each([
    ['us-east-1', 'aws', undefined],
    ['eu-central-2', 'aws', undefined],
    ['cn-north-1', 'aws-cn', undefined],
    ['us-gov-west-1', 'aws-us-gov', undefined],
    ['us-east-1', 'aws-cn', /China partition/],
    ['cn-north-1', 'aws', /commercial partition/],
    ['eu-west-1', 'aws-us-gov', /GovCloud/],
    ['US-EAST-1', 'aws', /not an AWS region/],
    ['us-east-1; rm -rf /', 'aws', /not an AWS region/],
  ] as const)('%s in %s', (region, partition, problem) => {
    const p = regionProblem(region, partition);
    if (problem === undefined) expect(p).toBeUndefined();
    else expect(p).toMatch(problem);
  });
});

describe('role names', () => {
  it('follow IAM limits', () => {
    expect(roleNameProblem('alphaswarm-broker-acme')).toBeUndefined();
    expect(roleNameProblem('a'.repeat(64))).toBeUndefined();
    expect(roleNameProblem('a'.repeat(65))).toMatch(/65 characters/);
    expect(roleNameProblem('a/b')).toMatch(/not allow/);
  });
});

describe('org ids', () => {
  it.each(['acme-corp', 'a1', '__platform__', 'x'.repeat(63), '0-org'])('accepts %s', (id) => expect(orgIdProblem(id)).toBeUndefined());
  it.each([
    ['', /empty/],
    ['a', /too short/],
    [' acme', /spaces/],
    ['Acme', /uppercase/],
    ['acme/../etc', /path characters/],
    ['..', /path characters/],
    ['acme\\corp', /path characters/],
    ['acme_corp', /not allowed/],
    ['-acme', /not allowed/],
    ['acme-', /not allowed/],
    ['x'.repeat(64), /limit is 63/],
    ['acme\u0000', /path characters/],
    ['ac me', /not allowed/],
    ['__platform', /not allowed/],
  ])('refuses %j', (id, reason) => expect(orgIdProblem(id)).toMatch(reason));
});
