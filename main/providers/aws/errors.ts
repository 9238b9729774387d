import { AppError } from '../../../shared/domain/errors.js';
import { networkFailure } from '../base.js';
import { signInHint } from './sign-in-hint.js';
import { OPT_IN_REGIONS, classifyDenial } from './denials.js';

const roleNameOf = (roleArn: string) => roleArn.split('/').pop() ?? roleArn;

/**
 * A refusal named by the policy that made it. The "attach ReadOnlyAccess" hint stays only for a
 * missing Allow on the role; an SCP, RCP, boundary or session policy gets its own owner and fix.
 */
function namedDenial(e: AwsServiceError, roleArn: string, action: string, what: string, missingHint: string): AppError {
  const d = classifyDenial(e.message, roleNameOf(roleArn), action);
  const details = { roleArn, awsCode: e.name ?? 'unknown', denial: d.kind, ...(d.action ? { action: d.action } : {}) };
  if (d.kind === 'identity-missing' || d.kind === 'unknown') return new AppError('cloud_denied', `${what} ${d.cause}`, missingHint, { details });
  return new AppError('cloud_denied', `${what} ${d.cause}`, `Who can fix it: ${d.fix}`, { details });
}

interface AwsServiceError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export interface AssumeContext {
  readonly roleArn: string;
  readonly accountId: string;
  readonly region: string;
  readonly externalId: string;
  readonly partnerPrincipal: string;
  readonly profile: string | undefined;
}

function awsError(error: unknown): AwsServiceError {
  return (error ?? {});
}

/** Failures every AWS call shares: the engineer's session, the network, AWS's own faults. */
function commonFailure(error: unknown, service: string, endpointSetting: string, profile: string | undefined): AppError {
  if (error instanceof AppError) return error;
  const net = networkFailure(error, service, endpointSetting);
  if (net) return net;
  const e = awsError(error);
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  const details: Record<string, string> = { awsCode: e.name ?? 'unknown' };
  if (requestId) details.requestId = requestId;
  switch (e.name) {
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
    case 'SignatureDoesNotMatch':
      return new AppError('cloud_denied', `AWS did not accept your own session (${e.name}): ${e.message}`, signInHint(profile), { details });
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return new AppError('cloud_denied', 'Your AWS session in the partner account has expired.', signInHint(profile), { details });
    case 'Throttling':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return new AppError('cloud_error', `${service} is throttling requests.`, 'Wait a minute and retry.', { details });
  }
  if (status !== undefined && status >= 500) {
    return new AppError('cloud_error', `${service} had an internal error (HTTP ${status}${e.name ? `, ${e.name}` : ''}).`, 'This is on the AWS side: retry in a minute.', { details });
  }
  if (e.$metadata === undefined || /deserializ|not valid xml|unexpected token|char '/i.test(e.message ?? '')) {
    return new AppError(
      'cloud_error',
      `${service} answered with something that is not an AWS response (${e.message ?? e.name ?? 'unreadable'}).`,
      `Check ${endpointSetting} (or your proxy) points at AWS ${service}; then retry.`,
      { details, cause: error },
    );
  }
  return new AppError('cloud_error', `${service} refused the request: ${e.name}: ${e.message}`, 'Check the values above and retry; if it persists, share the request id with AlphaSwarm support.', {
    details,
  });
}

