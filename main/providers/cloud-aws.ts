import type { EvaluationResult } from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { z } from 'zod';
import { type AwsRotation, AwsBootstrapError, baselinePolicy, buildAwsBootstrap, partnerPrincipalFor, rotationArtifacts, stackNameFor } from '../../shared/artifacts/aws.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import {
  AWS_BASELINE_ACTIONS,
  AWS_TIER_CHECKS,
  type AwsPartition,
  DEFAULT_REGION,
  PARTNER_ACCOUNT_SETTING,
  PARTITION_DNS_SUFFIX,
  PARTITION_LABELS,
  parseRoleArn,
  partitionMismatch,
  type RoleArn,
  regionProblem,
  stsRegionalEndpoint,
} from '../../shared/domain/aws.js';
import { AppError } from '../../shared/domain/errors.js';
import { DEFAULT_TIER } from '../../shared/domain/tiers.js';
import type * as aws from '../../shared/ipc/clouds/aws.js';
import type { CleanupStep, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { ScopeNode, StackInstance, StackSetRead } from '../../shared/ipc/estate-schemas.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { type CloudProvider, type ConnectionDescription, type HealthOutcome, type PreparedConnection, SIGNED_IN, permissionFindings, permissionOutcome } from './base.js';
import type { HealthFinding } from '../../shared/domain/health-history.js';
import { type CleanupWords, ProviderBase, damagedRecord } from './provider-base.js';
import { awsCleanup } from './aws/cleanup.js';
import { type OrganizationsRead, assumeRoleFailure, describeRegionsFailure, getRoleFailure, organizationsFailure, simulateFailure, stsFailure } from './aws/errors.js';
import { readOrganizationTree } from './aws/organization-tree.js';
import { readStackInstances } from './aws/stack-instances.js';
import { type AwsSdk, loadAwsSdk } from './aws/load-sdk.js';
import type { AwsOrgIdentity } from './aws/org-identity.js';
import { trustDrift } from './aws/trust-drift.js';
import { SessionCache } from './session-cache.js';
import { RECORD_SCHEMAS, tryRecord } from './stored-records.js';

const AWS_RECORD = RECORD_SCHEMAS.aws;

type Target = z.output<typeof aws.awsTargetInput>;
type BootstrapIn = z.output<typeof aws.awsBootstrapInput>;
type Bootstrap = z.input<typeof aws.awsBootstrapOutput>;
type Identity = z.input<typeof aws.awsIdentityOutput>;
type Permissions = z.input<typeof aws.awsPermissionsOutput>;
type Enumeration = z.input<typeof aws.awsEnumerateOutput>;
export type MemberAccounts = z.input<typeof aws.awsMemberAccountsOutput>;

/** IAM and Organizations are global per partition; their SDK region follows the partition. */
const GLOBAL_REGION: Readonly<Record<AwsPartition, string>> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };
const SESSION_SECONDS = 900;
/** Reuse assumed-role credentials only while they have this much life left. */
const REUSE_MARGIN_MS = 60_000;

interface AssumedSession {
  readonly credentials: AwsCredentialIdentity;
  readonly expiresAt: number;
  readonly assumedRoleArn: string;
  /** The role's unique id (AROA…): a role deleted and created again gets a new one. */
  readonly roleId: string | null;
}

interface ResolvedTarget {
  readonly arn: RoleArn;
  readonly region: string;
  /** The region allow-list: with it, DescribeRegions is never called (nor checked). */
  readonly regions: readonly string[] | undefined;
  readonly externalId: string;
  readonly fingerprint: string;
  readonly partnerAccountId: string;
}

/**
 * AWS: a cross-account role with sts:ExternalId. The engineer's own session assumes the role once
 * per wizard session; steps 3, 4 and 4* reuse those in-memory credentials (4 control-plane calls).
 */
