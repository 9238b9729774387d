import { shellQuote } from '../../../shared/artifacts/artifact.js';
import { stackNameFor } from '../../../shared/artifacts/aws.js';
import type { CleanupStep } from '../../../shared/ipc/clouds/common.js';

/** The vendor-side cleanup for a removed AWS connection: exact commands, every value quoted. */
export function awsCleanup(roleName: string, orgId: string): CleanupStep[] {
  const role = shellQuote(roleName);
  const stack = shellQuote(stackNameFor(orgId));
  return [
    {
      title: 'If the role was created with the AWS CLI',
      language: 'shell',
      content:
        `aws iam detach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\n` +
        `aws iam delete-role-policy --role-name ${role} --policy-name AlphaSwarmBaseline  # only if you added it\n` +
        `aws iam delete-role --role-name ${role}\n`,
    },
    { title: 'If it was created with CloudFormation', language: 'shell', content: `aws cloudformation delete-stack --stack-name ${stack}\n` },
    {
      title: 'If it was deployed to an AWS Organization with StackSets (run once, from the management account)',
      language: 'shell',
      content:
        `aws cloudformation delete-stack-instances --stack-set-name ${stack} --deployment-targets OrganizationalUnitIds=<root-or-ou-id> --regions us-east-1 --no-retain-stacks\n` +
        `aws cloudformation delete-stack-set --stack-set-name ${stack}  # after the instances are gone\n`,
    },
  ];
}
