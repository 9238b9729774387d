import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { FakeServer, readBody } from '../common/http.js';
import { FOLDERS_PAGE, ResourceHierarchy, SEARCH_PAGE, pageToken, parseProjectQuery, readPageSize, readPageToken } from './hierarchy.js';

export interface FakeProvider {
  issuerUri: string;
  allowedAudiences: string[];
  /** A small CEL subset: `assertion.<claim> == '<value>'` terms joined by `&&`. */
  attributeCondition: string | null;
  disabled: boolean;
}

export interface FakePool {
  readonly projectNumber: string;
  readonly poolId: string;
  disabled: boolean;
  readonly providers: Map<string, FakeProvider>;
}

export interface FakeServiceAccount {
  readonly email: string;
  /** roles/iam.workloadIdentityUser members. */
  readonly workloadIdentityUsers: string[];
}

export interface FakeProject {
  readonly projectId: string;
  readonly projectNumber: string;
  readonly name: string;
  lifecycleState: 'ACTIVE' | 'DELETE_REQUESTED';
  /** Permissions each member holds on the project. */
  readonly grants: Map<string, Set<string>>;
  /** `organizations/<n>` or `folders/<n>`; none for a project outside any organisation. */
  parent?: string | undefined;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_TYPES = ['urn:ietf:params:oauth:token-type:jwt', 'urn:ietf:params:oauth:token-type:id_token'];
const AUDIENCE = /^\/\/iam\.googleapis\.com\/projects\/([^/]+)\/locations\/global\/workloadIdentityPools\/([^/]+)\/providers\/([^/]+)$/;

/**
 * Local Google STS (RFC 8693 token exchange at POST /v1/token, OAuth-style errors), IAM
 * Credentials (generateAccessToken, `{error: {code, message, status}}`) and Resource Manager v1
 * (testIamPermissions, projects.get). STS checks the subject token's signature against the
 * issuer's JWKS, its issuer, audience and the provider's attribute condition as Google documents.
 */
export class GcpFake extends FakeServer {
  readonly pools = new Map<string, FakePool>();
  readonly serviceAccounts = new Map<string, FakeServiceAccount>();
  readonly projects = new Map<string, FakeProject>();
  readonly issuers = new Map<string, JSONWebKeySet>();
  /** Organisation, folders and the grants made on them (inherited by the projects below). */
  readonly hierarchy = new ResourceHierarchy();
  /** Page sizes (a test lowers the caps to see every page followed). */
  readonly searchPage: { default: number; max: number } = { ...SEARCH_PAGE };
  readonly foldersPage: { default: number; max: number } = { ...FOLDERS_PAGE };
  /** Projects (by number) where the IAM Credentials API is not enabled. */
  readonly credentialsApiDisabled = new Set<string>();
  /** Projects inside a VPC Service Controls perimeter AlphaSwarm is outside of: project id → the violation's unique id. */
  readonly perimeters = new Map<string, string>();
  /**
   * Domain restricted sharing (constraints/iam.allowedPolicyMemberDomains) per project: the
   * domains whose members an IAM policy may name. The customer's own setIamPolicy meets it.
   */
  readonly allowedMemberDomains = new Map<string, string[]>();
  readonly requests: { api: 'sts' | 'iamcredentials' | 'crm'; path: string; status: number }[] = [];
  /** Which APIs the latency applies to (all, unless narrowed). */
  latencyApis: ReadonlySet<'sts' | 'iamcredentials' | 'crm'> = new Set(['sts', 'iamcredentials', 'crm']);
  now: () => number = () => Date.now();
  private readonly federated = new Map<string, { principal: string; poolKey: string; expiresAt: number }>();
  private readonly saTokens = new Map<string, { email: string; expiresAt: number }>();

  addProject(projectId: string, projectNumber: string, parent?: string, name = projectId): FakeProject {
    const p: FakeProject = { projectId, projectNumber, name, lifecycleState: 'ACTIVE', grants: new Map(), parent };
    this.projects.set(projectId, p);
    return p;
  }