export class AwsProvider extends ProviderBase<ResolvedTarget> implements CloudProvider<'aws', BootstrapIn, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind = 'aws' as const;
  private readonly sessions: SessionCache<AssumedSession>;

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly identity: AwsOrgIdentity,
  ) {
    super();
    this.sessions = new SessionCache(clock, (s) => s.expiresAt, REUSE_MARGIN_MS);
  }

  private get profile(): string | undefined {
    return this.settings.optional('ALPHASWARM_ADMIN_AWS_PROFILE');
  }

  /** A saved connection whose external id differs from the org's current one: the old id is only ever read from it. */
  private rotationFrom(existing: readonly StoredConnection[], externalId: string, fingerprint: string): AwsRotation | undefined {
    const old = existing.map((c) => ({ c, record: tryRecord(AWS_RECORD, c) })).find((x) => x.record && x.record.external_id !== externalId);
    if (!old?.record) return undefined;
    return { oldExternalId: old.record.external_id, oldKeyFingerprint: old.c.keyFingerprint ?? 'earlier', newKeyFingerprint: fingerprint };
  }

  /** AlphaSwarm's partner account in the partition: each partition has its own setting. */
  private partnerAccount(partition: AwsPartition): string {
    return this.settings.require(PARTNER_ACCOUNT_SETTING[partition]);
  }

  bootstrap(input: BootstrapIn, existing: readonly StoredConnection[]): Bootstrap {
    const partition = input.partition ?? 'aws';
    const partnerAccountId = this.partnerAccount(partition);
    const externalId = this.identity.externalId(input.orgId);
    const role = this.identity.roleName(input.orgId);
    try {
      const built = buildAwsBootstrap({
        orgId: input.orgId,
        partition,
        tier: input.tier,
        fromTier: input.fromTier,
        partnerAccountId,
        // Only a saved connection of the same partition can be rotated by these artifacts.
        rotation: this.rotationFrom(existing.filter((c) => this.partitionOf(c) === partition), externalId.value, externalId.fingerprint),
        externalId: externalId.value,
        roleName: role.name,
        templateUrl: this.settings.optional('ALPHASWARM_ADMIN_AWS_CFN_TEMPLATE_URL'),
      });
      const notes = [...built.notes];
      if (role.shortened) notes.push({ level: 'info', text: `The role name pattern gives a name over IAM's 64 characters for this org, so the org id's short form is used: ${role.name}.` });
      if (role.source !== 'pattern') notes.push({ level: 'info', text: `This org has its own role name (${role.source === 'profile' ? 'from your platform profile' : 'from Settings'}): ${role.name}.` });
      return {
        ...built,
        trustPolicy: { ...built.trustPolicy },
        artifacts: [...built.artifacts],
        notes,
        quickCreateUrl: built.quickCreateUrl ?? null,
        rotation: built.rotation ?? null,
        keyFingerprint: externalId.fingerprint,
        externalIdSource: externalId.source,
        roleNameSource: role.source,
      };
    } catch (error) {
      if (error instanceof AwsBootstrapError) throw new AppError('config_invalid', error.message, error.hint);
      throw error;
    }
  }

  accountOf(target: Target): string {
    return this.parse(target).arn.accountId;
  }

  /** The role every account of this org is asked to carry (a "connect many" list names only accounts). */
  /** Just the account id (the admin read it off the console): the role is the org's own, whose name main knows. */
  normaliseTarget(target: Target): Target {
    if (!/^\d{12}$/.test(target.roleArn)) return target;
    return { ...target, roleArn: `arn:${target.partition ?? 'aws'}:iam::${target.roleArn}:role/${this.identity.roleName(target.orgId).name}` };
  }

  roleNameFor(orgId: string): string {
    return this.identity.roleName(orgId).name;
  }

  knownAccountOf(target: Target): string {
    return this.accountOf(target);
  }

  precheck(target: Target): void {
    this.resolve(target);
  }

  /** The partition a saved connection lives in: the record's, or (saved before partitions) its role ARN's. */
  private partitionOf(stored: StoredConnection): AwsPartition | undefined {
    const record = tryRecord(AWS_RECORD, stored);
    if (!record) return undefined;
    if (record.partition) return record.partition;
    const arn = parseRoleArn(record.role_arn);
    return arn.ok ? arn.value.partition : undefined;
  }

  /** Refused before any call: a role in another partition than the connection's (default `aws`). */
  private parse(target: Pick<Target, 'roleArn' | 'region' | 'partition' | 'regions'>): { arn: RoleArn; region: string } {
    const parsed = parseRoleArn(target.roleArn);
    if (!parsed.ok) throw new AppError('bad_request', parsed.reason, 'Copy the role ARN again from IAM → Roles.', { field: 'roleArn' });
    const partition = target.partition ?? 'aws';
    const mismatch = partitionMismatch(parsed.value, partition);
    if (mismatch) {
      const theirs = parsed.value.partition;
      throw new AppError(
        'bad_request',
        mismatch,
        `A role can only be assumed from its own partition. If the account is in ${PARTITION_LABELS[theirs]}, choose partition ${theirs} (CLI: --partition ${theirs}) and generate step 2's artifacts for it; otherwise paste the ARN of the role in the ${partition} account.`,
        { field: 'roleArn', details: { rolePartition: theirs, connectionPartition: partition } },
      );
    }
    const region = target.region ?? DEFAULT_REGION[parsed.value.partition];
    const problem = regionProblem(region, parsed.value.partition);
    if (problem) throw new AppError('bad_request', problem, "Choose a region in the role's partition.", { field: 'region' });
    for (const r of target.regions ?? []) {
      const listed = regionProblem(r, parsed.value.partition);
      if (listed) throw new AppError('bad_request', `In --regions: ${listed}`, "List only regions of the role's partition.", { field: 'regions' });
    }
    return { arn: parsed.value, region };
  }

  private resolve(target: Target): ResolvedTarget {
    const { arn, region } = this.parse(target);
    const externalId = this.identity.externalId(target.orgId);
    return { arn, region, regions: target.regions, externalId: externalId.value, fingerprint: externalId.fingerprint, partnerAccountId: this.partnerAccount(arn.partition) };
  }

  private sessionKey(orgId: string, t: ResolvedTarget): string {
    return SessionCache.key(orgId, t.arn.arn, t.region, t.externalId);
  }

  /** Where STS calls go: the override setting, else the partition's regional endpoint. */
  private stsEndpoint(t: ResolvedTarget): string {
    return this.settings.optional('ALPHASWARM_ADMIN_AWS_STS_ENDPOINT') ?? stsRegionalEndpoint(t.region, t.arn.partition);
  }

  private clientConfig(
    sdk: AwsSdk,
    endpointSetting: string,
    region: string,
    credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity,
    fallbackEndpoint?: string,
  ) {
    const timeout = this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS');
    const endpoint = this.settings.optional(endpointSetting) ?? fallbackEndpoint;
    return {
      region,
      credentials,
      maxAttempts: 2,
      requestHandler: new sdk.NodeHttpHandler({ connectionTimeout: timeout, requestTimeout: timeout, throwOnRequestTimeout: true }),
      ...(endpoint ? { endpoint } : {}),
    };
  }

  /** AssumeRole with the org's external id on the regional STS endpoint, or reuse this session's. */
  /**
   * `signal` reaches the STS request itself (the SDK's abortSignal closes the socket). The engineer's
   * source credentials (SSO, a credential process) are resolved by the SDK's provider chain, which
   * takes no signal: that step is bounded by the HTTP timeout and the process's own limits.
   */
  private async assume(orgId: string, t: ResolvedTarget, signal: AbortSignal | undefined): Promise<{ session: AssumedSession; sdk: AwsSdk }> {
    const sdk = await loadAwsSdk();
    const key = this.sessionKey(orgId, t);
    const cached = this.sessions.fresh(key);
    if (cached) return { session: cached, sdk };
    const sts = new sdk.STSClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', t.region, sdk.sourceCredentials(this.settings.env, this.profile), this.stsEndpoint(t)));
    try {
      const out = await sts.send(
        new sdk.AssumeRoleCommand({
          RoleArn: t.arn.arn,
          RoleSessionName: `alphaswarm-onboard-${orgId}`.slice(0, 64),
          ExternalId: t.externalId,
          DurationSeconds: SESSION_SECONDS,
        }),
        { abortSignal: signal },
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw new AppError('cloud_error', 'AWS STS answered AssumeRole without credentials.', 'Retry; if it persists, check ALPHASWARM_ADMIN_AWS_STS_ENDPOINT.');
      }
      const roleId = out.AssumedRoleUser?.AssumedRoleId?.split(':')[0] ?? null;
      const session: AssumedSession = {
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
        expiresAt: c.Expiration?.getTime() ?? this.clock.now() + SESSION_SECONDS * 1000,
        assumedRoleArn: out.AssumedRoleUser?.Arn ?? '',
        roleId,
      };
      this.sessions.set(key, session);
      return { session, sdk };
    } catch (error) {
      throw assumeRoleFailure(error, {
        roleArn: t.arn.arn,
        accountId: t.arn.accountId,
        region: t.region,
        externalId: t.externalId,
        partnerPrincipal: partnerPrincipalFor(t.partnerAccountId, t.arn.partition),
        profile: this.profile,
      });
    } finally {
      sts.destroy();
    }
  }

  async validateIdentity(target: Target, signal: AbortSignal): Promise<Identity> {
    const t = this.resolve(target);
    // Step 3 always proves a fresh AssumeRole: a stale cached session proves nothing about the trust policy now.
    this.sessions.delete(this.sessionKey(target.orgId, t));
    const { session, sdk } = await this.assume(target.orgId, t, signal);
    const sts = new sdk.STSClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_STS_ENDPOINT', t.region, session.credentials, this.stsEndpoint(t)));
    try {
      const who = await sts.send(new sdk.GetCallerIdentityCommand({}), { abortSignal: signal });
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
        partition: t.arn.partition,
        stsEndpoint: this.stsEndpoint(t),
        sessionExpiresAt: new Date(session.expiresAt).toISOString(),
        checkedAt: isoAt(this.clock),
      };
    } catch (error) {
      throw stsFailure(error, this.profile);
    } finally {
      sts.destroy();
    }
  }

  private async simulate(sdk: AwsSdk, t: ResolvedTarget, session: AssumedSession, signal: AbortSignal, actions: readonly string[] = AWS_BASELINE_ACTIONS): Promise<PermissionCheck[]> {
    const iam = new sdk.IAMClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', GLOBAL_REGION[t.arn.partition], session.credentials));
    const results: EvaluationResult[] = [];
    try {
      let marker: string | undefined;
      do {
        const page = await iam.send(new sdk.SimulatePrincipalPolicyCommand({ PolicySourceArn: t.arn.arn, ActionNames: [...actions], ...(marker ? { Marker: marker } : {}) }), {
          abortSignal: signal,
        });
        results.push(...(page.EvaluationResults ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    } catch (error) {
      throw simulateFailure(error, t.arn.arn, this.profile);
    } finally {
      iam.destroy();
    }
    return actions.map((action) => checkFor(action, results, t.arn.roleName));
  }

  async validatePermissions(target: Target, signal: AbortSignal): Promise<Permissions> {
    const t = this.resolve(target);
    const { session, sdk } = await this.assume(target.orgId, t, signal);
    const tier = target.tier ?? DEFAULT_TIER;
    const checks = await this.simulate(sdk, t, session, signal, withoutListing(AWS_TIER_CHECKS[tier], t.regions));
    const missing = checks.filter((c) => c.status !== 'granted');
    // An SCP or a permissions boundary is not fixed by a role policy: those are named, not offered as a policy.
    const fixable = missing.filter((c) => !c.cause?.includes('service control policy') && !c.cause?.includes('permissions boundary')).map((c) => c.name);
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
    return { cloud: 'aws', checks, allGranted: missing.length === 0, remediation, tier, checkedAt: isoAt(this.clock) };
  }

  async enumerate(target: Target, signal: AbortSignal): Promise<Enumeration> {
    const t = this.resolve(target);
    if (t.regions) {
      // The customer named the regions: AlphaSwarm lists nothing (no ec2:DescribeRegions call).
      return { cloud: 'aws', regions: [...t.regions].sort().map((name) => ({ name, endpoint: `ec2.${name}.${PARTITION_DNS_SUFFIX[t.arn.partition]}`, optInStatus: 'allow-listed' })) };
    }
    const { session, sdk } = await this.assume(target.orgId, t, signal);
    const ec2 = new sdk.EC2Client(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_EC2_ENDPOINT', t.region, session.credentials));
    try {
      const out = await ec2.send(new sdk.DescribeRegionsCommand({}), { abortSignal: signal });
      const regions = (out.Regions ?? [])
        .map((r) => ({ name: r.RegionName ?? '', endpoint: r.Endpoint ?? '', optInStatus: r.OptInStatus ?? 'unknown' }))
        .filter((r) => r.name !== '')
        .sort((a, b) => a.name.localeCompare(b.name));
      return { cloud: 'aws', regions };
    } catch (error) {
      throw describeRegionsFailure(error, t.arn.arn, this.profile, t.region);
    } finally {
      ec2.destroy();
    }
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async: Cloudflare's needs a cloud call here
  async prepareConnection(target: Target, existing: StoredConnection | undefined, _signal: AbortSignal): Promise<PreparedConnection> {
    const t = this.resolve(target);
    const roleId = this.sessions.peek(this.sessionKey(target.orgId, t))?.roleId ?? (existing ? (tryRecord(AWS_RECORD, existing)?.role_id ?? null) : null);
    const rotation = existing ? this.rotationFrom([existing], t.externalId, t.fingerprint) : undefined;
    return {
      record: { role_arn: t.arn.arn, external_id: t.externalId, region: t.region, account_id: t.arn.accountId, partition: t.arn.partition, ...(t.regions ? { regions: t.regions.join(',') } : {}), ...(roleId ? { role_id: roleId } : {}) },
      keyFingerprint: t.fingerprint,
      expiresOn: null,
      ...(rotation
        ? {
            rotation: { fromFingerprint: rotation.oldKeyFingerprint, toFingerprint: rotation.newKeyFingerprint },
            followUp: [rotationArtifacts(t.arn.roleName, t.partnerAccountId, rotation.oldExternalId, t.externalId, t.arn.partition).final],
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
      partition: target.partition ?? 'aws',
      ...(target.regions ? { regions: [...target.regions] } : {}),
    };
  }

  describe(stored: StoredConnection): ConnectionDescription {
    const record = tryRecord(AWS_RECORD, stored);
    const roleArn = record?.role_arn ?? '(damaged record: reconnect)';
    const current = this.identity.tryExternalId(stored.orgId);
    const rotated = current !== undefined && record !== undefined && record.external_id !== current.value;
    const rotation = rotated
      ? `External id rotated (${stored.keyFingerprint ?? 'earlier'} → ${current.fingerprint}): re-run the wizard for a no-downtime switch.`
      : current === undefined
        ? 'The org\'s current external id is not available on this laptop (no profile for it, no key): its rotation cannot be checked.'
        : `External id current (${current.source === 'profile' ? 'from your platform profile' : `from key ${current.fingerprint}`}).`;
    return {
      identifier: stored.account,
      label: roleArn,
      rotation,
      ...(rotated
        ? {
            derivedStatus: {
              status: 'rotated_key' as const,
              reason: "The org's external id has changed since this connection was saved: re-run the wizard to move the role to the new external id without downtime.",
            },
          }
        : {}),
    };
  }

  cleanup(stored: StoredConnection): CleanupStep[] {
    const arn = parseRoleArn(tryRecord(AWS_RECORD, stored)?.role_arn ?? '');
    return awsCleanup(arn.ok ? arn.value.roleName : this.identity.roleName(stored.orgId).name, stored.orgId, this.partitionOf(stored) ?? 'aws');
  }

  forget(orgId: string): void {
    this.sessions.forgetOrg(orgId);
  }

  /** The target exactly as saved: the external id is read from the record, never recomputed. */
  private storedTarget(stored: StoredConnection): ResolvedTarget | string {
    const record = tryRecord(AWS_RECORD, stored);
    if (!record) return 'The saved record is damaged: disconnect it and connect it again.';
    const parsed = parseRoleArn(record.role_arn);
    if (!parsed.ok) return `The stored role ARN is not valid: ${parsed.reason}`;
    if (record.partition && record.partition !== parsed.value.partition) return `The record says partition ${record.partition}, but its role ARN is in ${parsed.value.partition}.`;
    return {
      arn: parsed.value,
      region: record.region ?? DEFAULT_REGION[parsed.value.partition],
      regions: record.regions ? record.regions.split(',') : undefined,
      externalId: record.external_id,
      fingerprint: stored.keyFingerprint ?? 'stored',
      partnerAccountId: this.partnerAccount(parsed.value.partition),
    };
  }

  protected savedTarget(stored: StoredConnection): ResolvedTarget | AppError {
    const t = this.storedTarget(stored);
    return typeof t === 'string' ? damagedRecord(t) : t;
  }

  /** The session a check of a saved connection assumes under: its own, never the wizard's. */
  private checkKey(stored: StoredConnection): string {
    return `check-${stored.orgId}-${stored.account}`;
  }

  protected async signIn(t: ResolvedTarget, stored: StoredConnection, signal: AbortSignal): Promise<void> {
    await this.assume(this.checkKey(stored), t, signal);
  }

  protected endSession(_t: ResolvedTarget, stored: StoredConnection): void {
    this.forget(this.checkKey(stored));
  }

  /** After disconnect, AssumeRole with the old external id must be refused. */
  protected cleanupWords(t: ResolvedTarget): CleanupWords {
    return {
      stillWorks: `${t.arn.arn} can still be assumed with the old external id: delete the role (or its stack), or remove AlphaSwarm from its trust policy.`,
      refused: () => `AssumeRole on ${t.arn.arn} is now refused.`,
    };
  }

  /**
   * Health: assume the role with the external id the record holds (never one recomputed now), check
   * the baseline, and compare the role's trust policy with what step 2 handed out (drift).
   */
  revalidate(stored: StoredConnection, _secret: unknown, signal: AbortSignal): Promise<HealthOutcome> {
    return this.health(stored, undefined, async (t) => {
      const principal = partnerPrincipalFor(t.partnerAccountId, t.arn.partition);
      const trust: HealthFinding = { kind: 'trust_policy', name: 'trust policy', expected: `trusts ${principal} with sts:ExternalId ${t.externalId}, and nothing else`, actual: 'as expected', ok: true, cause: null, fix: null };
      const restoreTrust = `aws iam update-assume-role-policy --role-name ${t.arn.roleName} --policy-document file://trust_policy.json (trust_policy.json from step 2)`;
      let assumed: { session: AssumedSession; sdk: AwsSdk };
      try {
        assumed = await this.assume(this.checkKey(stored), t, signal);
      } catch (error) {
        if (error instanceof AppError && error.code === 'cloud_denied' && error.details?.expectedExternalId !== undefined) {
          const cause = `AWS now refuses to let AlphaSwarm assume ${t.arn.arn}: the role was deleted, its trust policy no longer names ${principal}, or its sts:ExternalId condition no longer matches ${t.externalId}.`;
          const fix = `Who can fix it: the customer's IAM admin. Re-create the role, or restore its trust policy: ${restoreTrust}.`;
          return {
            status: 'drifted',
            reason: `${cause} Fix: re-create the role, or restore its trust policy with trust_policy.json from step 2 (aws iam update-assume-role-policy --role-name ${t.arn.roleName} --policy-document file://trust_policy.json).`,
            findings: [
              { ...SIGNED_IN, actual: 'AssumeRole refused', ok: false, cause, fix },
              { ...trust, actual: 'unknown: AssumeRole is refused', ok: false, cause, fix },
            ],
          };
        }
        throw error;
      }
      const { session, sdk } = assumed;
      const tier = stored.tier ?? DEFAULT_TIER;
      const checks = await this.simulate(sdk, t, session, signal, withoutListing(AWS_TIER_CHECKS[tier], t.regions));
      const drift = await this.readDrift(sdk, t, session, stored, signal);
      const findings: HealthFinding[] = [
        SIGNED_IN,
        drift.length ? { ...trust, actual: drift.join(' '), ok: false, cause: 'The trust policy was changed since step 2.', fix: `Who can fix it: the customer's IAM admin: ${restoreTrust}.` } : trust,
        ...permissionFindings('action', checks, `allowed to ${t.arn.roleName}`),
      ];
      if (drift.length) return { status: 'drifted', reason: `${drift.join(' ')} Fix: ${restoreTrust}.`, findings };
      return permissionOutcome(findings, `the ${tier} tier`, 'needs_attention');
    });
  }

  /** iam:GetRole on the role, and each difference from step 2's trust policy (the fix is the caller's). */
  private async readDrift(sdk: AwsSdk, t: ResolvedTarget, session: AssumedSession, stored: StoredConnection, signal: AbortSignal): Promise<string[]> {
    const iam = new sdk.IAMClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_IAM_ENDPOINT', GLOBAL_REGION[t.arn.partition], session.credentials));
    let document: string | undefined;
    let roleId: string | undefined;
    try {
      const out = await iam.send(new sdk.GetRoleCommand({ RoleName: t.arn.roleName }), { abortSignal: signal });
      document = out.Role?.AssumeRolePolicyDocument;
      roleId = out.Role?.RoleId;
    } catch (error) {
      const failure = getRoleFailure(error, t.arn.arn, this.profile);
      if (failure.details?.awsCode === 'NoSuchEntity') return [`The role ${t.arn.roleName} was deleted: create it again with the commands from step 2, then re-check.`];
      throw failure;
    } finally {
      iam.destroy();
    }
    const found = document === undefined ? [] : trustDrift(document, { partnerAccountId: t.partnerAccountId, externalId: t.externalId }).map((d) => d.detail);
    const storedRoleId = tryRecord(AWS_RECORD, stored)?.role_id ?? undefined;
    if (storedRoleId && roleId && storedRoleId !== roleId) found.push(`The role was deleted and created again (its id was ${storedRoleId}, now ${roleId}): check who re-created it and why.`);
    return found;
  }

  /**
   * Assume the role of this (primary) connection under a session of its own, check that its account
   * is the organization's management account (only it may read the organization), and read with
   * an Organizations client. Read-only calls; every failure says what to do.
   */
  private async withOrganization<T>(
    stored: StoredConnection,
    signal: AbortSignal | undefined,
    reading: OrganizationsRead,
    read: (sdk: AwsSdk, client: OrganizationsClient, org: { id: string; managementAccountId: string }, t: ResolvedTarget) => Promise<T>,
  ): Promise<T> {
    const t = this.storedTarget(stored);
    if (typeof t === 'string') throw new AppError('bad_request', t, 'Re-connect this account first.');
    const key = `org-${stored.orgId}`;
    try {
      const { session, sdk } = await this.assume(key, t, signal);
      const client = new sdk.OrganizationsClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_ORGANIZATIONS_ENDPOINT', GLOBAL_REGION[t.arn.partition], session.credentials));
      try {
        const org = await client.send(new sdk.DescribeOrganizationCommand({}), { abortSignal: signal });
        const management = org.Organization?.MasterAccountId;
        if (management !== t.arn.accountId) {
          throw new AppError(
            'precondition_failed',
            `Account ${t.arn.accountId} is a member of AWS Organization ${org.Organization?.Id ?? ''}, not its management account (${management ?? 'unknown'}), so it cannot ${reading.doing}.`,
            'Connect the management account (or paste the account ids instead).',
            { details: { managementAccount: management ?? 'unknown' } },
          );
        }
        return await read(sdk, client, { id: org.Organization?.Id ?? '', managementAccountId: management }, t);
      } catch (error) {
        throw organizationsFailure(error, t.arn.arn, this.profile, reading);
      } finally {
        client.destroy();
      }
    } finally {
      this.forget(key);
    }
  }

  /**
   * The member accounts of the AWS Organization whose management account this (primary) connection
   * is, when its role may call organizations:ListAccounts; otherwise says clearly why not.
   */
  memberAccounts(stored: StoredConnection, signal?: AbortSignal): Promise<MemberAccounts> {
    return this.withOrganization(stored, signal, LIST_ACCOUNTS, async (sdk, client, org) => {
      // Bounded, deduplicated and cancellable: a service that repeats a page token, or pages
      // forever, is stopped and named, instead of being called thousands of times a second.
      const accounts = new Map<string, MemberAccounts['accounts'][number]>();
      const tokens = new Set<string>();
      let next: string | undefined;
      let pages = 0;
      do {
        signal?.throwIfAborted();
        if (++pages > MAX_ORGANIZATION_PAGES) throw pagingFailure(`it was still paging after ${MAX_ORGANIZATION_PAGES} pages`);
        const page = await client.send(new sdk.ListAccountsCommand({ ...(next ? { NextToken: next } : {}) }), { abortSignal: signal });
        for (const a of page.Accounts ?? []) {
          if (a?.Id && /^\d{12}$/.test(a.Id) && !accounts.has(a.Id)) accounts.set(a.Id, { id: a.Id, name: a.Name ?? '', email: a.Email ?? '', status: a.Status ?? 'UNKNOWN' });
        }
        next = page.NextToken || undefined;
        if (next !== undefined) {
          if (tokens.has(next)) throw pagingFailure('it returned a page token it had already given (the listing would never end)');
          tokens.add(next);
        }
        // More accounts than the listing holds: an error, never the first 10,000 as if they were all.
        if (accounts.size > MAX_ORGANIZATION_ACCOUNTS) throw pagingFailure(`the organization has more than ${MAX_ORGANIZATION_ACCOUNTS.toLocaleString('en-US')} accounts`);
      } while (next);
      return { organizationId: org.id, managementAccountId: org.managementAccountId, accounts: [...accounts.values()].sort((a, b) => a.id.localeCompare(b.id)) };
    });
  }

  /**
   * The organization's tree (root, OUs, the accounts in each) through this management-account
   * connection, `concurrency` parents read at once; with what a member account's target needs
   * (the partition and region of the management connection, the org's role name).
   */
  organizationTree(stored: StoredConnection, concurrency: number, signal?: AbortSignal): Promise<OrganizationTree> {
    return this.withOrganization(stored, signal, READ_TREE, async (sdk, client, org, t) => {
      const root = await readOrganizationTree(sdk, client, concurrency, signal);
      const stackSet = await this.stackSetInstances(sdk, t, stackNameFor(stored.orgId), `org-${stored.orgId}`, signal);
      return { organizationId: org.id, managementAccountId: org.managementAccountId, root, partition: t.arn.partition, region: t.region, roleName: this.roleNameFor(stored.orgId), ...stackSet };
    });
  }

  /**
   * Where the management session may read it, the StackSet's instances per account with
   * CloudFormation's own reason; otherwise why not — never a reason to fail the reading of the tree.
   */
  private async stackSetInstances(sdk: AwsSdk, t: ResolvedTarget, name: string, sessionKey: string, signal: AbortSignal | undefined): Promise<Pick<OrganizationTree, 'stackSet' | 'instances'>> {
    const { session } = await this.assume(sessionKey, t, signal);
    const cfn = new sdk.CloudFormationClient(this.clientConfig(sdk, 'ALPHASWARM_ADMIN_AWS_CLOUDFORMATION_ENDPOINT', t.region, session.credentials));
    const read = (note: string | null, readable: boolean) => ({ name, region: t.region, readable, note });
    try {
      const instances = await readStackInstances((token) => cfn.send(new sdk.ListStackInstancesCommand({ StackSetName: name, ...(token ? { NextToken: token } : {}) }), { abortSignal: signal }), signal);
      return { stackSet: read(null, true), instances };
    } catch (error) {
      signal?.throwIfAborted();
      const code = error instanceof Error ? error.name : 'unknown';
      const note =
        code === 'StackSetNotFoundException'
          ? `No StackSet named ${name} in ${t.region} of the management account: the roles were created another way, or the StackSet lives in another region or a delegated administrator account.`
          : code === 'AccessDenied' || code === 'AccessDeniedException'
            ? `This session may not read the StackSet ${name} (cloudformation:ListStackInstances was refused), so which accounts have a stack instance is not shown.`
            : `The StackSet ${name} could not be read (${code}), so which accounts have a stack instance is not shown.`;
      return { stackSet: read(note, false) };
    } finally {
      cfn.destroy();
    }
  }
}

export interface OrganizationTree {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly root: ScopeNode;
  readonly partition: AwsPartition;
  readonly region: string;
  readonly roleName: string;
  readonly stackSet: StackSetRead;
  /** By account, when the StackSet could be read. */
  readonly instances?: ReadonlyMap<string, StackInstance>;
}

const LIST_ACCOUNTS: OrganizationsRead = { doing: "list the organization's accounts", actions: ['organizations:ListAccounts'] };
const READ_TREE: OrganizationsRead = {
  doing: "read the organization's OUs and accounts",
  actions: ['organizations:ListRoots', 'organizations:ListOrganizationalUnitsForParent', 'organizations:ListAccountsForParent'],
};

/** With a region allow-list, ec2:DescribeRegions is never called, so it is not asked for either. */
function withoutListing(actions: readonly string[], regions: readonly string[] | undefined): readonly string[] {
  return regions ? actions.filter((a) => a !== 'ec2:DescribeRegions') : actions;
}

/** ListAccounts answers at most 20 accounts a page: 10,000 accounts are 500 pages. */
const MAX_ORGANIZATION_ACCOUNTS = 10_000;
const MAX_ORGANIZATION_PAGES = 600;

function pagingFailure(why: string): AppError {
  return new AppError('cloud_error', `AWS Organizations did not finish listing the accounts: ${why}, so the listing was stopped.`, 'Retry later; if it keeps happening, paste the account ids instead.');
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
      remedy: `Who can fix it: the management account's admin, by allowing ${action} in the SCP; a role policy cannot override an SCP.`,
    };
  }
  if (r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false) {
    return {
      name: action,
      status: 'missing',
      cause: `Not allowed by the permissions boundary on ${roleName}: a boundary caps what the role's policies can grant.`,
      remedy: `Who can fix it: the customer's IAM admin, by adding ${action} to the boundary policy of ${roleName}. Attaching more policies to the role will not help.`,
    };
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
