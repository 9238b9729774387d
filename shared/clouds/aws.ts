import { defineCloud } from './descriptor.js';
import type { SettingDefFor } from '../setting-def.js';
import { httpUrl, roleNamePatternProblem, urlProblem } from '../setting-checks.js';

export const awsCloud = defineCloud({
  kind: 'aws',
  label: 'AWS',
  authMethod: 'Cross-account IAM role with sts:ExternalId',
  qualifier: 'account',
  noun: 'AWS account',
  secret: null,
  connectMany: true,
  settings: [
    {
      name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID', class: 'identity',
      label: 'AlphaSwarm partner AWS account',
      purpose: "AlphaSwarm's AWS partner account id",
      example: '111122223333',
      cloud: 'aws',
      group: 'identity',
      required: true,
      secret: false,
      problem: (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id'),
    },
    // The same trust decision per partition: a GovCloud or China role can only trust an account of
    // its own partition, so each has its own partner account, classed like the commercial one.
    {
      name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_US_GOV', class: 'identity',
      label: 'AlphaSwarm partner AWS account (GovCloud)',
      purpose: "AlphaSwarm's AWS partner account id in AWS GovCloud (US) (aws-us-gov)",
      example: '111122223333',
      cloud: 'aws',
      group: 'identity',
      // Only connections in this partition need it; bootstrap for aws-us-gov names it when unset.
      required: false,
      secret: false,
      problem: (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id'),
    },
    {
      name: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_CN', class: 'identity',
      label: 'AlphaSwarm partner AWS account (China)',
      purpose: "AlphaSwarm's AWS partner account id in AWS China (aws-cn)",
      example: '111122223333',
      cloud: 'aws',
      group: 'identity',
      required: false,
      secret: false,
      problem: (v) => (/^\d{12}$/.test(v) ? undefined : 'must be a 12-digit AWS account id'),
    },
    {
      name: 'ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET', class: 'secret',
      label: 'External-id HMAC key (platform admin machines only)',
      purpose: 'the key external ids are derived from (only on the platform\'s own admin machines; a profile replaces it)',
      cloud: 'aws',
      group: 'identity',
      // Not required: a platform profile gives each assigned org its external id instead.
      required: false,
      secret: true,
      problem: (v) => (v.length >= 16 ? undefined : 'is too short to be an HMAC key (at least 16 characters)'),
    },
    {
      name: 'ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN', class: 'identity',
      label: 'Role name pattern',
      purpose: "the name of the role AlphaSwarm asks each customer to create",
      cloud: 'aws',
      group: 'identity',
      required: false,
      secret: false,
      defaultValue: 'alphaswarm-broker-{org_id}',
      problem: roleNamePatternProblem,
    },
    {
      name: 'ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL', class: 'identity',
      label: 'Hosted CloudFormation template (S3 URL)',
      purpose: 'where AlphaSwarm hosts the CloudFormation template (enables the quick-create link)',
      example: 'https://alphaswarm-public.s3.amazonaws.com/alphaswarm-broker-role.yaml',
      cloud: 'aws',
      group: 'identity',
      required: false,
      secret: false,
      problem: (v) => {
        const base = urlProblem(v, { httpsOnly: true, noQuery: true });
        if (base) return base;
        if (!/(^|\.)s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/.test(new URL(v).hostname)) return 'must be an Amazon S3 URL (the console only loads templates from S3)';
        return undefined;
      },
    },
    {
      name: 'ALPHASWARM_ADMIN_AWS_PROFILE', class: 'identity',
      label: 'AWS profile for your own session (SSO)',
      purpose: 'the AWS CLI profile of your own session in the partner account',
      example: 'alphaswarm-partner',
      cloud: 'aws',
      group: 'identity',
      required: false,
      secret: false,
      notInProfile: true,
      problem: (v) => (/^[\w.@+-]{1,128}$/.test(v) ? undefined : 'is not a profile name'),
    },
    { name: 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', class: 'secret-endpoint', label: 'STS endpoint', purpose: 'the AWS STS endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    { name: 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', class: 'secret-endpoint', label: 'IAM endpoint', purpose: 'the AWS IAM endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    { name: 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', class: 'secret-endpoint', label: 'EC2 endpoint', purpose: 'the Amazon EC2 endpoint', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    { name: 'ALPHASWARM_ADMIN_AWS_CLOUDFORMATION_ENDPOINT', class: 'secret-endpoint', label: 'CloudFormation endpoint', purpose: 'the AWS CloudFormation endpoint (StackSet instances)', cloud: 'aws', group: 'endpoint', required: false, secret: false, problem: httpUrl },
    {
      name: 'ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT', class: 'secret-endpoint',
      label: 'Organizations endpoint',
      purpose: 'the AWS Organizations endpoint',
      cloud: 'aws',
      group: 'endpoint',
      required: false,
      secret: false,
      problem: httpUrl,
    },
  ] satisfies readonly SettingDefFor<string>[],
  cli: {
    target: [
      { flag: 'role-arn', field: 'roleArn', type: 'string', value: '<arn>', missing: 'Missing --role-arn <arn> (the role the customer created in step 2).' },
      { flag: 'region', field: 'region', type: 'string', value: '<r>' },
      { flag: 'partition', field: 'partition', type: 'string', value: '<aws|aws-us-gov|aws-cn>' },
      { flag: 'regions', field: 'regions', type: 'string', value: '<r1,r2>' },
      { flag: 'tier', field: 'tier', type: 'string', value: '<core|standard|security-audit>' },
    ],
    bootstrap: [{ flag: 'partition', field: 'partition', type: 'string', value: '<aws|aws-us-gov|aws-cn>' }, { flag: 'tier', field: 'tier', type: 'string', value: '<core|standard|security-audit>' }],
  },
});
