import {
  AWS_BASELINE_ACTIONS,
  AWS_CORE_ACTIONS,
  AWS_TIER_MANAGED_POLICIES,
  CORE_POLICY_NAME,
  type AwsPartition,
  CONSOLE_HOST,
  DEFAULT_REGION,
  PARTITION_LABELS,
  TRUST_POLICY_MAX,
  managedPolicyArn,
  roleNameProblem,
} from '../domain/aws.js';
import { type Artifact, type Note, prettyJson, shellQuote } from './artifact.js';
import { hcl, jsonHeredoc } from './hcl.js';
import { DEFAULT_TIER, type PermissionTier, TIER_LABELS, isRaise } from '../domain/tiers.js';

export interface AwsBootstrapInput {
  readonly orgId: string;
  /** The partition the customer's account is in (default `aws`): ARNs, hosts and the partner account follow it. */
  readonly partition?: AwsPartition | undefined;
  /** AlphaSwarm's partner account in that partition. */
  readonly partnerAccountId: string;
  /** The org's external id: from the platform profile, or derived in main from the HMAC key. */
  readonly externalId: string;
  /** The role's name: the org's own, or the pattern's (shortened in main when over 64 characters). */
  readonly roleName: string;
  /** Where the CloudFormation template is hosted on S3, when the platform publishes it. */
  readonly templateUrl?: string | undefined;
  readonly consoleRegion?: string | undefined;
  /** The saved connection holds an external id from an earlier key. */
  readonly rotation?: AwsRotation | undefined;
  /** How much the role lets AlphaSwarm read (default standard: ReadOnlyAccess). */
  readonly tier?: PermissionTier | undefined;
  /** Raising a connection from this tier: the artifacts are only what `tier` adds. */
  readonly fromTier?: PermissionTier | undefined;
}

export interface AwsTrustPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly [
    {
      readonly Sid: string;
      readonly Effect: 'Allow';
      readonly Principal: { readonly AWS: string };
      readonly Action: 'sts:AssumeRole';
      readonly Condition: { readonly StringEquals: { readonly 'sts:ExternalId': string | readonly string[] } };
    },
  ];
}

export interface AwsBootstrap {
  readonly cloud: 'aws';
  readonly orgId: string;
  readonly partition: AwsPartition;
  readonly tier: PermissionTier;
  readonly fromTier: PermissionTier | null;
  readonly externalId: string;
  readonly roleName: string;
  readonly stackName: string;
  readonly partnerAccountId: string;
  readonly partnerPrincipal: string;
  readonly trustPolicy: AwsTrustPolicy;
  /** Characters IAM counts against its trust-policy quota (whitespace excluded). */
  readonly trustPolicyChars: number;
  readonly quickCreateUrl: string | undefined;
  readonly rotation: (AwsRotation & { readonly newExternalId: string }) | undefined;
  readonly artifacts: readonly Artifact[];
  readonly notes: readonly Note[];
}

export class AwsBootstrapError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
    this.name = 'AwsBootstrapError';
  }
}

export const CFN_TEMPLATE_FILENAME = 'alphaswarm-broker-role.yaml';
const SID = 'AlphaSwarmBroker';

/** CloudFormation stack names allow letters, digits and hyphens only, starting with a letter. */
export function stackNameFor(orgId: string): string {
  const cleaned = orgId.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `alphaswarm-broker-${cleaned || 'org'}`.slice(0, 128);
}

export function partnerPrincipalFor(partnerAccountId: string, partition: AwsPartition = 'aws'): string {
  return `arn:${partition}:iam::${partnerAccountId}:root`;
}

export function buildTrustPolicy(partnerAccountId: string, externalIds: string | readonly string[], partition: AwsPartition = 'aws'): AwsTrustPolicy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: SID,
        Effect: 'Allow',
        Principal: { AWS: partnerPrincipalFor(partnerAccountId, partition) },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalIds } },
      },
    ],
  };
}

