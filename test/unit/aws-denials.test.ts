import { describe, expect, it } from 'vitest';
import { describeRegionsFailure } from '../../main/providers/aws/errors.js';
import { classifyDenial } from '../../main/providers/aws/denials.js';

// The sentences as AWS writes them (IAM User Guide, "Access denied error message examples").
const user = 'User: arn:aws:sts::444455556666:assumed-role/alphaswarm-broker-acme/alphaswarm-onboard-acme is not authorized to perform:';

describe('AWS access-denied messages, by the policy type AWS names', () => {
  it.each([
    [`${user} ec2:DescribeRegions with an explicit deny in a service control policy`, 'scp', /management account's admin/],
    [`${user} s3:ListAllMyBuckets on resource: * with an explicit deny in a resource control policy`, 'rcp', /management account's admin/],
    [`${user} iam:GetRole on resource: role x because no permissions boundary allows the iam:GetRole action`, 'boundary', /boundary policy/],
    [`${user} iam:GetRole on resource: role x with an explicit deny in a permissions boundary`, 'boundary', /boundary policy/],
    [`${user} ec2:DescribeRegions because no session policy allows the ec2:DescribeRegions action`, 'session', /session policy/],
    [`${user} ec2:DescribeRegions with an explicit deny in an identity-based policy`, 'identity-deny', /removes that Deny/],
    [`${user} ec2:DescribeRegions because no identity-based policy allows the ec2:DescribeRegions action`, 'identity-missing', /ReadOnlyAccess/],
    [`${user} ec2:DescribeRegions because no VPC endpoint policy allows the ec2:DescribeRegions action`, 'vpc-endpoint', /endpoint policy/],
  ])('%s', (message, kind, fix) => {
    const d = classifyDenial(message, 'alphaswarm-broker-acme');
    expect(d.kind).toBe(kind);
    expect(d.fix).toMatch(fix);
    if (kind !== 'identity-missing') expect(`${d.cause} ${d.fix}`).not.toMatch(/attach(es)? ReadOnlyAccess/i);
  });

  it('a disabled opt-in region is named as such, for the account admin', () => {
    const e = describeRegionsFailure({ name: 'AuthFailure', message: 'AWS was not able to validate the provided access credentials', $metadata: { httpStatusCode: 401 } }, 'arn:aws:iam::444455556666:role/r', undefined, 'me-south-1');
    expect(e.message).toBe('me-south-1 is an opt-in region, and it is not enabled for account 444455556666: its endpoints do not accept the account\'s credentials.');
    expect(e.hint).toContain('aws account enable-region --region-name me-south-1');
    expect(e.details).toMatchObject({ denial: 'opt-in-region' });
  });
});
