import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeServer, randomId, readBody } from '../common/http.js';
import { parseAuthorization, verifySigV4 } from './sigv4.js';
import { NAMESPACES, ec2Error, esc, queryError, queryResponse } from './xml.js';
import { type FakeOrganization, newOrganization, treeOperation } from './organizations-tree.js';
import { type FakeStackSet, listStackInstances } from './stack-sets.js';

/** A principal that can sign requests: the engineer's partner-account session or an assumed role. */
export interface FakePrincipal {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly arn: string;
  readonly accountId: string;
  readonly userId: string;
  readonly expiresAt?: number;
  /** For assumed-role sessions: the role whose policies apply. */
  readonly roleArn?: string;
}

export interface FakeRole {
  readonly arn: string;
  readonly accountId: string;
  readonly roleName: string;
  /** IAM's unique id (AROA…): a role deleted and created again gets a new one. */
  roleId: string;
  /**
   * The trust policy as IAM holds it, when a test writes one by hand (wildcards, extra principals,
   * other conditions). Otherwise it is made from `trustedAccountId` and `externalIds`.
   */
  trustPolicy?: Record<string, unknown>;
  /** The account named as Principal.AWS in the trust policy (null: a trust policy without AlphaSwarm). */
  trustedAccountId: string | null;
  /** The sts:ExternalId condition (null: no condition). */
  externalIds: string[] | null;
  /** Actions the role's policies allow; `*` wildcards as in IAM (`ec2:Describe*`). */
  allowedActions: string[];
  /** Actions an Organizations SCP denies for the role's account. */
  scpDenied: string[];
  /** Actions the role's permissions boundary does not allow (a boundary of everything else). */
  boundaryDenied: string[];
  explicitDeny: string[];
  maxSessionDuration: number;
}

export type { FakeOrganization } from './organizations-tree.js';

export interface ScriptedFault {
  readonly action: string;
  readonly kind: 'error' | 'http500' | 'malformed' | 'hang';
  readonly status?: number;
  readonly code?: string;
  readonly message?: string;
}

export interface LoggedRequest {
  readonly service: string;
  readonly action: string;
  readonly status: number;
  readonly accessKeyId: string | null;
  /** The region of the request's SigV4 scope (what the client signed for). */
  readonly region?: string;
}

/** The partition an ARN names (`arn:<partition>:…`). */
export function partitionOfArn(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}

/** The partition a region belongs to, as AWS's endpoint rules group them. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

/** DescribeRegions per partition: each partition lists only its own regions. */
const PARTITION_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
};

/** What AWS managed ReadOnlyAccess grants, as far as these checks are concerned (its policy document lists these wildcards). */
export const READ_ONLY_ACCESS = [
  'iam:Get*',
  'iam:List*',
  'iam:Simulate*',
  'ec2:Describe*',
  's3:List*',
  'sts:GetCallerIdentity',
  'organizations:Describe*',
  'organizations:List*',
  'cloudformation:Describe*',
  'cloudformation:List*',
  'access-analyzer:Get*',
  'access-analyzer:List*',
  'account:Get*',
];

const DEFAULT_REGIONS = ['ap-northeast-1', 'ap-southeast-2', 'eu-central-1', 'eu-west-1', 'us-east-1', 'us-east-2', 'us-west-2'];

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/**
 * A local AWS that speaks the Query protocol (STS 2011-06-15, IAM 2010-05-08, EC2 2016-11-15):
 * form-encoded POSTs, XML answers, `<ErrorResponse>` errors (EC2: `<Response><Errors>`), SigV4
 * checked on every request. Requests are routed by the service in the signature's scope, so one
 * URL serves as the STS, IAM and EC2 endpoint.
 */