/** IAM does not count whitespace toward policy size quotas. */
export function iamPolicyChars(policy: unknown): number {
  return JSON.stringify(policy).length;
}

/** Tier core's inline policy: exactly the actions AlphaSwarm calls (AWS_CORE_ACTIONS). */
export function corePolicy() {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AlphaSwarmCore', Effect: 'Allow', Action: [...AWS_CORE_ACTIONS], Resource: '*' }],
  } as const;
}

/** The least-privilege alternative to ReadOnlyAccess: exactly what steps 3, 4 and 4* need. */
export function baselinePolicy(actions: readonly string[] = [...AWS_BASELINE_ACTIONS, 'iam:SimulatePrincipalPolicy']) {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AlphaSwarmBaseline', Effect: 'Allow', Action: [...actions], Resource: '*' }],
  } as const;
}

/** The role's permissions in CloudFormation: the tier's managed policies, or (core) its inline policy. */
function cfnPermissions(tier: PermissionTier): string {
  if (tier === 'core') {
    return `      Policies:
        - PolicyName: ${CORE_POLICY_NAME}
          PolicyDocument: ${JSON.stringify(corePolicy())}`;
  }
  return `      ManagedPolicyArns:\n${AWS_TIER_MANAGED_POLICIES[tier].map((name) => `        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/${name}"`).join('\n')}`;
}

/**
 * One generic template for every org, so a single copy can be hosted on S3 for quick-create links:
 * the org-specific values arrive as parameters. ExternalId is a plain parameter (not NoEcho), or the
 * console could not prefill it from the link; an external id is not a secret (AWS IAM guide).
 */
export function cloudFormationTemplate(partnerAccountId: string, partition: AwsPartition = 'aws', tier: PermissionTier = DEFAULT_TIER): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: >-
  AlphaSwarm broker role. Lets AlphaSwarm's partner account (${partnerAccountId}) assume this role
  with the organisation's external id, and grants read-only access. For accounts in partition
  ${partition} (${PARTITION_LABELS[partition]}) only: the partner account exists there alone.
Parameters:
  ExternalId:
    Type: String
    Description: The external id AlphaSwarm gave you for this organisation.
    AllowedPattern: "^[\\\\w+=,.@:/-]{2,1224}$"
    ConstraintDescription: must be the external id shown by AlphaSwarm (2-1224 letters, digits and + = , . @ : / _ -).
  RoleName:
    Type: String
    Description: Name of the role to create.
    AllowedPattern: "^[\\\\w+=,.@-]{1,64}$"
    Default: alphaswarm-broker
Resources:
  AlphaSwarmBrokerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Ref RoleName
      Description: Assumed by AlphaSwarm (cross-account, external id required).
      MaxSessionDuration: 3600
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: ${SID}
            Effect: Allow
            Principal:
              AWS: !Sub "arn:\${AWS::Partition}:iam::${partnerAccountId}:root"
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: !Ref ExternalId
${cfnPermissions(tier)}
      Tags:
        - Key: managed-by
          Value: alphaswarm
Outputs:
  RoleArn:
    Description: Paste this into AlphaSwarm's "validate identity" step.
    Value: !GetAtt AlphaSwarmBrokerRole.Arn
`;
}

export function quickCreateUrl(
  templateUrl: string,
  stackName: string,
  externalId: string,
  roleName: string,
  region?: string,
  partition: AwsPartition = 'aws',
): string {
  const query = [
    ['templateURL', templateUrl],
    ['stackName', stackName],
    ['param_ExternalId', externalId],
    ['param_RoleName', roleName],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v as string)}`)
    .join('&');
  return `https://${CONSOLE_HOST[partition]}/cloudformation/home?region=${encodeURIComponent(region ?? DEFAULT_REGION[partition])}#/stacks/create/review?${query}`;
}

export interface AwsRotation {
  readonly oldExternalId: string;
  readonly oldKeyFingerprint: string;
  readonly newKeyFingerprint: string;
}

