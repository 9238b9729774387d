import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { baselinePolicy, buildAwsBootstrap, corePolicy, iamPolicyChars } from '../../shared/artifacts/aws.js';
import { buildAzureBootstrap } from '../../shared/artifacts/azure.js';
import { buildGcpBootstrap } from '../../shared/artifacts/gcp.js';
import { AWS_PARTITIONS, AWS_TIER_CHECKS, MANAGED_POLICY_MAX } from '../../shared/domain/aws.js';
import { azureTierRoles } from '../../shared/domain/azure.js';
import { PERMISSION_TIERS, type PermissionTier } from '../../shared/domain/tiers.js';
import { expectGolden } from '../support/golden.js';

// Values as awkward as each field allows: a role name with every character IAM permits, an org
// subject and project with quotes and template sequences where a builder would have to escape them.
const AWS = { orgId: 'acme-prod', roleName: 'Broker+=,.@_-x', externalId: 'ext:id/with=all+chars,.@_-0123456789', partnerAccountId: '111122223333' };
const AZURE = {
  orgId: 'acme-prod',
  issuer: 'https://alpha-swarm.ai/oidc/',
  subject: 'alphaswarm:org:acme-prod',
  audience: 'api://AzureADTokenExchange',
  appClientId: '6a5f2f61-3c4c-4c8e-9a57-0f3b8b2d1e01',
  appObjectId: '0f1e2d3c-4b5a-4697-8877-665544332211',
  cloud: 'AzureCloud' as const,
  subscriptionId: "sub'$(touch pwned)\"${x}",
};
const GCP = {
  orgId: 'acme-prod',
  poolId: 'alphaswarm-broker-acme-prod',
  issuer: 'https://alpha-swarm.ai/oidc/',
  subject: 'alphaswarm:org:acme-prod',
  audience: 'https://alpha-swarm.ai/gcp',
  serviceAccountEmail: 'alphaswarm-broker@alphaswarm-platform.iam.gserviceaccount.com',
  memberScope: 'subject' as const,
  projectId: "acme'$(touch pwned)${x}",
  projectNumber: '483920174562',
};

const files = (artifacts: readonly Artifact[]) => artifacts.map((a) => ({ path: a.filename, content: a.content }));
const aws = (tier: PermissionTier, fromTier?: PermissionTier) => buildAwsBootstrap({ ...AWS, tier, fromTier });
const azure = (tier: PermissionTier, fromTier?: PermissionTier) => {
  const wanted = azureTierRoles(tier, ['Reader']);
  const had = fromTier ? azureTierRoles(fromTier, ['Reader']) : [];
  return buildAzureBootstrap({ ...AZURE, tier, fromTier, requiredRoles: wanted.filter((r) => !had.includes(r)) });
};
const gcp = (tier: PermissionTier, fromTier?: PermissionTier) => buildGcpBootstrap({ ...GCP, tier, fromTier });

async function expectTerraformParses(artifacts: readonly Artifact[]): Promise<void> {
  for (const a of artifacts.filter((x) => x.language === 'hcl')) {
    const parsed = await parse(a.filename, a.content);
    expect(Object.keys(parsed), a.filename).toContain('resource');
  }
}

describe('every tier × cloud, as reviewed (golden, hostile values)', () => {
  for (const tier of PERMISSION_TIERS) {
    it(`aws ${tier}`, async () => {
      const b = aws(tier);
      expect(b.tier).toBe(tier);
      expectGolden(`tiers/aws/${tier}`, files(b.artifacts));
      await expectTerraformParses(b.artifacts);
    });
    it(`azure ${tier}`, async () => {
      const b = azure(tier);
      expectGolden(`tiers/azure/${tier}`, files(b.artifacts));
      await expectTerraformParses(b.artifacts);
    });
    it(`gcp ${tier}`, async () => {
      const b = gcp(tier);
      expectGolden(`tiers/gcp/${tier}`, files(b.artifacts));
      await expectTerraformParses(b.artifacts);
    });
  }

  it('a raise gives only what the higher tier adds', async () => {
    const awsRaise = aws('security-audit', 'standard');
    expect(awsRaise.fromTier).toBe('standard');
    expectGolden('tiers/raise/aws-standard-to-security-audit', files(awsRaise.artifacts));
    expect(awsRaise.artifacts.map((a) => a.content).join('')).not.toContain('ReadOnlyAccess');
    expectGolden('tiers/raise/aws-core-to-standard', files(aws('standard', 'core').artifacts));
    const azureRaise = azure('security-audit', 'standard');
    expectGolden('tiers/raise/azure-standard-to-security-audit', files(azureRaise.artifacts));
    expect(azureRaise.artifacts.map((a) => a.content).join('')).not.toContain("'Reader'");
    const gcpRaise = gcp('security-audit', 'standard');
    expectGolden('tiers/raise/gcp-standard-to-security-audit', files(gcpRaise.artifacts));
    expect(gcpRaise.artifacts.map((a) => a.content).join('')).not.toContain('roles/viewer');
    for (const b of [awsRaise, azureRaise, gcpRaise]) await expectTerraformParses(b.artifacts);
  });

  it('a lower or equal tier is not a raise', () => {
    expect(() => aws('core', 'standard')).toThrow(/does not raise/);
    expect(() => gcp('standard', 'standard')).toThrow(/does not raise/);
  });
});

describe("AWS inline policies stay under IAM's 6,144 characters", () => {
  it('the core policy, the baseline alternative and every remediation policy step 4 can write', () => {
    const policies = [corePolicy(), baselinePolicy(), ...PERMISSION_TIERS.map((t) => baselinePolicy(AWS_TIER_CHECKS[t]))];
    for (const p of policies) expect(iamPolicyChars(p)).toBeLessThan(MANAGED_POLICY_MAX);
  });

  it('every JSON policy artifact of every tier and partition', () => {
    for (const partition of AWS_PARTITIONS) {
      for (const tier of PERMISSION_TIERS) {
        const b = buildAwsBootstrap({ ...AWS, partition, tier });
        for (const a of b.artifacts.filter((x) => x.language === 'json')) {
          // IAM does not count whitespace.
          expect(iamPolicyChars(JSON.parse(a.content)), `${partition} ${tier} ${a.filename}`).toBeLessThan(MANAGED_POLICY_MAX);
        }
      }
    }
  });
});
