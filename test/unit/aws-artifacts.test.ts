import { describe, expect, it } from 'vitest';
import { AwsBootstrapError, buildAwsBootstrap, iamPolicyChars, quickCreateUrl, stackNameFor } from '../../shared/artifacts/aws.js';

const input = {
  orgId: 'acme-corp',
  partnerAccountId: '111122223333',
  externalId: 'a4d03fc1d9a96fb40f2b0cc8ba2cbe57d3da4de2b14256c867fc4361233bf1a3',
  roleName: 'alphaswarm-broker-acme-corp',
};

describe('AWS bootstrap artifacts', () => {
  it('trust policy names the partner root and pins the external id', () => {
    const b = buildAwsBootstrap(input);
    expect(b.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AlphaSwarmBroker',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': input.externalId } },
        },
      ],
    });
    expect(b.roleName).toBe('alphaswarm-broker-acme-corp');
    expect(b.trustPolicyChars).toBe(iamPolicyChars(b.trustPolicy));
    expect(b.trustPolicyChars).toBeLessThanOrEqual(2048);
    const file = b.artifacts.find((a) => a.id === 'trust-policy')!;
    expect(file.filename).toBe('trust_policy.json');
    expect(JSON.parse(file.content)).toEqual(b.trustPolicy);
  });

  it('has the create-role command, the ReadOnlyAccess hint, the template and StackSet commands', () => {
    const b = buildAwsBootstrap(input);
    const byId = Object.fromEntries(b.artifacts.map((a) => [a.id, a]));
    expect(byId['create-role']!.content).toContain('aws iam create-role --role-name alphaswarm-broker-acme-corp');
    expect(byId['create-role']!.content).toContain('--assume-role-policy-document file://trust_policy.json');
    expect(byId['attach-policy']!.content).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
    const template = byId['cloudformation-template']!.content;
    expect(template).toContain('ExternalId:');
    expect(template).not.toContain('NoEcho');
    expect(template).toContain('sts:ExternalId: !Ref ExternalId');
    expect(template).toContain(':iam::111122223333:root');
    expect(byId['stackset-commands']!.content).toContain('--permission-model SERVICE_MANAGED');
    expect(byId['stackset-commands']!.description).toMatch(/never deploy to the management account/);
    expect(b.quickCreateUrl).toBeUndefined();
  });

  it('builds the documented quick-create link when the template is hosted', () => {
    const templateUrl = 'https://alphaswarm-public.s3.amazonaws.com/alphaswarm-broker-role.yaml';
    const b = buildAwsBootstrap({ ...input, templateUrl });
    expect(b.quickCreateUrl).toBe(
      `https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/create/review?templateURL=${encodeURIComponent(templateUrl)}&stackName=alphaswarm-broker-acme-corp&param_ExternalId=${input.externalId}&param_RoleName=alphaswarm-broker-acme-corp`,
    );
    expect(quickCreateUrl(templateUrl, 's', 'e', 'r', 'eu-west-1')).toContain('region=eu-west-1#/stacks/create/review?');
  });

  it('refuses a role name IAM would refuse, saying how to fix it for that org alone', () => {
    expect(() => buildAwsBootstrap({ ...input, roleName: 'x'.repeat(65) })).toThrow(AwsBootstrapError);
    try {
      buildAwsBootstrap({ ...input, roleName: 'x'.repeat(65) });
    } catch (e) {
      expect((e as AwsBootstrapError).message).toMatch(/at most 64/);
      expect((e as AwsBootstrapError).hint).toMatch(/its own role name/);
    }
  });

  it('makes valid stack names, including for the platform tenant', () => {
    expect(stackNameFor('__platform__')).toBe('alphaswarm-broker-platform');
    expect(stackNameFor('acme-corp')).toBe('alphaswarm-broker-acme-corp');
    expect(buildAwsBootstrap({ ...input, orgId: '__platform__', roleName: 'alphaswarm-broker-__platform__' }).stackName).toBe('alphaswarm-broker-platform');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildAwsBootstrap(input))).toBe(JSON.stringify(buildAwsBootstrap(input)));
  });
});