/**
 * Rotating the external-id key without downtime: first a trust policy that accepts both ids, then
 * (after AlphaSwarm validated and saved the new one) the final policy with only the new id.
 */
export function rotationArtifacts(
  roleName: string,
  partnerAccountId: string,
  oldExternalId: string,
  newExternalId: string,
  partition: AwsPartition = 'aws',
): { transitional: Artifact; final: Artifact } {
  const role = shellQuote(roleName);
  return {
    transitional: {
      id: 'rotation-transitional-policy',
      title: 'Rotation, part 1: trust both external ids',
      filename: 'trust_policy.transitional.json',
      language: 'json',
      content: prettyJson(buildTrustPolicy(partnerAccountId, [oldExternalId, newExternalId], partition)),
      description: `Apply now: aws iam update-assume-role-policy --role-name ${role} --policy-document file://trust_policy.transitional.json — the connection keeps working with the old id while AlphaSwarm validates the new one.`,
    },
    final: {
      id: 'rotation-final-policy',
      title: 'Rotation, part 2: trust only the new external id',
      filename: 'trust_policy.json',
      language: 'json',
      content: prettyJson(buildTrustPolicy(partnerAccountId, newExternalId, partition)),
      description: `Apply after the rotated connection is saved: aws iam update-assume-role-policy --role-name ${role} --policy-document file://trust_policy.json — this retires the old id.`,
    },
  };
}

/**
 * The same role as Terraform: the form most platform teams will actually apply. ARNs take the
 * partition from `data "aws_partition"`, and a precondition stops a plan in another partition,
 * where the partner account named in the trust policy does not exist.
 */
export function awsTerraform(orgId: string, roleName: string, trustPolicy: AwsTrustPolicy, partition: AwsPartition = 'aws', tier: PermissionTier = DEFAULT_TIER): string {
  // The principal is `arn:<partition>:iam::<12 digits>:root` (built here, never from outside), and a
  // JSON key with its quoted value cannot appear inside another JSON string: this replaces exactly it.
  const principal = trustPolicy.Statement[0].Principal.AWS;
  const fromPartition = principal.replace(/^arn:[a-z-]+:/, () => 'arn:${data.aws_partition.current.partition}:');
  const trust = jsonHeredoc(JSON.stringify(trustPolicy, null, 2)).replace(`"AWS": "${principal}"`, () => `"AWS": "${fromPartition}"`);
  return `# AlphaSwarm broker role for ${orgId}. Apply in the customer account (partition ${partition}: ${PARTITION_LABELS[partition]}).
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

data "aws_partition" "current" {}

resource "aws_iam_role" "alphaswarm_broker" {
  name                 = ${hcl(roleName)}
  description          = ${hcl(`AlphaSwarm broker role for ${orgId}`)}
  max_session_duration = 3600
  assume_role_policy   = ${trust}
  tags = {
    "managed-by" = "alphaswarm"
  }

  lifecycle {
    precondition {
      condition     = data.aws_partition.current.partition == "${partition}"
      error_message = "These artifacts are for partition ${partition} (${PARTITION_LABELS[partition]}): AlphaSwarm's partner account in the trust policy exists only there. Generate them for this account's partition."
    }
  }
}

${terraformPermissions(tier, 'aws_iam_role.alphaswarm_broker.name', AWS_TIER_MANAGED_POLICIES[tier])}
output "role_arn" {
  description = "Paste into AlphaSwarm's validate-identity step."
  value       = aws_iam_role.alphaswarm_broker.arn
}
`;
}

const TF_NAMES: Readonly<Record<string, string>> = { ReadOnlyAccess: 'read_only', SecurityAudit: 'security_audit' };

