/**
 * Which policy refused an AWS call, read from AWS's own access-denied message. AWS writes the
 * policy type into the message (IAM User Guide, "Access denied error message examples"):
 *   "… is not authorized to perform: ec2:DescribeRegions with an explicit deny in a service control policy"
 *   "… because no permissions boundary allows the iam:GetRole action"
 * Only the error code is a contract; the message is read to name the cause, never to decide
 * whether the call failed.
 */
export type DenialKind = 'scp' | 'rcp' | 'boundary' | 'session' | 'identity-deny' | 'identity-missing' | 'vpc-endpoint' | 'unknown';

export interface Denial {
  readonly kind: DenialKind;
  /** The action AWS named, when it did. */
  readonly action: string | undefined;
  /** What refused it, in a line. */
  readonly cause: string;
  /** Who can change it, and how. */
  readonly fix: string;
}

const PATTERNS: readonly [RegExp, DenialKind][] = [
  [/with an explicit deny in a service control policy/i, 'scp'],
  [/with an explicit deny in a resource control policy/i, 'rcp'],
  [/(with an explicit deny in a|because no) permissions boundary/i, 'boundary'],
  [/(with an explicit deny in a|because no) session policy/i, 'session'],
  [/because no VPC endpoint policy allows|with an explicit deny in a VPC endpoint policy/i, 'vpc-endpoint'],
  [/with an explicit deny in an identity-based policy/i, 'identity-deny'],
  [/because no identity-based policy allows/i, 'identity-missing'],
];

export function classifyDenial(message: string | undefined, roleName: string, fallbackAction?: string): Denial {
  const text = message ?? '';
  const action = /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(text)?.[1] ?? fallbackAction;
  const what = action ?? 'the action';
  const kind = PATTERNS.find(([re]) => re.test(text))?.[1] ?? 'unknown';
  switch (kind) {
    case 'scp':
      return {
        kind,
        action,
        cause: `An AWS Organizations service control policy (SCP) explicitly denies ${what} for this account. No policy on the role can override it.`,
        fix: `The management account's admin (or the delegated SCP administrator) must allow ${what} in the SCP attached to this account or its OU, or exempt the AlphaSwarm role from the Deny.`,
      };
    case 'rcp':
      return {
        kind,
        action,
        cause: `An AWS Organizations resource control policy (RCP) explicitly denies ${what} on this account's resources.`,
        fix: `The management account's admin must allow ${what} in the RCP attached to this account or its OU (or exempt the AlphaSwarm role).`,
      };
    case 'boundary':
      return {
        kind,
        action,
        cause: `The permissions boundary on ${roleName} does not allow ${what}: a boundary caps what the role's own policies can grant.`,
        fix: `The customer's IAM admin adds ${what} to the boundary policy of ${roleName} (or removes the boundary: aws iam delete-role-permissions-boundary --role-name ${roleName}). Attaching more policies to the role will not help.`,
      };
    case 'session':
      return {
        kind,
        action,
        cause: `A session policy on the assumed-role session does not allow ${what}. AlphaSwarm passes no session policy, so something between AlphaSwarm and AWS added one.`,
        fix: 'Whoever adds the session policy (a proxy or an identity broker in front of AWS STS) must allow the action; the role and its policies are not the cause.',
      };
    case 'vpc-endpoint':
      return {
        kind,
        action,
        cause: `A VPC endpoint policy on the path to AWS does not allow ${what}.`,
        fix: 'The network admin who owns the VPC endpoint allows the action in its endpoint policy, or AlphaSwarm is reached without that endpoint.',
      };
    case 'identity-deny':
      return {
        kind,
        action,
        cause: `A policy attached to ${roleName} explicitly denies ${what}.`,
        fix: `The customer's IAM admin removes that Deny statement from the role's policies; adding an Allow elsewhere will not help.`,
      };
    case 'identity-missing':
      return {
        kind,
        action,
        cause: `No policy attached to ${roleName} allows ${what}.`,
        fix: `The customer's IAM admin attaches ReadOnlyAccess to ${roleName}, or adds ${what} to its inline policy.`,
      };
    case 'unknown':
      return {
        kind,
        action,
        cause: `AWS refused ${what} without naming the policy.`,
        fix: `The customer's IAM admin checks the role's policies for ${what} (ReadOnlyAccess includes it), and the organisation's SCPs and the role's permissions boundary.`,
      };
  }
}

/**
 * Opt-in regions (AWS General Reference, "Managing AWS Regions"): off until an account admin
 * enables them, and then refused with AuthFailure / InvalidClientTokenId by their endpoints.
 */
export const OPT_IN_REGIONS = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);