export class AwsFake extends FakeServer {
  readonly principals = new Map<string, FakePrincipal>();
  readonly roles = new Map<string, FakeRole>();
  readonly disabledStsRegions = new Map<string, Set<string>>();
  /** Organizations, by the account ids that belong to them. */
  readonly organizations: FakeOrganization[] = [];
  /** Service-managed StackSets, each in its administrator account and home region. */
  readonly stackSets: FakeStackSet[] = [];
  /**
   * A misbehaving ListAccounts, as the probes saw: `repeat-token` answers an empty page with the
   * same NextToken forever; `repeat-page` answers the first page with a new token each time, for
   * `repeatPages` pages, then ends.
   */
  listAccountsQuirk: { kind: 'repeat-token' } | { kind: 'repeat-page'; pages: number } | undefined;
  readonly requests: LoggedRequest[] = [];
  private faults: ScriptedFault[] = [];

  /** The engineer's own session in the partner account, as `aws sso login` would leave it. */
  addPartnerSession(accountId: string, userName = 'field-engineer', partition = 'aws'): FakePrincipal {
    const p: FakePrincipal = {
      accessKeyId: `ASIA${randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
      secretAccessKey: randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40),
      sessionToken: randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 120),
      arn: `arn:${partition}:sts::${accountId}:assumed-role/AWSReservedSSO_Engineer_0123456789abcdef/${userName}`,
      accountId,
      userId: `AROA${randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}:${userName}`,
    };
    this.principals.set(p.accessKeyId, p);
    return p;
  }

  addRole(role: Partial<FakeRole> & Pick<FakeRole, 'accountId' | 'roleName'> & { partition?: string }): FakeRole {
    const { partition = 'aws', ...rest } = role;
    const full: FakeRole = {
      arn: role.arn ?? `arn:${partition}:iam::${role.accountId}:role/${role.roleName}`,
      roleId: `AROA${randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 17)}`,
      trustedAccountId: null,
      externalIds: null,
      allowedActions: [...READ_ONLY_ACCESS],
      scpDenied: [],
      boundaryDenied: [],
      explicitDeny: [],
      maxSessionDuration: 3600,
      ...rest,
    };
    this.roles.set(full.arn, full);
    return full;
  }

  addOrganization(managementAccountId: string, memberIds: readonly string[]): FakeOrganization {
    const org = newOrganization(managementAccountId, memberIds);
    this.organizations.push(org);
    return org;
  }

  /** The trust policy IAM would return for a role: written by hand, or made from its two fields. */
  trustDocument(role: FakeRole): Record<string, unknown> {
    if (role.trustPolicy) return role.trustPolicy;
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AlphaSwarmBroker',
          Effect: 'Allow',
          Principal: { AWS: `arn:${partitionOfArn(role.arn)}:iam::${role.trustedAccountId ?? '000000000000'}:root` },
          Action: 'sts:AssumeRole',
          ...(role.externalIds ? { Condition: { StringEquals: { 'sts:ExternalId': role.externalIds.length === 1 ? role.externalIds[0] : role.externalIds } } } : {}),
        },
      ],
    };
  }

  disableStsRegion(accountId: string, region: string): void {
    const set = this.disabledStsRegions.get(accountId) ?? new Set<string>();
    set.add(region);
    this.disabledStsRegions.set(accountId, set);
  }

  /** The next request for `action` fails as scripted (once). */
  failNext(fault: ScriptedFault): void {
    this.faults.push(fault);
  }

  /** Calls that reached a service (counted whether they succeeded or not). */
  callCount(action?: string): number {
    return this.requests.filter((r) => action === undefined || r.action === action).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const auth = parseAuthorization(req.headers.authorization);
    const service = auth?.service ?? 'sts';
    // Organizations speaks AWS JSON 1.1: the operation in X-Amz-Target, JSON in and out.
    if (service === 'organizations') return this.organizationsApi(req, res, body, auth);
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const send = (status: number, xml: string) => {
      this.requests.push({ service, action, status, accessKeyId: auth?.accessKeyId ?? null, ...(auth ? { region: auth.region } : {}) });
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(xml);
    };
    const error = (status: number, code: string, message: string) =>
      send(status, service === 'ec2' ? ec2Error(code, message) : queryError(service === 'iam' || service === 'cloudformation' ? service : 'sts', code, message, status >= 500 ? 'Receiver' : 'Sender'));

    if (!(await this.delay(res))) return;
    const faultIndex = this.faults.findIndex((f) => f.action === action);
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1) as [ScriptedFault];
      if (fault.kind === 'hang') {
        this.requests.push({ service, action, status: 0, accessKeyId: auth?.accessKeyId ?? null });
        return; // never answers; the client's timeout must fire
      }
      if (fault.kind === 'http500') return error(500, 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
      if (fault.kind === 'malformed') return send(200, '<AssumeRoleResponse><oops');
      return error(fault.status ?? 400, fault.code ?? 'InvalidParameterValue', fault.message ?? 'An invalid or out-of-range value was supplied for the input parameter.');
    }

    if (!auth) return error(403, service === 'ec2' ? 'AuthFailure' : 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const caller = this.principals.get(auth.accessKeyId);
    if (!caller) {
      return service === 'ec2'
        ? error(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials')
        : error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (!verifySigV4(req, body, auth, caller.secretAccessKey)) {
      return error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }
    // Credentials belong to one partition: another partition's endpoints do not know them.
    if (partitionOfRegion(auth.region) !== partitionOfArn(caller.arn)) {
      return service === 'ec2'
        ? error(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials')
        : error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (caller.sessionToken && req.headers['x-amz-security-token'] !== caller.sessionToken) {
      return error(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    }
    if (caller.expiresAt !== undefined && caller.expiresAt < Date.now()) {
      return error(403, 'ExpiredToken', 'The security token included in the request is expired');
    }

    const key = `${service}:${action}`;
    switch (key) {
      case 'sts:AssumeRole':
        return this.assumeRole(params, caller, auth.region, send, error);
      case 'sts:GetCallerIdentity':
        return send(
          200,
          queryResponse('sts', 'GetCallerIdentity', `    <Arn>${esc(caller.arn)}</Arn>\n    <UserId>${esc(caller.userId)}</UserId>\n    <Account>${caller.accountId}</Account>`),
        );
      case 'iam:SimulatePrincipalPolicy':
        return this.simulate(params, caller, send, error);
      case 'iam:GetRole':
        return this.getRole(params, caller, send, error);
      case 'cloudformation:ListStackInstances': {
        const refused = this.denial(caller, 'cloudformation:ListStackInstances');
        if (refused) return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: cloudformation:ListStackInstances on resource: arn:aws:cloudformation:${auth.region}:${caller.accountId}:stackset/${params.get('StackSetName') ?? ''}:* ${refused}`);
        const answer = listStackInstances(this.stackSets, caller.accountId, auth.region, params);
        return send(answer.status, answer.xml);
      }
      case 'ec2:DescribeRegions':
        return this.describeRegions(caller, send, error, partitionOfArn(caller.arn));
      default:
        return error(400, service === 'ec2' ? 'InvalidAction' : 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? ''}`);
    }
  }

  private roleOf(caller: FakePrincipal): FakeRole | undefined {
    return caller.roleArn ? this.roles.get(caller.roleArn) : undefined;
  }

  private allowed(caller: FakePrincipal, action: string): boolean {
    return this.denial(caller, action) === undefined;
  }

  /**
   * Why the role may not call `action`, as the end of AWS's access-denied sentence names the policy
   * type (IAM User Guide, "Access denied error message examples"); undefined when it may.
   */
  denial(caller: FakePrincipal, action: string): string | undefined {
    const role = this.roleOf(caller);
    if (!role) return undefined; // the partner session's own rights are not modelled
    if (role.scpDenied.some((p) => matches(p, action))) return 'with an explicit deny in a service control policy';
    if (role.explicitDeny.some((p) => matches(p, action))) return 'with an explicit deny in an identity-based policy';
    if (!role.allowedActions.some((p) => matches(p, action))) return `because no identity-based policy allows the ${action} action`;
    if (role.boundaryDenied.some((p) => matches(p, action))) return `because no permissions boundary allows the ${action} action`;
    return undefined;
  }

  private assumeRole(
    params: URLSearchParams,
    caller: FakePrincipal,
    region: string,
    send: (status: number, xml: string) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const externalId = params.get('ExternalId');
    const duration = Number(params.get('DurationSeconds') ?? '3600');
    if (roleArn.length < 20 || !/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(roleArn)) {
      return error(400, 'ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+`);
    }
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return error(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const accountId = roleArn.split(':')[4] ?? '';
    const role = this.roles.get(roleArn);
    // A role of another partition does not exist as far as this partition's STS is concerned.
    if (partitionOfArn(roleArn) !== partitionOfArn(caller.arn)) {
      return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    if (this.disabledStsRegions.get(accountId)?.has(region)) {
      return error(403, 'RegionDisabledException', `STS is not activated in this region for account:${accountId}. Your account administrator can activate STS in this region using the IAM Console.`);
    }
    if (!role || !this.trustAllows(this.trustDocument(role), caller.accountId, externalId, partitionOfArn(roleArn))) {
      // AWS does not say which of the three it was.
      return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    }
    if (duration > role.maxSessionDuration) {
      return error(400, 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const expiresAt = Date.now() + duration * 1000;
    const assumed: FakePrincipal = {
      accessKeyId: `ASIA${randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
      secretAccessKey: randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+', 40),
      sessionToken: randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=', 200),
      arn: `arn:${partitionOfArn(roleArn)}:sts::${accountId}:assumed-role/${role.roleName}/${sessionName}`,
      accountId,
      // AssumedRoleId is the role's unique id and the session name, as STS gives it.
      userId: `${role.roleId}:${sessionName}`,
      expiresAt,
      roleArn,
    };
    this.principals.set(assumed.accessKeyId, assumed);
    send(
      200,
      queryResponse(
        'sts',
        'AssumeRole',
        `    <AssumedRoleUser>
      <AssumedRoleId>${esc(assumed.userId)}</AssumedRoleId>
      <Arn>${esc(assumed.arn)}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${assumed.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${esc(assumed.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${esc(assumed.sessionToken!)}</SessionToken>
      <Expiration>${new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z')}</Expiration>
    </Credentials>
    <PackedPolicySize>0</PackedPolicySize>`,
      ),
    );
  }

  /** IAM's evaluation of a trust policy, as far as these tests need: Allow statements, AWS principals, StringEquals on sts:ExternalId. */
  private trustAllows(document: Record<string, unknown>, accountId: string, externalId: string | null, partition: string): boolean {
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    return list(document.Statement).some((raw) => {
      const st = raw as { Effect?: string; Principal?: unknown; Action?: unknown; Condition?: Record<string, Record<string, unknown>> };
      if (st.Effect !== 'Allow' || !list(st.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*')) return false;
      const principals = st.Principal === '*' ? ['*'] : list((st.Principal as { AWS?: unknown } | undefined)?.AWS);
      const principalOk = principals.some((p) => p === '*' || p === accountId || p === `arn:${partition}:iam::${accountId}:root`);
      if (!principalOk) return false;
      for (const [operator, block] of Object.entries(st.Condition ?? {})) {
        for (const [key, value] of Object.entries(block)) {
          if (key.toLowerCase() !== 'sts:externalid') continue;
          const wanted = list(value).map(String);
          if (operator === 'StringEquals' && !(externalId !== null && wanted.includes(externalId))) return false;
          if (operator === 'StringLike' && !(externalId !== null && wanted.some((w) => new RegExp(`^${w.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(externalId)))) return false;
        }
      }
      return true;
    });
  }

  private getRole(params: URLSearchParams, caller: FakePrincipal, send: (status: number, xml: string) => void, error: (status: number, code: string, message: string) => void): void {
    const name = params.get('RoleName') ?? '';
    const refused = this.denial(caller, 'iam:GetRole');
    if (refused) return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: iam:GetRole on resource: role ${name} ${refused}`);
    const role = [...this.roles.values()].find((r) => r.roleName === name && r.accountId === caller.accountId);
    if (!role) return error(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
    const document = encodeURIComponent(JSON.stringify(this.trustDocument(role)));
    send(
      200,
      queryResponse(
        'iam',
        'GetRole',
        `    <Role>
      <Path>/</Path>
      <AssumeRolePolicyDocument>${esc(document)}</AssumeRolePolicyDocument>
      <MaxSessionDuration>${role.maxSessionDuration}</MaxSessionDuration>
      <RoleId>${role.roleId}</RoleId>
      <RoleName>${esc(role.roleName)}</RoleName>
      <Arn>${esc(role.arn)}</Arn>
      <CreateDate>2026-01-05T10:00:00Z</CreateDate>
    </Role>`,
      ),
    );
  }

  /** AWS Organizations (JSON 1.1): DescribeOrganization, ListAccounts and the tree (roots, OUs, accounts per parent), SigV4 checked like the rest. */
  private async organizationsApi(req: IncomingMessage, res: ServerResponse, body: Buffer, auth: ReturnType<typeof parseAuthorization>): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const action = target.replace(/^AWSOrganizationsV20161128\./, '');
    const send = (status: number, payload: unknown) => {
      this.requests.push({ service: 'organizations', action, status, accessKeyId: auth?.accessKeyId ?? null });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(payload));
    };
    const error = (status: number, code: string, message: string) => send(status, { __type: code, Message: message });
    if (!(await this.delay(res))) return;
    if (!auth) return error(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const caller = this.principals.get(auth.accessKeyId);
    if (!caller) return error(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (!verifySigV4(req, body, auth, caller.secretAccessKey)) return error(400, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
    const org = this.organizations.find((o) => o.accounts.some((a) => a.id === caller.accountId));
    const input = JSON.parse(body.toString('utf8') || '{}') as { NextToken?: string; MaxResults?: number };
    switch (action) {
      case 'DescribeOrganization':
        if (!this.allowed(caller, 'organizations:DescribeOrganization')) return error(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
        if (!org) return error(400, 'AWSOrganizationsNotInUseException', "Your account is not a member of an organization.");
        return send(200, {
          Organization: {
            Id: org.id,
            Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
            FeatureSet: 'ALL',
            MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
            MasterAccountId: org.managementAccountId,
            MasterAccountEmail: `aws+${org.managementAccountId}@example.com`,
            AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
          },
        });
      case 'ListAccounts': {
        if (!org) return error(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
        // Only the management account (or a delegated administrator) may list accounts.
        if (caller.accountId !== org.managementAccountId || !this.allowed(caller, 'organizations:ListAccounts')) {
          return error(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
        }
        const quirk = this.listAccountsQuirk;
        if (quirk?.kind === 'repeat-token') return send(200, { Accounts: [], NextToken: 'c2FtZS10b2tlbg==' });
        if (quirk?.kind === 'repeat-page') {
          const n = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8').slice(5)) : 0;
          const first = org.accounts.slice(0, 20).map((a) => ({ Id: a.id, Name: a.name, Email: a.email, Status: a.status }));
          return send(200, { Accounts: first, ...(n + 1 < quirk.pages ? { NextToken: Buffer.from(`page-${n + 1}`).toString('base64') } : {}) });
        }
        const pageSize = Math.min(input.MaxResults ?? 20, 20);
        const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf8')) : 0;
        const page = org.accounts.slice(start, start + pageSize);
        const next = start + pageSize < org.accounts.length ? Buffer.from(String(start + pageSize)).toString('base64') : undefined;
        return send(200, {
          Accounts: page.map((a) => ({ Id: a.id, Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${a.id}`, Email: a.email, Name: a.name, Status: a.status, JoinedMethod: 'CREATED', JoinedTimestamp: 1.767e9 })),
          ...(next ? { NextToken: next } : {}),
        });
      }
      case 'ListRoots':
      case 'ListOrganizationalUnitsForParent':
      case 'ListAccountsForParent': {
        if (!org) return error(400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
        // Only the management account (or a delegated administrator) may read the tree.
        if (caller.accountId !== org.managementAccountId || !this.allowed(caller, `organizations:${action}`)) {
          return error(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
        }
        const answer = treeOperation(org, action, input)!;
        return send(answer.status, answer.payload);
      }
      default:
        return error(400, 'UnknownOperationException', `Unknown operation ${target}`);
    }
  }

  private simulate(
    params: URLSearchParams,
    caller: FakePrincipal,
    send: (status: number, xml: string) => void,
    error: (status: number, code: string, message: string) => void,
  ): void {
    const source = params.get('PolicySourceArn') ?? '';
    const refused = this.denial(caller, 'iam:SimulatePrincipalPolicy');
    if (refused) return error(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${source} ${refused}`);
    const role = this.roles.get(source);
    if (!role) return error(404, 'NoSuchEntity', `The role with name ${source.split('/').pop()} cannot be found.`);
    const actions: string[] = [];
    for (let i = 1; params.has(`ActionNames.member.${i}`); i++) actions.push(params.get(`ActionNames.member.${i}`)!);
    if (actions.length === 0) return error(400, 'ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
    const members = actions
      .map((action) => {
        const scp = role.scpDenied.some((p) => matches(p, action));
        const deny = role.explicitDeny.some((p) => matches(p, action));
        const allow = role.allowedActions.some((p) => matches(p, action));
        const boundary = role.boundaryDenied.some((p) => matches(p, action));
        const decision = scp || deny ? 'explicitDeny' : allow && !boundary ? 'allowed' : 'implicitDeny';
        return `      <member>
        <EvalActionName>${esc(action)}</EvalActionName>
        <EvalResourceName>*</EvalResourceName>
        <EvalDecision>${decision}</EvalDecision>
        <MatchedStatements/>
        <MissingContextValues/>
        <OrganizationsDecisionDetail>
          <AllowedByOrganizations>${scp ? 'false' : 'true'}</AllowedByOrganizations>
        </OrganizationsDecisionDetail>${
          role.boundaryDenied.length
            ? `
        <PermissionsBoundaryDecisionDetail>
          <AllowedByPermissionsBoundary>${boundary ? 'false' : 'true'}</AllowedByPermissionsBoundary>
        </PermissionsBoundaryDecisionDetail>`
            : ''
        }
      </member>`;
      })
      .join('\n');
    send(200, queryResponse('iam', 'SimulatePrincipalPolicy', `    <IsTruncated>false</IsTruncated>\n    <EvaluationResults>\n${members}\n    </EvaluationResults>`));
  }

  private describeRegions(caller: FakePrincipal, send: (status: number, xml: string) => void, error: (status: number, code: string, message: string) => void, partition: string): void {
    const refused = this.denial(caller, 'ec2:DescribeRegions');
    // EC2's UnauthorizedOperation carries the same sentence after its own.
    if (refused) return error(403, 'UnauthorizedOperation', `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ec2:DescribeRegions ${refused}`);
    const items = (PARTITION_REGIONS[partition] ?? DEFAULT_REGIONS).map(
      (r) => `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com${partition === 'aws-cn' ? '.cn' : ''}</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`,
    ).join('');
    send(200, `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="${NAMESPACES.ec2}"><requestId>${randomUUID()}</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>\n`);
  }
}
