import type { PermissionTier } from './tiers.js';

export const AWS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/** What a person reads for each partition. */
export const PARTITION_LABELS: Readonly<Record<AwsPartition, string>> = {
  aws: 'AWS (commercial)',
  'aws-us-gov': 'AWS GovCloud (US)',
  'aws-cn': 'AWS China',
};

/**
 * AlphaSwarm's partner account differs per partition (an account lives in exactly one, and a role
 * can only trust principals of its own partition): the setting that names it for each.
 */
export const PARTNER_ACCOUNT_SETTING: Readonly<Record<AwsPartition, string>> = {
  aws: 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID',
  'aws-us-gov': 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_US_GOV',
  'aws-cn': 'ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID_CN',
};

/** The AWS Management Console's host in each partition. */
export const CONSOLE_HOST: Readonly<Record<AwsPartition, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
};

/** The DNS suffix of each partition's service endpoints (AWS General Reference, "Service endpoints"). */
export const PARTITION_DNS_SUFFIX: Readonly<Record<AwsPartition, string>> = {
  aws: 'amazonaws.com',
  'aws-us-gov': 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
};

/** STS's regional endpoint in the partition (sts.<region>.amazonaws.com, .com.cn in China). */
export function stsRegionalEndpoint(region: string, partition: AwsPartition): string {
  return `https://sts.${region}.${PARTITION_DNS_SUFFIX[partition]}`;
}

