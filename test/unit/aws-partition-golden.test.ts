import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { buildAwsBootstrap } from '../../shared/artifacts/aws.js';
import { AWS_PARTITIONS, type AwsPartition } from '../../shared/domain/aws.js';
import { expectGolden } from '../support/golden.js';

// Values as awkward as each field allows: every character IAM permits in a role name, an external id
// from a profile with every character STS permits, and a template URL with a quote and a "$(" in it.
const HOSTILE = {
  orgId: 'acme-gov-2',
  roleName: "Broker+=,.@_-x",
  externalId: 'ext:id/with=all+chars,.@_-0123456789',
  templateUrl: "https://alphaswarm.s3.amazonaws.com/it's$(touch%20pwned).yaml",
};
const PARTNER: Readonly<Record<AwsPartition, string>> = { aws: '111122223333', 'aws-us-gov': '222233334444', 'aws-cn': '555566667777' };

function build(partition: AwsPartition) {
  return buildAwsBootstrap({ ...HOSTILE, partition, partnerAccountId: PARTNER[partition], rotation: { oldExternalId: 'old-id', oldKeyFingerprint: 'k-old', newKeyFingerprint: 'k-new' } });
}

describe('AWS artifacts per partition (golden, hostile values)', () => {
  for (const partition of AWS_PARTITIONS) {
    it(`${partition}: every artifact as reviewed`, () => {
      const b = build(partition);
      expectGolden(`aws-partitions/${partition}`, [
        // The rotation's final trust policy shares trust_policy.json's name: it goes in its own folder.
        ...b.artifacts.map((a) => ({ path: a.id.startsWith('rotation-') ? `rotation/${a.filename}` : a.filename, content: a.content })),
        { path: 'facts.json', content: `${JSON.stringify({ partition: b.partition, partnerPrincipal: b.partnerPrincipal, quickCreateUrl: b.quickCreateUrl, stackName: b.stackName }, null, 2)}\n` },
      ]);
    });

    it(`${partition}: the Terraform parses, and its trust policy is trust_policy.json once the partition is filled in`, async () => {
      const b = build(partition);
      const tf = b.artifacts.find((a) => a.id === 'terraform')!.content;
      const parsed = (await parse('main.tf', tf)) as { resource: Record<string, Record<string, Record<string, unknown>[]>>; data: Record<string, unknown> };
      expect(Object.keys(parsed.data)).toContain('aws_partition');
      const role = parsed.resource.aws_iam_role!.alphaswarm_broker![0]!;
      const filled = (role.assume_role_policy as string).replace('${data.aws_partition.current.partition}', partition);
      expect(JSON.parse(filled)).toEqual(b.trustPolicy);
      expect(parsed.resource.aws_iam_role_policy_attachment!.read_only![0]!.policy_arn).toBe('arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess');
      // Nothing but the partition is left to Terraform: every other "${" is escaped.
      expect(tf.match(/(?<!\$)\$\{/g)).toHaveLength(2);
    });
  }

  it('only the partition differs between the trust policies: each names its own partner account', () => {
    const principals = AWS_PARTITIONS.map((p) => build(p).trustPolicy.Statement[0].Principal.AWS);
    expect(principals).toEqual(['arn:aws:iam::111122223333:root', 'arn:aws-cn:iam::555566667777:root', 'arn:aws-us-gov:iam::222233334444:root']);
  });
});
