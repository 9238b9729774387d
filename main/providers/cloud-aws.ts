import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, type EvaluationResult, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { z } from 'zod';
import { type AwsRotation, AwsBootstrapError, baselinePolicy, buildAwsBootstrap, partnerPrincipalFor, rotationArtifacts, roleNameFor, stackNameFor } from '../../shared/artifacts/aws.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { AWS_BASELINE_ACTIONS, type AwsPartition, DEFAULT_REGION, parseRoleArn, type RoleArn, regionProblem } from '../../shared/domain/aws.js';
import { AppError } from '../../shared/domain/errors.js';
import type * as aws from '../../shared/ipc/clouds/aws.js';
import type { CleanupStep, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { type CleanupCheck, type CloudProvider, type ConnectionDescription, type HealthOutcome, type PreparedConnection, failedCheck } from './base.js';
import { assumeRoleFailure, describeRegionsFailure, simulateFailure, stsFailure } from './aws/errors.js';
import { externalIdFor, keyFingerprint } from './aws/external-id.js';
import { sourceCredentials } from './aws/source-credentials.js';

type Target = z.output<typeof aws.awsTargetInput>;
type Bootstrap = z.input<typeof aws.awsBootstrapOutput>;
type Identity = z.input<typeof aws.awsIdentityOutput>;
type Permissions = z.input<typeof aws.awsPermissionsOutput>;
type Enumeration = z.input<typeof aws.awsEnumerateOutput>;

/** IAM is global per partition; its SDK region follows the partition. */
const IAM_REGION: Readonly<Record<AwsPartition, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };
const SESSION_SECONDS = 900;
/** Reuse assumed-role credentials only while they have this much life left. */
const REUSE_MARGIN_MS = 60_000;

interface AssumedSession {
  readonly credentials: AwsCredentialIdentity;
  readonly expiresAt: number;
  readonly assumedRoleArn: string;
}

interface ResolvedTarget {
  readonly arn: RoleArn;
  readonly region: string;
  readonly externalId: string;
  readonly fingerprint: string;
  readonly partnerPrincipal: string;
}

/**
 * AWS: a cross-account role with sts:ExternalId. The engineer's own session assumes the role once
 * per wizard session; steps 3, 4 and 4* reuse those in-memory credentials (4 control-plane calls).
 */
