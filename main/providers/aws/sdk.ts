/**
 * The parts of the AWS SDK the provider uses, in one module the provider imports on first use: an
 * offline command (bootstrap, list) never loads the SDK at all.
 */
export { CloudFormationClient, ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
export { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
export { GetRoleCommand, IAMClient, SimulatePrincipalPolicyCommand, type EvaluationResult } from '@aws-sdk/client-iam';
export {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
export { NodeHttpHandler } from '@smithy/node-http-handler';
export { sourceCredentials } from './source-credentials.js';