/** sts:AssumeRole failures, each with what it means and what to do. */
export function assumeRoleFailure(error: unknown, ctx: AssumeContext): AppError {
  const e = awsError(error);
  const facts = {
    roleArn: ctx.roleArn,
    expectedPrincipal: ctx.partnerPrincipal,
    expectedExternalId: ctx.externalId,
    region: ctx.region,
  };
  switch (e.name) {
    case 'AccessDenied': {
      // An organisation policy names itself; then the three trust-policy causes do not apply.
      const d = classifyDenial(e.message, roleNameOf(ctx.roleArn), 'sts:AssumeRole');
      if (d.kind === 'scp') {
        return new AppError(
          'cloud_denied',
          `A service control policy of the organisation your own session belongs to explicitly denies sts:AssumeRole on ${ctx.roleArn}: AWS refused it before the role's trust policy was read.`,
          "Who can fix it: the management account's admin of AlphaSwarm's own AWS Organization (the partner account's), by allowing sts:AssumeRole for this session in the SCP. The customer's role is not the cause.",
          { details: { ...facts, denial: d.kind } },
        );
      }
      if (d.kind === 'rcp') {
        return new AppError(
          'cloud_denied',
          `A resource control policy in the customer's AWS Organization explicitly denies sts:AssumeRole on ${ctx.roleArn} from outside the organisation.`,
          `Who can fix it: the customer's management account admin, by exempting ${ctx.partnerPrincipal} (with the external id condition) from the RCP's Deny on sts:AssumeRole. The trust policy is not the cause.`,
          { details: { ...facts, denial: d.kind } },
        );
      }
      // AWS answers alike for all three causes, so the message walks through each.
      return new AppError(
        'cloud_denied',
        `AWS refused to let AlphaSwarm assume ${ctx.roleArn}. AWS gives the same answer for three different problems, so check each: ` +
          `(1) the role exists in account ${ctx.accountId} with exactly this name and path; ` +
          `(2) its trust policy names ${ctx.partnerPrincipal} as Principal.AWS; ` +
          `(3) its trust policy's sts:ExternalId condition is ${ctx.externalId}.`,
        'Compare the role\'s trust relationship (IAM → Roles → the role → Trust relationships) with trust_policy.json from step 2, fix the difference, and retry. A role created seconds ago can also take a few seconds to become assumable.',
        { details: facts },
      );
    }
    case 'RegionDisabledException':
      return new AppError(
        'cloud_denied',
        `STS is not activated in ${ctx.region} for account ${ctx.accountId}.`,
        `An admin of account ${ctx.accountId} activates it in IAM → Account settings → Security Token Service (STS) → ${ctx.region} → Activate; or choose a region where it is active (us-east-1 always is).`,
        { details: facts },
      );
    case 'ValidationError':
      return new AppError('bad_request', `AWS says the role ARN is malformed: ${e.message}`, 'Copy the ARN again from IAM → Roles → the role → ARN (it starts with arn:aws:iam::).', {
        details: facts,
        field: 'roleArn',
      });
    case 'InvalidParameterValue':
      return new AppError(
        'cloud_denied',
        `AWS rejected the AssumeRole request for ${ctx.roleArn}: ${e.message}`,
        'This usually means the role does not exist as pasted: check the account id, path and name (they are case-sensitive) against IAM → Roles.',
        { details: facts },
      );
  }
  return commonFailure(error, 'AWS STS', 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', ctx.profile);
}

export function stsFailure(error: unknown, profile: string | undefined): AppError {
  return commonFailure(error, 'AWS STS', 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', profile);
}

export function simulateFailure(error: unknown, roleArn: string, profile: string | undefined): AppError {
  const e = awsError(error);
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException') {
    return namedDenial(
      e,
      roleArn,
      'iam:SimulatePrincipalPolicy',
      `The role may not run the permission check (iam:SimulatePrincipalPolicy on ${roleArn}).`,
      'Attach ReadOnlyAccess to the role (it includes iam:SimulatePrincipalPolicy), or add that action to its inline policy, then retry.',
    );
  }
  if (e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException') {
    return new AppError('cloud_denied', `IAM cannot find ${roleArn}.`, 'The role may have been deleted or renamed since step 3: check IAM → Roles and retry.', {
      details: { roleArn, awsCode: e.name },
    });
  }
  return commonFailure(error, 'AWS IAM', 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', profile);
}

export function describeRegionsFailure(error: unknown, roleArn: string, profile: string | undefined, region?: string): AppError {
  const e = awsError(error);
  if (e.name === 'AuthFailure' && region !== undefined && OPT_IN_REGIONS.has(region)) {
    const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? 'the account';
    return new AppError(
      'cloud_denied',
      `${region} is an opt-in region, and it is not enabled for account ${account}: its endpoints do not accept the account's credentials.`,
      `Who can fix it: an admin of account ${account} enables ${region} (AWS console → Account → AWS Regions → Enable; or aws account enable-region --region-name ${region}), or choose a region that is enabled. The role's policies are not the cause.`,
      { details: { roleArn, awsCode: e.name, denial: 'opt-in-region', region } },
    );
  }
  if (e.name === 'UnauthorizedOperation' || e.name === 'AuthFailure') {
    return namedDenial(e, roleArn, 'ec2:DescribeRegions', 'The role may not list regions (ec2:DescribeRegions was refused).', 'Attach ReadOnlyAccess to the role, or add ec2:DescribeRegions to its policy, then retry.');
  }
  return commonFailure(error, 'Amazon EC2', 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', profile);
}

export function getRoleFailure(error: unknown, roleArn: string, profile: string | undefined): AppError {
  const e = awsError(error);
  if (e.name === 'NoSuchEntity' || e.name === 'NoSuchEntityException') {
    return new AppError('cloud_denied', `IAM cannot find ${roleArn}.`, 'The role was deleted: create it again with the commands from step 2.', { details: { roleArn, awsCode: 'NoSuchEntity' } });
  }
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException') {
    return namedDenial(
      e,
      roleArn,
      'iam:GetRole',
      `The role may not read itself (iam:GetRole on ${roleArn} was refused), so its trust policy cannot be checked for drift.`,
      'Attach ReadOnlyAccess to the role (it includes iam:GetRole), then re-check.',
    );
  }
  return commonFailure(error, 'AWS IAM', 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', profile);
}

/** organizations:DescribeOrganization / ListAccounts, as a person should read them. */
/** What was being read when Organizations refused: the member list, or the tree of OUs. */
export interface OrganizationsRead {
  readonly doing: string;
  readonly actions: readonly string[];
}

const LIST_ACCOUNTS: OrganizationsRead = { doing: "list the organization's accounts", actions: ['organizations:ListAccounts'] };

export function organizationsFailure(error: unknown, roleArn: string, profile: string | undefined, read: OrganizationsRead = LIST_ACCOUNTS): AppError {
  const e = awsError(error);
  switch (e.name) {
    case 'AccessDeniedException':
    case 'AccessDenied':
      return new AppError(
        'cloud_denied',
        `The role ${roleArn} may not ${read.doing} (${read.actions.join(' or ')} was refused).`,
        `In the management account, add organizations:DescribeOrganization and ${read.actions.join(', ')} (read-only) to the role — ReadOnlyAccess includes them — or paste the account ids instead.`,
        { details: { roleArn, awsCode: e.name } },
      );
    case 'AWSOrganizationsNotInUseException':
      return new AppError('precondition_failed', 'This account is not part of an AWS Organization, so there are no member accounts to list.', 'Paste the account ids to connect instead.', {
        details: { roleArn, awsCode: e.name },
      });
    case 'TooManyRequestsException':
      return new AppError('cloud_error', 'AWS Organizations is throttling requests.', 'Wait a minute and retry.', { details: { roleArn, awsCode: e.name } });
  }
  return commonFailure(error, 'AWS Organizations', 'ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT', profile);
}