export class AwsProvider implements CloudProvider<'aws', { orgId: string }, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind = 'aws' as const;
  private readonly sessions = new Map<string, AssumedSession>();

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {}

  private get profile(): string | undefined {
    return this.settings.optional('ALPHASWARM_ADMIN_AWS_PROFILE');
  }

  private externalIdKey(): string {
    return this.settings.require('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET');
  }

  /** Fingerprint of the current external-id key, or undefined when it is not configured. */
  currentKeyFingerprint(): string | undefined {
    const r = this.settings.resolve('ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET');
    return r.value && !r.problem ? keyFingerprint(r.value) : undefined;
  }

  /** A saved connection whose external id came from another key: the old id is only ever read from it. */
  private rotationFrom(existing: StoredConnection | undefined, fingerprint: string): AwsRotation | undefined {
    if (!existing || existing.keyFingerprint === null || existing.keyFingerprint === fingerprint) return undefined;
    return { oldExternalId: String(existing.record.external_id ?? ''), oldKeyFingerprint: existing.keyFingerprint, newKeyFingerprint: fingerprint };
  }

  bootstrap(input: { orgId: string }, existing?: StoredConnection): Bootstrap {
    const partnerAccountId = this.settings.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID');
    const key = this.externalIdKey();
    try {
      const built = buildAwsBootstrap({
        orgId: input.orgId,
        partnerAccountId,
        rotation: this.rotationFrom(existing, keyFingerprint(key)),
        externalId: externalIdFor(key, input.orgId),
        roleNamePattern: this.settings.require('ALPHASWARM_ADMIN_AWS_ROLE_NAME_PATTERN'),
        templateUrl: this.settings.optional('ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL'),
      });
      return {
        ...built,
        trustPolicy: built.trustPolicy as unknown as Record<string, unknown>,
        artifacts: [...built.artifacts],
        notes: [...built.notes],
        quickCreateUrl: built.quickCreateUrl ?? null,
        rotation: built.rotation ?? null,
        keyFingerprint: keyFingerprint(key),
      };
    } catch (error) {
      if (error instanceof AwsBootstrapError) throw new AppError('config_invalid', error.message, error.hint);
      throw error;
    }
  }

  private resolve(target: Target): ResolvedTarget {
    const parsed = parseRoleArn(target.roleArn);
    if (!parsed.ok) throw new AppError('bad_request', parsed.reason, 'Copy the role ARN again from IAM → Roles.', { field: 'roleArn' });
    const region = target.region ?? DEFAULT_REGION[parsed.value.partition];
    const problem = regionProblem(region, parsed.value.partition);
    if (problem) throw new AppError('bad_request', problem, 'Choose a region in the role\'s partition.', { field: 'region' });
    const key = this.externalIdKey();
    return {
      arn: parsed.value,
      region,
      externalId: externalIdFor(key, target.orgId),
      fingerprint: keyFingerprint(key),
      partnerPrincipal: partnerPrincipalFor(this.settings.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')),
    };
  }

  private sessionKey(orgId: string, t: ResolvedTarget): string {
    return `${orgId}|${t.arn.arn}|${t.region}|${t.fingerprint}`;
  }

  private clientConfig(endpointSetting: string, region: string, credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity) {
    const timeout = this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS');
    const endpoint = this.settings.optional(endpointSetting);
    return {
      region,
      credentials,
      maxAttempts: 2,
      requestHandler: new NodeHttpHandler({ connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true }),
      ...(endpoint ? { endpoint } : {}),
    };
  }

  /** AssumeRole with the org's external id on the regional STS endpoint, or reuse this session's. */
  private async assume(orgId: string, t: ResolvedTarget): Promise<{ session: AssumedSession; fresh: boolean }> {
    const key = this.sessionKey(orgId, t);
    const cached = this.sessions.get(key);
    if (cached && cached.expiresAt - this.clock.now() > REUSE_MARGIN_MS) return { session: cached, fresh: false };
    const sts = new STSClient(this.clientConfig('ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', t.region, sourceCredentials(this.settings.env, this.profile)));
    try {
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: t.arn.arn,
          RoleSessionName: `alphaswarm-onboard-${orgId}`.slice(0, 64),
          ExternalId: t.externalId,
          DurationSeconds: SESSION_SECONDS,
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw new AppError('cloud_error', 'AWS STS answered AssumeRole without credentials.', 'Retry; if it persists, check ALPHASWARM_ADMIN_AWS_STS_ENDPOINT.');
      }
      const session: AssumedSession = {
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        expiresAt: c.Expiration?.getTime() ?? this.clock.now() + SESSION_SECONDS * 1000,
        assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
      };
      this.sessions.set(key, session);
      return { session, fresh: true };
    } catch (error) {
      throw assumeRoleFailure(error, {
        roleArn: t.arn.arn,
        accountId: t.arn.accountId,
        region: t.region,
        externalId: t.externalId,
        partnerPrincipal: t.partnerPrincipal,
        profile: this.profile,
      });
    } finally {
      sts.destroy();
    }
  }

  async validateIdentity(target: Target): Promise<Identity> {
    const t = this.resolve(target);
    // Step 3 always proves a fresh AssumeRole: a stale cached session proves nothing about the trust policy now.
    this.sessions.delete(this.sessionKey(target.orgId, t));
    const { session } = await this.assume(target.orgId, t);
    const sts = new STSClient(this.clientConfig('ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', t.region, session.credentials));
    try {
      const who = await sts.send(new GetCallerIdentityCommand({}));
      if (who.Account !== t.arn.accountId) {
        throw new AppError(
          'cloud_denied',
          `The assumed role reports account ${who.Account ?? 'unknown'}, but the ARN names account ${t.arn.accountId}.`,
          'Check that the ARN was copied from the right account, and that no proxy rewrites STS calls.',
          { details: { roleArn: t.arn.arn, reportedAccount: who.Account ?? 'unknown' } },
        );
      }
      return {
        cloud: 'aws',
        accountId: t.arn.accountId,
        roleArn: t.arn.arn,
        assumedRoleArn: who.Arn ?? session.assumedRoleArn,
        region: t.region,
        sessionExpiresAt: new Date(session.expiresAt).toISOString(),
        checkedAt: isoAt(this.clock),
      };
    } catch (error) {
      throw stsFailure(error, this.profile);
    } finally {
      sts.destroy();
    }
  }

  async validatePermissions(target: Target): Promise<Permissions> {
    const t = this.resolve(target);
    const { session } = await this.assume(target.orgId, t);
    const iam = new IAMClient(this.clientConfig('ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', IAM_REGION[t.arn.partition], session.credentials));
    const results: EvaluationResult[] = [];
    try {
      let marker: string | undefined;
      do {
        const page = await iam.send(
          new SimulatePrincipalPolicyCommand({ PolicySourceArn: t.arn.arn, ActionNames: [...AWS_BASELINE_ACTIONS], ...(marker ? { Marker: marker } : {}) }),
        );
        results.push(...(page.EvaluationResults ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (error) {
      throw simulateFailure(error, t.arn.arn, this.profile);
    } finally {
      iam.destroy();
    }
    const checks = AWS_BASELINE_ACTIONS.map((action) => checkFor(action, results, t.arn.roleName));
    const missing = checks.filter((c) => c.status !== 'granted');
    const fixable = missing.filter((c) => !c.cause?.includes('service control policy')).map((c) => c.name);
    const remediation: Permissions['remediation'] = [];
    if (fixable.length) {
      remediation.push(
        {
          title: 'Policy that grants the missing actions',
          language: 'json',
          content: `${JSON.stringify(baselinePolicy(fixable), null, 2)}\n`,
          description: 'Save as alphaswarm-missing.json next to the command below.',
        },
        {
          title: 'Attach it to the role',
          language: 'shell',
          content: `aws iam put-role-policy --role-name ${t.arn.roleName} --policy-name AlphaSwarmBaseline --policy-document file://alphaswarm-missing.json\n`,
          description: 'Run in the customer account, then check permissions again.',
        },
      );
    }
    return { cloud: 'aws', checks, allGranted: missing.length === 0, remediation, checkedAt: isoAt(this.clock) };
  }

  async enumerate(target: Target): Promise<Enumeration> {
    const t = this.resolve(target);
    const { session } = await this.assume(target.orgId, t);
    const ec2 = new EC2Client(this.clientConfig('ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', t.region, session.credentials));
    try {
      const out = await ec2.send(new DescribeRegionsCommand({}));
      const regions = (out.Regions ?? [])
        .map((r) => ({ name: r.RegionName ?? '', endpoint: r.Endpoint ?? '', optInStatus: r.OptInStatus ?? 'unknown' }))
        .filter((r) => r.name !== '')
        .sort((a, b) => a.name.localeCompare(b.name));
      return { cloud: 'aws', regions };
    } catch (error) {
      throw describeRegionsFailure(error, t.arn.arn, this.profile);
    } finally {
      ec2.destroy();
    }
  }

  async prepareConnection(target: Target, existing?: StoredConnection): Promise<PreparedConnection> {
    const t = this.resolve(target);
    const rotation = this.rotationFrom(existing, t.fingerprint);
    return {
      record: { role_arn: t.arn.arn, external_id: t.externalId, region: t.region, account_id: t.arn.accountId },
      keyFingerprint: t.fingerprint,
      expiresOn: null,
      ...(rotation
        ? {
            rotation: { fromFingerprint: rotation.oldKeyFingerprint, toFingerprint: rotation.newKeyFingerprint },
            followUp: [rotationArtifacts(t.arn.roleName, this.settings.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID'), rotation.oldExternalId, t.externalId).final],
          }
        : {}),
    };
  }

  auditTarget(target: Target): AuditDetail {
    const parsed = parseRoleArn(target.roleArn);
    return {
      roleArn: target.roleArn,
      region: target.region ?? (parsed.ok ? DEFAULT_REGION[parsed.value.partition] : null),
      accountId: parsed.ok ? parsed.value.accountId : null,
    };
  }

  describe(stored: StoredConnection): ConnectionDescription {
    const roleArn = String(stored.record.role_arn ?? '');
    const current = this.currentKeyFingerprint();
    const rotated = current !== undefined && stored.keyFingerprint !== null && stored.keyFingerprint !== current;
    return {
      identifier: String(stored.record.account_id ?? ''),
      label: roleArn,
      rotation: rotated
        ? `External id from a rotated key (${stored.keyFingerprint} → ${current}): re-run the wizard for a no-downtime switch.`
        : current === undefined
          ? 'External-id key not configured on this device: its rotation cannot be checked.'
          : `External id from the current key (${current}).`,
      ...(rotated
        ? {
            derivedStatus: {
              status: 'rotated_key' as const,
              reason: 'The external-id key has changed since this connection was saved: re-run the wizard to move the role to the new external id.',
            },
          }
        : {}),
    };
  }

  cleanup(stored: StoredConnection): CleanupStep[] {
    const arn = parseRoleArn(String(stored.record.role_arn ?? ''));
    const roleName = arn.ok ? arn.value.roleName : roleNameFor('alphaswarm-broker-{org_id}', stored.orgId);
    const stack = stackNameFor(stored.orgId);
    return [
      {
        title: 'If the role was created with the AWS CLI',
        language: 'shell',
        content:
          `aws iam detach-role-policy --role-name ${roleName} --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess\n` +
          `aws iam delete-role-policy --role-name ${roleName} --policy-name AlphaSwarmBaseline  # only if you added it\n` +
          `aws iam delete-role --role-name ${roleName}\n`,
      },
      { title: 'If it was created with CloudFormation', language: 'shell', content: `aws cloudformation delete-stack --stack-name ${stack}\n` },
      {
        title: 'If it was deployed to an AWS Organization with StackSets',
        language: 'shell',
        content:
          `aws cloudformation delete-stack-instances --stack-set-name ${stack} --deployment-targets OrganizationalUnitIds=<root-or-ou-id> --regions us-east-1 --no-retain-stacks\n` +
          `aws cloudformation delete-stack-set --stack-set-name ${stack}  # after the instances are gone\n`,
      },
    ];
  }

  forget(orgId: string): void {
    for (const key of this.sessions.keys()) if (key.startsWith(`${orgId}|`)) this.sessions.delete(key);
  }

  /** The target exactly as saved: the external id is read from the record, never recomputed. */
  private storedTarget(stored: StoredConnection): ResolvedTarget | string {
    const parsed = parseRoleArn(String(stored.record.role_arn ?? ''));
    if (!parsed.ok) return `The stored role ARN is not valid: ${parsed.reason}`;
    return {
      arn: parsed.value,
      region: String(stored.record.region ?? DEFAULT_REGION[parsed.value.partition]),
      externalId: String(stored.record.external_id ?? ''),
      fingerprint: stored.keyFingerprint ?? 'stored',
      partnerPrincipal: partnerPrincipalFor(this.settings.require('ALPHASWARM_ADMIN_AWS_PARTNER_ACCOUNT_ID')),
    };
  }

  /** After disconnect, AssumeRole with the old external id must be refused. */
  async verifyCleanup(stored: StoredConnection): Promise<CleanupCheck> {
    const t = this.storedTarget(stored);
    if (typeof t === 'string') throw new AppError('bad_request', t, 'Nothing can be checked for this record.');
    try {
      await this.assume(`cleanup-${stored.orgId}`, t);
      return { verified: false, detail: `${t.arn.arn} can still be assumed with the old external id: delete the role (or its stack), or remove AlphaSwarm from its trust policy.` };
    } catch (error) {
      if (error instanceof AppError && error.code === 'cloud_denied') return { verified: true, detail: `AssumeRole on ${t.arn.arn} is now refused.` };
      throw error;
    } finally {
      this.forget(`cleanup-${stored.orgId}`);
    }
  }

  /** Assume the role with the external id the record holds (never one recomputed now), then simulate. */
  async revalidate(stored: StoredConnection): Promise<HealthOutcome> {
    const t = this.storedTarget(stored);
    if (typeof t === 'string') return { status: 'check_failed', reason: t };
    try {
      this.sessions.delete(this.sessionKey(stored.orgId, t));
      const { session } = await this.assume(stored.orgId, t);
      const missing = await this.missingActions(t, session);
      return missing.length ? { status: 'needs_attention', reason: `Missing: ${missing.join(', ')}.` } : { status: 'connected', reason: null };
    } catch (error) {
      return failedCheck(error);
    } finally {
      this.sessions.delete(this.sessionKey(stored.orgId, t));
    }
  }

  private async missingActions(t: ResolvedTarget, session: AssumedSession): Promise<string[]> {
    const iam = new IAMClient(this.clientConfig('ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', IAM_REGION[t.arn.partition], session.credentials));
    try {
      const page = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: t.arn.arn, ActionNames: [...AWS_BASELINE_ACTIONS] }));
      return AWS_BASELINE_ACTIONS.filter((a) => checkFor(a, page.EvaluationResults ?? [], t.arn.roleName).status !== 'granted');
    } catch (error) {
      throw simulateFailure(error, t.arn.arn, this.profile);
    } finally {
      iam.destroy();
    }
  }
}

function checkFor(action: string, results: readonly EvaluationResult[], roleName: string): PermissionCheck {
  const r = results.find((x) => x.EvalActionName?.toLowerCase() === action.toLowerCase());
  if (!r) return { name: action, status: 'unverified', cause: 'IAM did not return a result for this action.' };
  if (r.EvalDecision === 'allowed') return { name: action, status: 'granted' };
  if (r.OrganizationsDecisionDetail?.AllowedByOrganizations === false) {
    return {
      name: action,
      status: 'missing',
      cause: 'Denied by an AWS Organizations service control policy (SCP) on this account or its OU.',
      remedy: `Ask the organisation's management-account admin to allow ${action} in the SCP; a role policy cannot override an SCP.`,
    };
  }
  if (r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false) {
    return { name: action, status: 'missing', cause: "Not allowed by the role's permissions boundary.", remedy: `Add ${action} to the boundary policy of ${roleName}.` };
  }
  if (r.EvalDecision === 'explicitDeny') {
    return { name: action, status: 'missing', cause: 'An explicit Deny in a policy attached to the role.', remedy: `Remove the Deny for ${action} from the role's policies.` };
  }
  return {
    name: action,
    status: 'missing',
    cause: 'No policy attached to the role allows it.',
    remedy: `Attach ReadOnlyAccess to ${roleName}, or add ${action} with the policy below.`,
  };
}