/** An AWS managed policy's ARN in the partition. */
export function managedPolicyArn(partition: AwsPartition, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** Why a role ARN cannot serve a connection in `partition`, or undefined when it can. */
export function partitionMismatch(arn: RoleArn, partition: AwsPartition): string | undefined {
  if (arn.partition === partition) return undefined;
  return `The role ARN is in the ${arn.partition} partition (${PARTITION_LABELS[arn.partition]}), but this connection is for ${partition} (${PARTITION_LABELS[partition]}).`;
}

export const DEFAULT_REGION: Readonly<Record<AwsPartition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

/** IAM's limits for role names and paths (IAM API reference, CreateRole). */
export const ROLE_NAME_MAX = 64;
export const ROLE_NAME_CHARS = /^[\w+=,.@-]+$/;
export const ROLE_PATH_MAX = 512;
/** IAM counts a trust policy without whitespace against this quota (default 2,048 characters). */
export const TRUST_POLICY_MAX = 2048;

export interface RoleArn {
  readonly arn: string;
  readonly partition: AwsPartition;
  readonly accountId: string;
  readonly path: string;
  readonly roleName: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function roleNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'The role name is empty.';
  if (name.length > ROLE_NAME_MAX) return `The role name "${name}" is ${name.length} characters; IAM allows at most ${ROLE_NAME_MAX}.`;
  if (!ROLE_NAME_CHARS.test(name)) return `The role name "${name}" has characters IAM does not allow (only letters, digits and + = , . @ _ -).`;
  return undefined;
}

const ARN_SHAPE = 'arn:aws:iam::<12-digit account>:role/<name> (or with a path: role/<path>/<name>)';

/** Parse a role ARN as pasted by a person: surrounding whitespace is forgiven, nothing else is. */
export function parseRoleArn(input: string): Parsed<RoleArn> {
  const arn = input.trim();
  const fail = (reason: string): Parsed<RoleArn> => ({ ok: false, reason: `${reason} Expected ${ARN_SHAPE}.` });
  if (arn.length === 0) return fail('The role ARN is empty.');
  if (arn.length > 2048) return fail('The role ARN is too long.');
  if (/\s/.test(arn)) return fail('The role ARN contains spaces or line breaks.');
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn') return fail(`"${arn}" is not an ARN.`);
  const [, partition, service, region, account, resource] = parts as [string, string, string, string, string, string];
  if (!(AWS_PARTITIONS as readonly string[]).includes(partition)) {
    return fail(`The partition "${partition}" is not one of ${AWS_PARTITIONS.join(', ')}.`);
  }
  if (service === 'sts' && resource.startsWith('assumed-role/')) {
    return fail('That is an assumed-role session ARN, not the role itself: copy the role ARN from IAM → Roles.');
  }
  if (service !== 'iam') return fail(`That ARN belongs to the "${service}" service; the role ARN is an IAM ARN.`);
  if (region !== '') return fail('IAM role ARNs have no region (the fourth field must be empty).');
  if (!/^\d{12}$/.test(account)) return fail(`The account "${account}" is not a 12-digit AWS account id.`);
  if (resource.startsWith('user/')) return fail('That is an IAM user ARN; AlphaSwarm needs the cross-account role.');
  if (!resource.startsWith('role/')) return fail(`"${resource}" is not a role resource.`);
  const afterRole = resource.slice('role/'.length);
  const lastSlash = afterRole.lastIndexOf('/');
  const roleName = afterRole.slice(lastSlash + 1);
  const path = lastSlash === -1 ? '/' : `/${afterRole.slice(0, lastSlash)}/`;
  const nameProblem = roleNameProblem(roleName);
  if (nameProblem) return fail(nameProblem);
  if (path.length > ROLE_PATH_MAX) return fail(`The role path is longer than IAM's ${ROLE_PATH_MAX} characters.`);
  if (path !== '/' && (path.includes('//') || !/^\/[\x21-\x7e]+\/$/.test(path))) {
    return fail(`The role path "${path}" is not a valid IAM path.`);
  }
  return { ok: true, value: { arn, partition: partition as AwsPartition, accountId: account, path, roleName } };
}

export const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function regionProblem(region: string, partition: AwsPartition): string | undefined {
  if (!REGION_PATTERN.test(region)) return `"${region}" is not an AWS region name (for example us-east-1).`;
  const inChina = region.startsWith('cn-');
  const inGov = region.startsWith('us-gov-');
  if (partition === 'aws-cn' && !inChina) return `The role is in the China partition; choose a cn- region (for example ${DEFAULT_REGION['aws-cn']}).`;
  if (partition === 'aws-us-gov' && !inGov) return `The role is in GovCloud; choose a us-gov- region (for example ${DEFAULT_REGION['aws-us-gov']}).`;
  if (partition === 'aws' && (inChina || inGov)) return `"${region}" is not in the commercial partition the role belongs to.`;
  return undefined;
}

/** The baseline a minimal AlphaSwarm connection needs; step 4 checks exactly these. */
export const AWS_BASELINE_ACTIONS = ['sts:GetCallerIdentity', 'iam:GetRole', 'ec2:DescribeRegions'] as const;

/**
 * Tier `core`: exactly what AlphaSwarm calls on a connection — sts:GetCallerIdentity (step 3),
 * iam:SimulatePrincipalPolicy (step 4), ec2:DescribeRegions (step 4*), iam:GetRole (health's
 * trust-policy drift check) — as one inline policy.
 */
export const AWS_CORE_ACTIONS = ['sts:GetCallerIdentity', 'iam:GetRole', 'iam:SimulatePrincipalPolicy', 'ec2:DescribeRegions'] as const;

/** The AWS managed policies each tier attaches (AWS Managed Policy Reference: ReadOnlyAccess, SecurityAudit). */
export const AWS_TIER_MANAGED_POLICIES: Readonly<Record<PermissionTier, readonly string[]>> = {
  core: [],
  standard: ['ReadOnlyAccess'],
  'security-audit': ['ReadOnlyAccess', 'SecurityAudit'],
};

/**
 * What step 4 simulates for each tier: the baseline, and for the managed-policy tiers reads each
 * policy grants (ReadOnlyAccess: ec2:Describe*, s3:List*; SecurityAudit: access-analyzer:ListAnalyzers,
 * account:GetAlternateContact, both listed in its policy document), so a narrowed policy is named.
 */
export const AWS_TIER_CHECKS: Readonly<Record<PermissionTier, readonly string[]>> = {
  core: AWS_BASELINE_ACTIONS,
  standard: [...AWS_BASELINE_ACTIONS, 'ec2:DescribeInstances', 's3:ListAllMyBuckets'],
  'security-audit': [...AWS_BASELINE_ACTIONS, 'ec2:DescribeInstances', 's3:ListAllMyBuckets', 'access-analyzer:ListAnalyzers', 'account:GetAlternateContact'],
};

/** IAM's size limit for a managed policy document (characters, whitespace excluded); inline policies are kept under it too. */
export const MANAGED_POLICY_MAX = 6144;

/** The inline policy's name for tier `core`. */
export const CORE_POLICY_NAME = 'AlphaSwarmCore';