/** The tier's permissions as Terraform: attachments of `policies`, or (core) the inline policy. */
function terraformPermissions(tier: PermissionTier, role: string, policies: readonly string[]): string {
  if (tier === 'core') {
    return `# Exactly what AlphaSwarm calls: sts:GetCallerIdentity, iam:GetRole, iam:SimulatePrincipalPolicy, ec2:DescribeRegions.
resource "aws_iam_role_policy" "alphaswarm_core" {
  name   = "${CORE_POLICY_NAME}"
  role   = ${role}
  policy = ${jsonHeredoc(JSON.stringify(corePolicy(), null, 2))}
}
`;
  }
  return policies
    .map(
      (name) => `${name === 'ReadOnlyAccess' ? "# ReadOnlyAccess also grants what AlphaSwarm's checks need (iam:SimulatePrincipalPolicy, ec2:DescribeRegions).\n" : '# SecurityAudit: the security-configuration metadata reads of the security-audit tier.\n'}resource "aws_iam_role_policy_attachment" "${TF_NAMES[name] ?? name}" {
  role       = ${role}
  policy_arn = "arn:\${data.aws_partition.current.partition}:iam::aws:policy/${name}"
}
`,
    )
    .join('\n');
}

/** The managed policies `to` adds to `from` (raising a tier: only what is new). */
export function addedManagedPolicies(from: PermissionTier, to: PermissionTier): string[] {
  return AWS_TIER_MANAGED_POLICIES[to].filter((p) => !AWS_TIER_MANAGED_POLICIES[from].includes(p));
}

/** The permissions step of each tier, as commands for attach-policy.sh. */
function attachCommands(role: string, partition: AwsPartition, tier: PermissionTier, policies: readonly string[]): string {
  if (tier === 'core') return `aws iam put-role-policy --role-name ${role} --policy-name ${CORE_POLICY_NAME} --policy-document file://core_policy.json\n`;
  return policies.map((name) => `aws iam attach-role-policy --role-name ${role} --policy-arn ${managedPolicyArn(partition, name)}\n`).join('');
}

/**
 * Raising a saved connection's tier: only what the higher tier adds, as CLI commands and Terraform
 * for the role that already exists. Nothing is removed (a core inline policy may stay: it grants
 * a subset of ReadOnlyAccess).
 */
export function tierRaiseArtifacts(roleName: string, partition: AwsPartition, from: PermissionTier, to: PermissionTier): Artifact[] {
  const added = addedManagedPolicies(from, to);
  const role = shellQuote(roleName);
  return [
    {
      id: 'attach-policy',
      title: `Raise from ${from} to ${to}: attach ${added.join(' and ')}`,
      filename: 'attach-policy.sh',
      language: 'shell',
      content: attachCommands(role, partition, to, added),
      description: `Only what ${TIER_LABELS[to]} adds to ${TIER_LABELS[from]}. Run in the customer account, then validate permissions with --tier ${to} and save.`,
    },
    {
      id: 'terraform',
      title: 'Terraform (added attachments only)',
      filename: 'raise-tier.tf',
      language: 'hcl',
      content: `# Raise AlphaSwarm's role ${roleName} from ${from} to ${to}: only the added policies.
data "aws_partition" "current" {}

${terraformPermissions(to, hcl(roleName), added)}`,
      description: 'The same attachments for a role Terraform did not create (the role is named, not referenced).',
    },
  ];
}

const ATTACH_WORDS: Readonly<Record<PermissionTier, string>> = {
  core: 'Tier core: puts core_policy.json on the role as its only permissions (exactly what AlphaSwarm calls). Save core_policy.json next to this script.',
  standard:
    'ReadOnlyAccess is the minimal connection: it also grants what the permission check (iam:SimulatePrincipalPolicy) and region listing (ec2:DescribeRegions) need.',
  'security-audit': 'Tier security-audit: ReadOnlyAccess, and SecurityAudit for the security-configuration metadata reads.',
};

