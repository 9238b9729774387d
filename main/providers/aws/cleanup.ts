import { shellQuote } from '../../../shared/artifacts/artifact.js';
import { stackNameFor } from '../../../shared/artifacts/aws.js';
import type { CleanupStep } from '../../../shared/ipc/clouds/common.js';
import { type AwsPartition, DEFAULT_REGION, managedPolicyArn } from '../../../shared/domain/aws.js';

/** The vendor-side cleanup for a removed AWS connection: exact commands, every value quoted. */
export function awsCleanup(roleName: string, orgId: string, partition: AwsPartition = 'aws'): CleanupStep[] {
  const role = shellQuote(roleName);
  const stack = shellQuote(stackNameFor(orgId));
  return [
    {
      title: 'If the role was created with the AWS CLI',
      language: 'shell',
      content:
        `aws iam detach-role-policy --role-name ${role} --policy-arn ${managedPolicyArn(partition, 'ReadOnlyAccess')}\n` +
        `aws iam delete-role-policy --role-name ${role} --policy-name AlphaSwarmBaseline  # only if you added it\n` +
        `aws iam delete-role --role-name ${role}\n`,
    },
    { title: 'If it was created with CloudFormation', language: 'shell', content: `aws cloudformation delete-stack --stack-name ${stack}\n` },
    {
      title: 'If it was deployed to an AWS Organization with StackSets (run once, from the management account)',
      language: 'shell',
      content:
        `aws cloudformation delete-stack-instances --stack-set-name ${stack} --deployment-targets OrganizationalUnitIds=<root-or-ou-id> --regions ${DEFAULT_REGION[partition]} --no-retain-stacks\n` +
        `aws cloudformation delete-stack-set --stack-set-name ${stack}  # after the instances are gone\n`,
    },
  ];
}