  addPool(projectNumber: string, poolId: string): FakePool {
    const pool: FakePool = { projectNumber, poolId, disabled: false, providers: new Map() };
    this.pools.set(`${projectNumber}/${poolId}`, pool);
    return pool;
  }

  addServiceAccount(email: string): FakeServiceAccount {
    const sa = { email, workloadIdentityUsers: [] };
    this.serviceAccounts.set(email, sa);
    return sa;
  }

  grant(projectId: string, member: string, permissions: string[]): void {
    const p = this.projects.get(projectId)!;
    const set = p.grants.get(member) ?? new Set<string>();
    for (const perm of permissions) set.add(perm);
    p.grants.set(member, set);
  }

  /** What a member holds on a project: its own grants and those on every folder and organisation above it. */
  permissionsOn(project: FakeProject | undefined, member: string): Set<string> {
    const held = new Set(project?.grants.get(member) ?? []);
    if (project) for (const p of this.hierarchy.inherited(project.parent, member)) held.add(p);
    return held;
  }

  calls(api?: 'sts' | 'iamcredentials' | 'crm'): number {
    return this.requests.filter((r) => api === undefined || r.api === api).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    const api = url.pathname === '/v1/token' ? 'sts' : url.pathname.includes(':generateAccessToken') ? 'iamcredentials' : 'crm';
    if (this.latencyApis.has(api) && !(await this.delay(res))) return;
    const send = (status: number, value: unknown) => {
      this.requests.push({ api, path: url.pathname, status });
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && api === 'sts') {
      const [status, value] = await this.exchange(new URLSearchParams(body.toString('utf8')), String(req.headers['content-type'] ?? ''));
      return send(status, value);
    }
    if (req.method === 'POST' && api === 'iamcredentials') return send(...this.generateAccessToken(url, req, body));
    if (url.pathname.startsWith('/v3/')) return send(...this.resourceManagerV3(req, url, body));
    const setPolicy = /^\/v1\/projects\/([^/:]+):setIamPolicy$/.exec(url.pathname);
    if (setPolicy && req.method === 'POST') return send(...this.setIamPolicy(decodeURIComponent(setPolicy[1]!), body));
    const crm = /^\/v1\/projects\/([^/:]+)(:testIamPermissions)?$/.exec(url.pathname);
    if (crm) return send(...this.resourceManager(req, decodeURIComponent(crm[1]!), Boolean(crm[2]), body));
    send(404, googleError(404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`));
  }

  private async exchange(form: URLSearchParams, contentType: string): Promise<[number, unknown]> {
    const oauth = (error: string, description: string): [number, unknown] => [400, { error, error_description: description }];
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return oauth('invalid_request', 'Invalid content type.');
    if (form.get('grant_type') !== TOKEN_EXCHANGE) return oauth('unsupported_grant_type', `Unsupported grant_type: ${form.get('grant_type') ?? ''}`);
    if (form.get('requested_token_type') !== 'urn:ietf:params:oauth:token-type:access_token') return oauth('invalid_request', 'Invalid value for "requested_token_type".');
    if (!JWT_TYPES.includes(form.get('subject_token_type') ?? '')) return oauth('invalid_request', 'Invalid value for "subject_token_type".');
    const m = AUDIENCE.exec(form.get('audience') ?? '');
    if (!m) {
      return oauth('invalid_request', 'Invalid value for "audience". This value should be the full resource name of the Identity Provider. See https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token for the list of possible formats.');
    }
    const [, projectNumber, poolId, providerId] = m as unknown as [string, string, string, string];
    if (!/^\d+$/.test(projectNumber)) {
      return oauth('invalid_request', `Invalid value for "audience": "projects/${projectNumber}" must name the project by its number, not its id.`);
    }
    const pool = this.pools.get(`${projectNumber}/${poolId}`);
    const provider = pool?.providers.get(providerId);
    if (!pool || !provider || pool.disabled || provider.disabled) {
      return oauth('invalid_target', 'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.');
    }
    const token = form.get('subject_token') ?? '';
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      return oauth('invalid_grant', 'Unable to parse the ID Token.');
    }
    if (claims.iss !== provider.issuerUri) return oauth('invalid_grant', `The issuer in ID Token ${String(claims.iss)} does not match the expected ones: ${provider.issuerUri}.`);
    const jwks = this.issuers.get(provider.issuerUri);
    const aud = Array.isArray(claims.aud) ? claims.aud : [String(claims.aud)];
    const expectedAudiences = provider.allowedAudiences.length ? provider.allowedAudiences : [`https://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}/providers/${providerId}`];
    if (!aud.some((a) => expectedAudiences.includes(a))) return oauth('invalid_grant', `The audience in ID Token [${aud.join(', ')}] does not match the expected audience.`);
    if (!jwks) return oauth('invalid_grant', "Could not retrieve the issuer's keys (jwks_uri).");
    try {
      await jwtVerify(token, createLocalJWKSet(jwks), { currentDate: new Date(this.now()), clockTolerance: 60 });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return oauth('invalid_grant', `ID Token issued at ${String(claims.iat)} is stale to sign-in.`);
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return oauth('invalid_grant', `ID Token is not yet valid (nbf ${String(claims.nbf)}).`);
      return oauth('invalid_grant', 'Invalid JWT signature.');
    }
    const subject = (typeof claims.sub === 'string' ? claims.sub : '');
    if (Buffer.byteLength(subject) > 127) return oauth('invalid_grant', "The mapped attribute 'google.subject' exceeds the 127 byte limit.");
    if (provider.attributeCondition && !evaluateCondition(provider.attributeCondition, claims)) {
      return [400, { error: 'unauthorized_client', error_description: 'The given credential is rejected by the attribute condition.' }];
    }
    const accessToken = `fed.${randomBytes(24).toString('base64url')}`;
    this.federated.set(accessToken, {
      principal: `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId}/subject/${subject}`,
      poolKey: `${projectNumber}/${poolId}`,
      expiresAt: this.now() + 3600_000,
    });
    return [200, { access_token: accessToken, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer', expires_in: 3600 }];
  }

  private generateAccessToken(url: URL, req: IncomingMessage, body: Buffer): [number, unknown] {
    const fed = this.federated.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (!fed || fed.expiresAt < this.now()) return [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.')];
    const projectNumber = fed.poolKey.split('/')[0]!;
    if (this.credentialsApiDisabled.has(projectNumber)) {
      return [
        403,
        googleError(403, 'PERMISSION_DENIED', `IAM Service Account Credentials API has not been used in project ${projectNumber} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/iamcredentials.googleapis.com/overview?project=${projectNumber} then retry.`, [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', domain: 'googleapis.com', metadata: { service: 'iamcredentials.googleapis.com', consumer: `projects/${projectNumber}` } },
        ]),
      ];
    }
    const email = decodeURIComponent(/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname)?.[1] ?? '');
    let request: { scope?: string[] };
    try {
      request = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return [400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')];
    }
    if (!Array.isArray(request.scope) || request.scope.length === 0) return [400, googleError(400, 'INVALID_ARGUMENT', 'Scope required.')];
    const sa = this.serviceAccounts.get(email);
    if (!sa) return [404, googleError(404, 'NOT_FOUND', `Not found; Gaia id not found for email ${email}`)];
    const poolSet = `principalSet://iam.googleapis.com/projects/${fed.poolKey.replace('/', '/locations/global/workloadIdentityPools/')}/*`;
    if (!sa.workloadIdentityUsers.includes(fed.principal) && !sa.workloadIdentityUsers.includes(poolSet)) {
      return [
        403,
        googleError(403, 'PERMISSION_DENIED', "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).", [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { permission: 'iam.serviceAccounts.getAccessToken' } },
        ]),
      ];
    }
    const accessToken = `ya29.${randomBytes(32).toString('base64url')}`;
    const expiresAt = this.now() + 3600_000;
    this.saTokens.set(accessToken, { email, expiresAt });
    return [200, { accessToken, expireTime: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z') }];
  }

  /**
   * projects.setIamPolicy, as the customer's admin calls it (gcloud projects add-iam-policy-binding).
   * The admin's own identity is not modelled; domain restricted sharing is.
   */
  private setIamPolicy(projectId: string, body: Buffer): [number, unknown] {
    const project = this.projects.get(projectId);
    if (!project) return [403, googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission')];
    let members: string[];
    try {
      const parsed = JSON.parse(body.toString('utf8') || '{}') as { policy?: { bindings?: { members?: string[] }[] } };
      members = (parsed.policy?.bindings ?? []).flatMap((b) => b.members ?? []);
    } catch {
      return [400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')];
    }
    const allowed = this.allowedMemberDomains.get(projectId);
    const outside = allowed ? members.filter((m) => !allowed.includes(m.split('@')[1] ?? '')) : [];
    if (outside.length) {
      return [
        400,
        googleError(400, 'FAILED_PRECONDITION', 'One or more users named in the policy do not belong to a permitted customer,  perhaps due to an organization policy.', [
          {
            '@type': 'type.googleapis.com/google.rpc.PreconditionFailure',
            violations: outside.map((m) => ({ type: 'constraints/iam.allowedPolicyMemberDomains', subject: `orgpolicy:projects/${project.projectNumber}`, description: `User ${m} is not in permitted organization.` })),
          },
        ]),
      ];
    }
    return [200, { version: 1, etag: 'BwYZ1a2b3c4=', bindings: [] }];
  }

  /**
   * Resource Manager v3, as the REST reference documents it: projects.search (GET
   * /v3/projects:search?query=&pageSize=&pageToken=), projects.get, projects.testIamPermissions,
   * folders.list (GET /v3/folders?parent=), folders.get and organizations.get. Every answer needs
   * the impersonated service account's token; what it may see follows its grants, inherited from
   * the folders and organisation above (Google answers 403, not 404, for what the caller cannot see).
   */
  private resourceManagerV3(req: IncomingMessage, url: URL, body: Buffer): [number, unknown] {
    const sa = this.saTokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (!sa || sa.expiresAt < this.now()) return [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')];
    const member = `serviceAccount:${sa.email}`;
    const denied = (permission: string, resource: string): [number, unknown] => [
      403,
      googleError(403, 'PERMISSION_DENIED', `The caller does not have permission`, [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'cloudresourcemanager.googleapis.com', metadata: { permission, resource } },
      ]),
    ];
    const invalid = (message: string, field: string): [number, unknown] => [
      400,
      googleError(400, 'INVALID_ARGUMENT', message, [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description: message }] }]),
    ];
    const path = url.pathname;
    if (req.method === 'GET' && path === '/v3/projects:search') {
      const query = url.searchParams.get('query') ?? '';
      const test = parseProjectQuery(query);
      if (!test) return invalid(`Invalid query: ${query}`, 'query');
      const size = readPageSize(url.searchParams.get('pageSize'), this.searchPage);
      if (size === undefined) return invalid('Invalid page size.', 'page_size');
      const from = readPageToken(query, url.searchParams.get('pageToken'));
      if (from === undefined) return invalid('Invalid page token.', 'page_token');
      // Only projects the caller may get; in a stable order so pages neither repeat nor skip.
      const matching = [...this.projects.values()]
        .filter((p) => this.permissionsOn(p, member).has('resourcemanager.projects.get'))
        .filter((p) => test({ parent: p.parent ?? '', projectId: p.projectId, displayName: p.name, state: p.lifecycleState }))
        .sort((a, b) => a.projectNumber.localeCompare(b.projectNumber));
      const page = matching.slice(from, from + size);
      const next = from + size < matching.length ? pageToken(query, from + size) : undefined;
      return [200, { ...(page.length ? { projects: page.map(projectV3) } : {}), ...(next ? { nextPageToken: next } : {}) }];
    }
    if (req.method === 'GET' && path === '/v3/folders') {
      const parent = url.searchParams.get('parent') ?? '';
      if (!/^(organizations|folders)\/\d+$/.test(parent)) return invalid('parent must be of the form folders/{folder_id} or organizations/{org_id}.', 'parent');
      if (!this.hierarchy.exists(parent) || !this.hierarchy.inherited(parent, member).has('resourcemanager.folders.list')) return denied('resourcemanager.folders.list', parent);
      const size = readPageSize(url.searchParams.get('pageSize'), this.foldersPage);
      if (size === undefined) return invalid('Invalid page size.', 'page_size');
      const from = readPageToken(parent, url.searchParams.get('pageToken'));
      if (from === undefined) return invalid('Invalid page token.', 'page_token');
      const showDeleted = url.searchParams.get('showDeleted') === 'true';
      const children = [...this.hierarchy.folders.values()].filter((f) => f.parent === parent && (showDeleted || f.state === 'ACTIVE')).sort((a, b) => a.name.localeCompare(b.name));
      const page = children.slice(from, from + size);
      const next = from + size < children.length ? pageToken(parent, from + size) : undefined;
      return [
        200,
        {
          ...(page.length ? { folders: page.map((f) => ({ name: f.name, parent: f.parent, displayName: f.displayName, state: f.state, createTime: '2025-01-10T08:00:00.000Z', updateTime: '2025-01-10T08:00:00.000Z', etag: `W/"${f.name}"` })) } : {}),
          ...(next ? { nextPageToken: next } : {}),
        },
      ];
    }
    const folder = /^\/v3\/(folders\/\d+)$/.exec(path);
    if (req.method === 'GET' && folder) {
      const f = this.hierarchy.folders.get(folder[1]!);
      if (!f || !this.hierarchy.inherited(f.name, member).has('resourcemanager.folders.get')) return denied('resourcemanager.folders.get', folder[1]!);
      return [200, { name: f.name, parent: f.parent, displayName: f.displayName, state: f.state, createTime: '2025-01-10T08:00:00.000Z', updateTime: '2025-01-10T08:00:00.000Z', etag: `W/"${f.name}"` }];
    }
    const org = /^\/v3\/(organizations\/\d+)$/.exec(path);
    if (req.method === 'GET' && org) {
      const o = this.hierarchy.organizations.get(org[1]!);
      if (!o || !this.hierarchy.inherited(o.name, member).has('resourcemanager.organizations.get')) return denied('resourcemanager.organizations.get', org[1]!);
      return [200, { name: o.name, displayName: o.displayName, directoryCustomerId: 'C0abc123', state: 'ACTIVE', createTime: '2024-06-01T08:00:00.000Z', updateTime: '2024-06-01T08:00:00.000Z', etag: `W/"${o.name}"` }];
    }
    const project = /^\/v3\/projects\/([^/:]+)(:testIamPermissions)?$/.exec(path);
    if (project) {
      const key = decodeURIComponent(project[1]!);
      const p = [...this.projects.values()].find((x) => x.projectId === key || x.projectNumber === key);
      const held = this.permissionsOn(p, member);
      if (project[2] && req.method === 'POST') {
        if (!p) return denied('resourcemanager.projects.get', `projects/${key}`);
        let asked: string[];
        try {
          asked = (JSON.parse(body.toString('utf8') || '{}') as { permissions?: string[] }).permissions ?? [];
        } catch {
          return invalid('Invalid JSON payload received.', 'permissions');
        }
        const granted = asked.filter((x) => held.has(x));
        return [200, granted.length ? { permissions: granted } : {}];
      }
      if (!project[2] && req.method === 'GET') {
        if (!p || !held.has('resourcemanager.projects.get')) return denied('resourcemanager.projects.get', `projects/${key}`);
        return [200, projectV3(p)];
      }
    }
    return [404, googleError(404, 'NOT_FOUND', `The requested URL ${path} was not found on this server.`)];
  }

  private resourceManager(req: IncomingMessage, projectId: string, test: boolean, body: Buffer): [number, unknown] {
    const sa = this.saTokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
    if (!sa || sa.expiresAt < this.now()) return [401, googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')];
    const project = this.projects.get(projectId);
    const perimeter = this.perimeters.get(projectId);
    if (perimeter) return [403, vpcScError('cloudresourcemanager.googleapis.com', perimeter)];
    // Google answers 403, not 404, for a project the caller cannot see, so existence does not leak.
    const denied: [number, unknown] = [403, googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission')];
    const held = this.permissionsOn(project, `serviceAccount:${sa.email}`);
    if (test && req.method === 'POST') {
      if (!project) return denied;
      let asked: string[];
      try {
        asked = (JSON.parse(body.toString('utf8') || '{}') as { permissions?: string[] }).permissions ?? [];
      } catch {
        return [400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.')];
      }
      const granted = asked.filter((p) => held.has(p));
      // An empty list is left out of the response altogether.
      return [200, granted.length ? { permissions: granted } : {}];
    }
    if (!test && req.method === 'GET') {
      if (!project || !held.has('resourcemanager.projects.get')) return denied;
      return [200, { projectNumber: project.projectNumber, projectId: project.projectId, lifecycleState: project.lifecycleState, name: project.name, createTime: '2025-03-01T09:00:00.000Z', parent: project.parent ? { type: project.parent.split('/')[0]!.replace(/s$/, ''), id: project.parent.split('/')[1]! } : { type: 'organization', id: '123456789012' } }];
    }
    return [404, googleError(404, 'NOT_FOUND', 'Not found')];
  }
}

/** A v3 Project as Resource Manager answers it (proto3 JSON: camelCase, enum names, empty fields left out). */
function projectV3(p: FakeProject) {
  return {
    name: `projects/${p.projectNumber}`,
    ...(p.parent ? { parent: p.parent } : {}),
    projectId: p.projectId,
    state: p.lifecycleState,
    displayName: p.name,
    createTime: '2025-03-01T09:00:00.000Z',
    updateTime: '2025-03-01T09:00:00.000Z',
    etag: `W/"${p.projectNumber}"`,
  };
}

/** A VPC Service Controls refusal as Google answers it (VPC Service Controls, "Troubleshooting"). */
function vpcScError(service: string, uid: string) {
  return googleError(403, 'PERMISSION_DENIED', `Request is prohibited by organization's policy. vpcServiceControlsUniqueIdentifier: ${uid}`, [
    { '@type': 'type.googleapis.com/google.rpc.PreconditionFailure', violations: [{ type: 'VPC_SERVICE_CONTROLS', description: uid }] },
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SECURITY_POLICY_VIOLATED', domain: 'googleapis.com', metadata: { service, uid } },
  ]);
}

function googleError(code: number, status: string, message: string, details?: unknown[]) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

/** Evaluates `assertion.<claim> == '<value>'` terms joined by `&&` — the conditions this app writes. */
export function evaluateCondition(condition: string, claims: Record<string, unknown>): boolean {
  return condition.split('&&').every((term) => {
    const m = /^\s*assertion\.([A-Za-z_]+)\s*==\s*'((?:[^'\\]|\\.)*)'\s*$/.exec(term);
    if (!m) return false;
    return String(claims[m[1]!]) === m[2]!.replace(/\\(.)/g, '$1');
  });
}