/** Everything the customer's admin needs, built offline from settings and the org id. */
export function buildAwsBootstrap(input: AwsBootstrapInput): AwsBootstrap {
  const roleName = input.roleName;
  const nameProblem = roleNameProblem(roleName);
  if (nameProblem) {
    throw new AwsBootstrapError(
      `The role name for org "${input.orgId}" is not valid in IAM: ${nameProblem}`,
      'Give this org its own role name (Settings → AWS → role name per organisation), or change ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN.',
    );
  }
  const partition = input.partition ?? 'aws';
  const trustPolicy = buildTrustPolicy(input.partnerAccountId, input.externalId, partition);
  const trustPolicyChars = iamPolicyChars(trustPolicy);
  if (trustPolicyChars > TRUST_POLICY_MAX) {
    throw new AwsBootstrapError(
      `The trust policy is ${trustPolicyChars} characters; IAM's limit is ${TRUST_POLICY_MAX}.`,
      'Shorten the role name pattern or ask AWS support to raise the role trust policy quota.',
    );
  }
  const stackName = stackNameFor(input.orgId);
  const partnerPrincipal = partnerPrincipalFor(input.partnerAccountId, partition);
  const tier = input.tier ?? DEFAULT_TIER;
  const policies = AWS_TIER_MANAGED_POLICIES[tier];
  const role = shellQuote(roleName);
  const link = input.templateUrl
    ? quickCreateUrl(input.templateUrl, stackName, input.externalId, roleName, input.consoleRegion, partition)
    : undefined;
  const templateSource = input.templateUrl ? `--template-url ${shellQuote(input.templateUrl)}` : `--template-body file://${CFN_TEMPLATE_FILENAME}`;
  const params = `ParameterKey=ExternalId,ParameterValue=${input.externalId} ParameterKey=RoleName,ParameterValue=${role}`;

  const artifacts: Artifact[] = [
    {
      id: 'trust-policy',
      title: 'Trust policy',
      filename: 'trust_policy.json',
      language: 'json',
      content: prettyJson(trustPolicy),
      description: `Lets ${partnerPrincipal} assume the role only when it presents this organisation's external id.`,
    },
    {
      id: 'create-role',
      title: 'Create the role (AWS CLI)',
      filename: 'create-role.sh',
      language: 'shell',
      content:
        `aws iam create-role --role-name ${role} \\\n` +
        `  --assume-role-policy-document file://trust_policy.json \\\n` +
        `  --description ${shellQuote(`AlphaSwarm broker role for ${input.orgId}`)} \\\n` +
        `  --max-session-duration 3600 \\\n` +
        `  --tags Key=managed-by,Value=alphaswarm\n` +
        `aws iam get-role --role-name ${role} --query Role.Arn --output text\n`,
      description: 'Run in the customer account with trust_policy.json saved next to it. The second command prints the role ARN to paste in step 3.',
    },
    {
      id: 'attach-policy',
      title: 'Attach permissions',
      filename: 'attach-policy.sh',
      language: 'shell',
      content: attachCommands(role, partition, tier, policies),
      description: ATTACH_WORDS[tier],
    },
    tier === 'core'
      ? {
          id: 'core-policy',
          title: 'Core tier: the inline policy',
          filename: 'core_policy.json',
          language: 'json',
          content: prettyJson(corePolicy()),
          description: 'Exactly the actions AlphaSwarm calls, and nothing else. attach-policy.sh puts it on the role.',
        }
      : {
          id: 'baseline-policy',
          title: 'Least-privilege alternative (inline policy)',
          filename: 'baseline_policy.json',
          language: 'json',
          content: prettyJson(baselinePolicy()),
          description: `Instead of ReadOnlyAccess: aws iam put-role-policy --role-name ${roleName} --policy-name AlphaSwarmBaseline --policy-document file://baseline_policy.json`,
        },
    {
      id: 'cloudformation-template',
      title: 'CloudFormation template',
      filename: CFN_TEMPLATE_FILENAME,
      language: 'yaml',
      content: cloudFormationTemplate(input.partnerAccountId, partition, tier),
      description: `Creates the same role with the ${tier} tier's permissions. The external id is a plain parameter so a quick-create link can prefill it.`,
    },
    {
      id: 'stackset-commands',
      title: 'Every account of an AWS Organization (StackSets)',
      filename: 'stackset.sh',
      language: 'shell',
      content:
        `aws cloudformation create-stack-set --stack-set-name ${stackName} \\\n` +
        `  ${templateSource} \\\n` +
        `  --permission-model SERVICE_MANAGED \\\n` +
        `  --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\\n` +
        `  --capabilities CAPABILITY_NAMED_IAM \\\n` +
        `  --parameters ${params}\n` +
        `aws cloudformation create-stack-instances --stack-set-name ${stackName} \\\n` +
        `  --deployment-targets OrganizationalUnitIds=<root-or-ou-id> \\\n` +
        `  --regions ${DEFAULT_REGION[partition]}\n`,
      description:
        'Run from the management account (or a delegated administrator). IAM is global, so one region is enough. Service-managed StackSets never deploy to the management account itself: create the role there with the single-account template.',
    },
  ];
  artifacts.push({
    id: 'terraform',
    title: 'Terraform',
    filename: 'main.tf',
    language: 'hcl',
    content: awsTerraform(input.orgId, roleName, trustPolicy, partition, tier),
    description: `The role, its trust policy and the ${tier} tier's permissions as Terraform (aws provider ≥ 5).`,
  });
  if (link) {
    artifacts.splice(5, 0, {
      id: 'quick-create-link',
      title: 'CloudFormation quick-create link',
      filename: 'quick-create-link.txt',
      language: 'url',
      content: `${link}\n`,
      description: `Opens the AWS console with the template from ${input.templateUrl}, the stack name and the external id prefilled.`,
    });
  }
  const notes: Note[] = [
    {
      level: 'info',
      text: 'The external id is not a secret, but it is specific to this organisation: do not reuse it for another customer.',
    },
  ];
  if (!link) {
    notes.push({
      level: 'info',
      text: 'No quick-create link: set ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL to the S3 URL where alphaswarm-broker-role.yaml is hosted to get one.',
      method: 'cloudformation',
    });
  }
  notes.push({
    level: 'info',
    text: 'StackSets in service-managed mode never deploy to the management account; create the role there separately if AlphaSwarm should see it.',
    method: 'stacksets',
  });
  if (input.rotation) {
    const { transitional, final } = rotationArtifacts(roleName, input.partnerAccountId, input.rotation.oldExternalId, input.externalId, partition);
    artifacts.unshift(transitional, final);
    notes.unshift({
      level: 'warning',
      text: `This org's saved connection uses an external id from an earlier key (fingerprint ${input.rotation.oldKeyFingerprint}; now ${input.rotation.newKeyFingerprint}). Rotate without downtime: apply part 1, validate and save here, then apply part 2.`,
    });
  }
  if (input.fromTier !== undefined) {
    const from = input.fromTier;
    if (!isRaise(from, tier)) {
      throw new AwsBootstrapError(
        `${tier} does not raise ${from}: only a higher tier has anything to add (core < standard < security-audit).`,
        'To lower a tier, detach the policies it no longer needs and connect again with the lower --tier.',
      );
    }
    artifacts.splice(0, artifacts.length, ...tierRaiseArtifacts(roleName, partition, from, tier));
    notes.splice(0, notes.length, {
      level: 'info',
      text: `Only what ${tier} adds to ${from}: the trust policy and the role stay as they are. Then check permissions with --tier ${tier} and save, which records the new tier.`,
    });
  }
  return {
    cloud: 'aws',
    orgId: input.orgId,
    partition,
    tier,
    fromTier: input.fromTier ?? null,
    externalId: input.externalId,
    roleName,
    stackName,
    partnerAccountId: input.partnerAccountId,
    partnerPrincipal,
    trustPolicy,
    trustPolicyChars,
    quickCreateUrl: link,
    rotation: input.rotation ? { ...input.rotation, newExternalId: input.externalId } : undefined,
    artifacts,
    notes,
  };
}
