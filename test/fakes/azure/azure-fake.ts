import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT, createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { FakeServer, readBody } from '../common/http.js';
import { MG_API_VERSIONS, MG_PREFIX, ManagementGroupTree } from './management-groups.js';

export interface FederatedCredential {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  /** When it was created: Entra takes a while before a new credential matches. */
  createdAt: number;
}

export interface FakeApp {
  readonly clientId: string;
  /** The application object's id, which Graph (and `az ad app federated-credential`) address it by. */
  readonly objectId: string;
  readonly federatedCredentials: FederatedCredential[];
}

/** Entra's documented limit: "A maximum of 20 federated identity credentials can be added to an application". */
export const FICS_PER_APP = 20;

export interface FakeTenant {
  readonly tenantId: string;
  /** Service principals (consented apps) in this tenant: client id → object id. */
  readonly servicePrincipals: Map<string, string>;
}

export interface FakeSubscription {
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly roleAssignments: { principalId: string; roleDefinitionId: string; scope: string }[];
  readonly resourceGroups: { name: string; location: string }[];
  /**
   * An Azure Policy assignment with the deny effect on role assignments for principals from
   * outside the tenant: the customer's own PUT of AlphaSwarm's role assignment meets it.
   */
  denyRoleAssignments?: { name: string; displayName: string; definition: string };
}

export const BUILT_IN_ROLES = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'Monitoring Reader': '43d0d8ad-25c7-4714-9337-8ba259a9fe05',
  'Security Reader': '39bc4728-0917-49c7-9d2c-d95423bc2eb4',
} as const;

const ROLE_API_VERSIONS = ['2015-07-01', '2018-01-01-preview', '2020-04-01-preview', '2022-04-01'];
const RG_API_VERSIONS = ['2019-10-01', '2020-06-01', '2021-04-01', '2022-09-01'];
const CLOCK_SKEW_SEC = 300;

interface EntraError {
  status: number;
  error: string;
  code: number;
  description: string;
}

/**
 * A local Microsoft Entra token endpoint and Azure Resource Manager. The token endpoint takes the
 * client-credentials grant with a JWT client assertion, checks the assertion's signature against
 * the issuer's JWKS and matches iss/sub/aud exactly (case-sensitive) against the app's federated
 * credentials, answering with Entra's error JSON (error, error_description with the AADSTS code,
 * error_codes, …). ARM answers in ARM's shapes, checks api-version and the bearer token.
 */
export class AzureFake extends FakeServer {
  readonly apps = new Map<string, FakeApp>();
  readonly tenants = new Map<string, FakeTenant>();
  readonly subscriptions = new Map<string, FakeSubscription>();
  /** The tenants' management groups, the subscriptions placed in them, and the roles assigned at them. */
  readonly managementGroups = new ManagementGroupTree();
  /**
   * The most descendants one page holds, whatever $top asks (and the page without $top). ARM's
   * reference documents $top and nextLink for this call but not its page size: settable, so tests
   * reach nextLink at every size.
   */
  descendantsPageSize = 100;
  /**
   * The ARM resource this Entra serves tokens for, as each Azure cloud has its own
   * (management.azure.com, management.usgovcloudapi.net, management.chinacloudapi.cn): the
   * token request's scope must name it, and ARM accepts only tokens whose aud is it.
   */
  armResource = 'https://management.azure.com';
  /** What each trusted issuer publishes as its jwks.json. */
  readonly issuers = new Map<string, JSONWebKeySet>();
  readonly requests: { kind: 'token' | 'arm' | 'graph'; path: string; status: number; query?: string }[] = [];
  /** Each token request: the tenant, the client id it named and the subject it presented, and the answer. */
  readonly tokenRequests: { tenantId: string; clientId: string; subject: string; status: number; aadsts: number | null }[] = [];
  propagationMs = 0;
  now: () => number = () => Date.now();
  private readonly signingKey: KeyObject;
  private readonly verifyKey: KeyObject;

  constructor() {
    super();
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.signingKey = pair.privateKey;
    this.verifyKey = pair.publicKey;
  }

  addApp(clientId: string, objectId: string = randomUUID()): FakeApp {
    const app = { clientId, objectId, federatedCredentials: [] };
    this.apps.set(clientId, app);
    return app;
  }

  /** A credential added behind the API's back (test set-up), under the same limit Graph enforces. */
  addFederatedCredential(clientId: string, fic: Omit<FederatedCredential, 'createdAt'>, createdAt = 0): void {
    const app = this.apps.get(clientId)!;
    if (app.federatedCredentials.length >= FICS_PER_APP) throw new Error(`app ${clientId} already holds ${FICS_PER_APP} federated credentials`);
    app.federatedCredentials.push({ ...fic, createdAt });
  }

  appByObjectId(objectId: string): FakeApp | undefined {
    return [...this.apps.values()].find((a) => a.objectId === objectId.toLowerCase());
  }

  addTenant(tenantId: string): FakeTenant {
    const tenant = { tenantId, servicePrincipals: new Map<string, string>() };
    this.tenants.set(tenantId, tenant);
    return tenant;
  }

  /** Admin consent: creates the app's service principal in the tenant. */
  consent(tenantId: string, clientId: string): string {
    const objectId = randomUUID();
    this.tenants.get(tenantId)!.servicePrincipals.set(clientId, objectId);
    return objectId;
  }

  addSubscription(subscriptionId: string, tenantId: string, resourceGroups = [{ name: 'rg-prod', location: 'westeurope' }, { name: 'rg-shared', location: 'northeurope' }]): FakeSubscription {
    const sub = { subscriptionId, tenantId, roleAssignments: [], resourceGroups };
    this.subscriptions.set(subscriptionId, sub);
    return sub;
  }

  assignRole(subscriptionId: string, principalId: string, role: keyof typeof BUILT_IN_ROLES, scope = `/subscriptions/${subscriptionId}`): void {
    this.subscriptions.get(subscriptionId)!.roleAssignments.push({
      principalId,
      roleDefinitionId: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`,
      scope,
    });
  }

  calls(kind?: 'token' | 'arm' | 'graph'): number {
    return this.requests.filter((r) => kind === undefined || r.kind === kind).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (!(await this.delay(res))) return;
    const json = (kind: 'token' | 'arm' | 'graph', status: number, value: unknown) => {
      this.requests.push({ kind, path: url.pathname, status, query: url.search });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': randomUUID() });
      res.end(JSON.stringify(value));
    };
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      const form = new URLSearchParams(body.toString('utf8'));
      const result = await this.token(decodeURIComponent(token[1]!), form);
      let subject: string;
      try {
        subject = String(decodeJwt(form.get('client_assertion') ?? '').sub ?? '');
      } catch {
        subject = '';
      }
      this.tokenRequests.push({ tenantId: decodeURIComponent(token[1]!), clientId: form.get('client_id') ?? '', subject, status: 'error' in result ? (result as EntraError).status : 200, aadsts: 'error' in result ? (result as EntraError).code : null });
      if ('error' in result) {
        const e = result as EntraError;
        const traceId = randomUUID();
        const correlationId = randomUUID();
        return json('token', e.status, {
          error: e.error,
          error_description: `AADSTS${e.code}: ${e.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${new Date(this.now()).toISOString().replace('T', ' ').slice(0, 19)}Z`,
          error_codes: [e.code],
          timestamp: new Date(this.now()).toISOString().replace('T', ' ').slice(0, 19) + 'Z',
          trace_id: traceId,
          correlation_id: correlationId,
          error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
        });
      }
      return json('token', 200, result);
    }
    const fic = /^\/v1\.0\/applications\/([^/]+)\/federatedIdentityCredentials$/.exec(url.pathname);
    if (req.method === 'POST' && fic) return json('graph', ...this.createFederatedCredential(req, decodeURIComponent(fic[1]!), body.toString('utf8')));
    const put = /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i.exec(url.pathname);
    if (req.method === 'PUT' && put) return json('arm', ...this.putRoleAssignment(put[1]!, put[2]!));
    const group = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(url.pathname);
    if (req.method === 'GET' && group) return json('arm', ...(await this.managementGroup(req, url, decodeURIComponent(group[1]!))));
    const descendants = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/]+)\/descendants$/i.exec(url.pathname);
    if (req.method === 'GET' && descendants) return json('arm', ...(await this.descendants(req, url, decodeURIComponent(descendants[1]!))));
    if (req.method === 'GET' && url.pathname.startsWith('/subscriptions/')) {
      const [status, value] = await this.arm(req, url);
      return json('arm', status, value);
    }
    json(url.pathname.includes('oauth2') ? 'token' : 'arm', 404, { error: { code: 'NotFound', message: `No route for ${req.method} ${url.pathname}` } });
  }

  /**
   * Microsoft Graph's create federatedIdentityCredential (POST /applications/{id}/federatedIdentityCredentials,
   * what `az ad app federated-credential create --id <object id>` calls): 201 with the object, or
   * Graph's error envelope {error: {code, message, innerError}}. The documented limits: at most 20
   * per application, and issuer + subject unique on the app. (Graph's docs give the limit, not the
   * wording of the refusal: the message here is ours, the code and envelope are Graph's.)
   */
  private createFederatedCredential(req: IncomingMessage, objectId: string, text: string): [number, unknown] {
    const graphError = (status: number, code: string, message: string): [number, unknown] => [
      status,
      { error: { code, message, innerError: { date: new Date(this.now()).toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } },
    ];
    if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const app = this.appByObjectId(objectId);
    if (!app) return graphError(404, 'Request_ResourceNotFound', `Resource '${objectId}' does not exist or one of its queried reference-property objects are not present.`);
    let body: { name?: unknown; issuer?: unknown; subject?: unknown; audiences?: unknown; description?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    if (typeof body.name !== 'string' || typeof body.issuer !== 'string' || typeof body.subject !== 'string' || !Array.isArray(body.audiences)) {
      return graphError(400, 'Request_BadRequest', 'Invalid value specified for property of resource FederatedIdentityCredential: name, issuer, subject and audiences are required.');
    }
    if (app.federatedCredentials.length >= FICS_PER_APP) {
      return graphError(400, 'Request_BadRequest', `The application already has the maximum of ${FICS_PER_APP} federated identity credentials; no more can be added to it.`);
    }
    if (app.federatedCredentials.some((f) => f.issuer === body.issuer && f.subject === body.subject)) {
      return graphError(400, 'Request_BadRequest', 'FederatedIdentityCredential with the same issuer and subject already exists on this application.');
    }
    const created = { name: body.name, issuer: body.issuer, subject: body.subject, audiences: body.audiences.map(String), createdAt: this.now() };
    app.federatedCredentials.push(created);
    return [201, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#applications('${app.objectId}')/federatedIdentityCredentials/$entity`, id: randomUUID(), name: created.name, issuer: created.issuer, subject: created.subject, audiences: created.audiences, description: typeof body.description === 'string' ? body.description : null }];
  }

  private entra(status: number, error: string, code: number, description: string): EntraError {
    return { status, error, code, description };
  }

  private async token(tenantId: string, form: URLSearchParams): Promise<EntraError | Record<string, unknown>> {
    const tenant = this.tenants.get(tenantId.toLowerCase());
    if (!tenant) {
      return this.entra(400, 'invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
    }
    if (form.get('grant_type') !== 'client_credentials') return this.entra(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !form.get('client_assertion')) {
      return this.entra(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    if (!scope.split(' ').some((s) => s === `${this.armResource}/.default`)) {
      return this.entra(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    // The client id names the app; only that app's credentials are looked at. A subject whose
    // credential sits on another of the platform's apps is refused exactly as a missing one
    // (AADSTS70021 when the named app has none at all, else AADSTS700213 for the subject).
    const app = this.apps.get(clientId);
    const principal = tenant.servicePrincipals.get(clientId);
    if (!app || !principal) {
      return this.entra(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    const assertion = form.get('client_assertion')!;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      decodeProtectedHeader(assertion);
      claims = decodeJwt(assertion);
    } catch {
      return this.entra(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
    }
    const iss = String(claims.iss ?? '');
    const sub = String(claims.sub ?? '');
    const aud = Array.isArray(claims.aud) ? claims.aud.join(' ') : String(claims.aud ?? '');
    const presented = `Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${aud}'.`;
    if (/^https:\/\/login\.microsoftonline\.com\/[^/]+\/v2\.0$/.test(iss)) {
      return this.entra(400, 'invalid_request', 700236, `Entra ID tokens issued by issuer '${iss}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.`);
    }
    const live = app.federatedCredentials.filter((f) => this.now() - f.createdAt >= this.propagationMs);
    if (live.length === 0) return this.entra(400, 'invalid_request', 70021, `No matching federated identity record found for presented assertion. ${presented}`);
    const byIssuer = live.filter((f) => f.issuer === iss);
    if (byIssuer.length === 0) return this.entra(400, 'invalid_request', 700211, `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
    const bySubject = byIssuer.filter((f) => f.subject === sub);
    if (bySubject.length === 0) {
      if (byIssuer.some((f) => f.subject.toLowerCase() === sub.toLowerCase())) {
        return this.entra(400, 'invalid_request', 7002138, `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
      }
      return this.entra(400, 'invalid_request', 700213, `No matching federated identity record found for presented assertion subject '${sub}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
    }
    const match = bySubject.find((f) => f.audiences.includes(aud));
    if (!match) return this.entra(400, 'invalid_request', 700212, `No matching federated identity record found for presented assertion audience '${aud}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
    const jwks = this.issuers.get(iss);
    if (!jwks) return this.entra(400, 'invalid_client', 50013, "Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '', Please visit the issuer's jwks_uri.]");
    try {
      await jwtVerify(assertion, createLocalJWKSet(jwks), { issuer: iss, audience: aud, algorithms: ['RS256', 'ES256'], currentDate: new Date(this.now()), clockTolerance: CLOCK_SKEW_SEC });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED' || code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        return this.entra(401, 'invalid_client', 700024, `Client assertion is not within its valid time range. Current time: ${new Date(this.now()).toISOString()}, assertion valid from ${new Date(Number(claims.nbf ?? claims.iat ?? 0) * 1000).toISOString()}, expiry time of assertion ${new Date(Number(claims.exp ?? 0) * 1000).toISOString()}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`);
      }
      return this.entra(401, 'invalid_client', 50013, `Assertion failed signature validation. [Reason - ${(error as Error).message}]`);
    }
    const now = Math.floor(this.now() / 1000);
    const accessToken = await new SignJWT({ tid: tenant.tenantId, oid: principal, appid: clientId, idtyp: 'app', ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'fake-entra' })
      .setIssuer(`https://sts.windows.net/${tenant.tenantId}/`)
      .setAudience(this.armResource)
      .setSubject(principal)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3599)
      .sign(this.signingKey);
    return { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken };
  }

  /**
   * The customer admin's role assignment (az role assignment create), refused by a deny policy
   * exactly as ARM answers it (Azure Policy, "Troubleshoot": RequestDisallowedByPolicy with a
   * PolicyViolation entry in additionalInfo). The admin's own identity is not modelled.
   */
  private putRoleAssignment(subscriptionId: string, name: string): [number, unknown] {
    const sub = this.subscriptions.get(subscriptionId.toLowerCase()) ?? this.subscriptions.get(subscriptionId);
    if (!sub) return this.armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
    const deny = sub.denyRoleAssignments;
    if (!deny) return [201, { id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, type: 'Microsoft.Authorization/roleAssignments' }];
    const assignmentId = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/policyAssignments/${deny.name}`;
    const definitionId = `/providers/Microsoft.Authorization/policyDefinitions/${deny.definition}`;
    const identifiers = JSON.stringify([{ policyAssignment: { name: deny.displayName, id: assignmentId }, policyDefinition: { name: deny.definition, id: definitionId } }]);
    return [
      403,
      {
        error: {
          code: 'RequestDisallowedByPolicy',
          target: name,
          message: `Resource '${name}' was disallowed by policy. Policy identifiers: '${identifiers}'.`,
          additionalInfo: [
            {
              type: 'PolicyViolation',
              info: {
                policyDefinitionId: definitionId,
                policyDefinitionName: deny.definition,
                policyDefinitionDisplayName: 'Deny role assignments to principals from other tenants',
                policyDefinitionEffect: 'deny',
                policyAssignmentId: assignmentId,
                policyAssignmentName: deny.name,
                policyAssignmentDisplayName: deny.displayName,
                policyAssignmentScope: `/subscriptions/${subscriptionId}`,
                policyAssignmentParameters: {},
              },
            },
          ],
        },
      },
    ];
  }

  private armError(status: number, code: string, message: string): [number, unknown] {
    return [status, { error: { code, message } }];
  }

  /** The bearer token's claims, or ARM's 401 answer. */
  private async bearer(req: IncomingMessage): Promise<Record<string, unknown> | [number, unknown]> {
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth) return this.armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    try {
      return (await jwtVerify(auth[1]!, this.verifyKey, { audience: this.armResource, currentDate: new Date(this.now()) })).payload;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') return this.armError(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.');
      return this.armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    }
  }

  /**
   * ManagementGroups_GetDescendants: GET /providers/Microsoft.Management/managementGroups/{groupId}/descendants,
   * every group and subscription below the group as DescendantInfo ({id, type, name, properties:
   * {displayName, parent: {id}}}; type "Microsoft.Management/managementGroups" or "/subscriptions"),
   * paged by $top and an opaque $skiptoken carried in nextLink (null on the last page).
   */
  /** The caller's claims and the group, when the caller may read it; else ARM's answer. */
  private async readableGroup(req: IncomingMessage, url: URL, groupId: string, action: string): Promise<{ claims: Record<string, unknown>; apiVersion: string } | [number, unknown]> {
    const claims = await this.bearer(req);
    if (Array.isArray(claims)) return claims;
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) return this.armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    if (!MG_API_VERSIONS.includes(apiVersion)) return this.armError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${MG_API_VERSIONS.join(',')}'.`);
    const group = this.managementGroups.groups.get(groupId.toLowerCase());
    const oid = String(claims.oid);
    // ARM does not tell a group that does not exist from one the caller may not read.
    if (!group || group.tenantId !== claims.tid || !this.managementGroups.canRead(groupId, oid)) {
      return this.armError(403, 'AuthorizationFailed', `The client '${String(claims.appid)}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${MG_PREFIX}${groupId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    }
    return { claims, apiVersion };
  }

  /** ManagementGroups_Get: the group itself ({id, type, name, properties: {tenantId, displayName, details}}). */
  private async managementGroup(req: IncomingMessage, url: URL, groupId: string): Promise<[number, unknown]> {
    const ok = await this.readableGroup(req, url, groupId, 'Microsoft.Management/managementGroups/read');
    if (Array.isArray(ok)) return ok;
    const g = this.managementGroups.groups.get(groupId.toLowerCase())!;
    return [200, { id: `${MG_PREFIX}${g.name}`, type: 'Microsoft.Management/managementGroups', name: g.name, properties: { tenantId: g.tenantId, displayName: g.displayName, details: { parent: g.parent ? { id: `${MG_PREFIX}${g.parent}`, name: g.parent } : null } } }];
  }

  private async descendants(req: IncomingMessage, url: URL, groupId: string): Promise<[number, unknown]> {
    const ok = await this.readableGroup(req, url, groupId, 'Microsoft.Management/managementGroups/descendants/read');
    if (Array.isArray(ok)) return ok;
    const { apiVersion } = ok;
    const asked = Number(url.searchParams.get('$top') ?? this.descendantsPageSize);
    if (!Number.isInteger(asked) || asked < 1) return this.armError(400, 'InvalidQueryParameterValue', `Invalid value '${url.searchParams.get('$top')}' for query parameter '$top'.`);
    const top = Math.min(asked, this.descendantsPageSize);
    const skip = url.searchParams.get('$skiptoken');
    const start = skip === null ? 0 : Number.parseInt(Buffer.from(skip, 'base64url').toString('utf8').replace(/^offset:/, ''), 10);
    if (!Number.isInteger(start) || start < 0) return this.armError(400, 'InvalidSkipToken', 'The $skiptoken is invalid.');
    const all = this.managementGroups.descendants(groupId);
    const page = all.slice(start, start + top);
    const next = start + top < all.length ? `http://${req.headers.host}${url.pathname}?api-version=${apiVersion}&$top=${top}&$skiptoken=${Buffer.from(`offset:${start + top}`).toString('base64url')}` : null;
    return [
      200,
      {
        value: page.map((d) => ({
          id: d.kind === 'group' ? `${MG_PREFIX}${d.name}` : `/subscriptions/${d.name}`,
          type: d.kind === 'group' ? 'Microsoft.Management/managementGroups' : '/subscriptions',
          name: d.name,
          properties: { displayName: d.displayName, parent: { id: `${MG_PREFIX}${d.parent}` } },
        })),
        nextLink: next,
      },
    ];
  }

  private async arm(req: IncomingMessage, url: URL): Promise<[number, unknown]> {
    const claims = await this.bearer(req);
    if (Array.isArray(claims)) return claims;
    const m = /^\/subscriptions\/([^/]+)(\/.*)?$/i.exec(url.pathname)!;
    const sub = this.subscriptions.get(m[1]!.toLowerCase());
    const rest = (m[2] ?? '').toLowerCase();
    const apiVersion = url.searchParams.get('api-version');
    const versions = rest.startsWith('/providers/microsoft.authorization/') ? ROLE_API_VERSIONS : RG_API_VERSIONS;
    if (!apiVersion) return this.armError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
    if (!versions.includes(apiVersion)) {
      return this.armError(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid. The supported versions are '${versions.join(',')}'.`);
    }
    if (!sub) return this.armError(404, 'SubscriptionNotFound', `The subscription '${m[1]}' could not be found.`);
    if (sub.tenantId !== claims.tid) {
      return this.armError(401, 'InvalidAuthenticationTokenTenant', `The access token is from the wrong issuer 'https://sts.windows.net/${String(claims.tid)}/'. It must match the tenant 'https://sts.windows.net/${sub.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${sub.tenantId}' to get the token.`);
    }
    const oid = String(claims.oid);
    const scope = `/subscriptions/${sub.subscriptionId}`;
    // Assignments at the subscription, and those inherited from the management groups above it.
    const effective = [...sub.roleAssignments, ...this.managementGroups.inherited(sub.subscriptionId)];
    const canRead = effective.some((a) => a.principalId === oid && (a.scope === scope || a.scope.startsWith(MG_PREFIX)));
    const denied = (action: string) =>
      this.armError(403, 'AuthorizationFailed', `The client '${String(claims.appid)}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
    if (rest === '/providers/microsoft.authorization/roleassignments') {
      if (!canRead) return denied('Microsoft.Authorization/roleAssignments/read');
      const filter = /^assignedTo\('([0-9a-f-]+)'\)$/i.exec(url.searchParams.get('$filter') ?? '');
      const list = effective.filter((a) => !filter || a.principalId === filter[1]);
      return [
        200,
        {
          value: list.map((a) => {
            const name = randomUUID();
            return {
              id: `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
              type: 'Microsoft.Authorization/roleAssignments',
              name,
              properties: { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: 'ServicePrincipal', scope: a.scope, condition: null, conditionVersion: null, createdOn: '2026-11-01T10:00:00.0000000Z', updatedOn: '2026-11-01T10:00:00.0000000Z', createdBy: randomUUID(), updatedBy: randomUUID(), delegatedManagedIdentityResourceId: null, description: null },
            };
          }),
        },
      ];
    }
    if (rest === '/providers/microsoft.authorization/roledefinitions') {
      if (!canRead) return denied('Microsoft.Authorization/roleDefinitions/read');
      return [
        200,
        {
          value: Object.entries(BUILT_IN_ROLES).map(([roleName, id]) => ({
            id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${id}`,
            name: id,
            type: 'Microsoft.Authorization/roleDefinitions',
            properties: { roleName, type: 'BuiltInRole', description: `${roleName} built-in role`, assignableScopes: ['/'], permissions: [{ actions: ['*/read'], notActions: [], dataActions: [], notDataActions: [] }], createdOn: '2015-02-02T21:55:09.8806423Z', updatedOn: '2021-11-11T20:13:47.8628684Z' },
          })),
        },
      ];
    }
    if (rest === '/resourcegroups') {
      if (!canRead) return denied('Microsoft.Resources/subscriptions/resourceGroups/read');
      return [
        200,
        {
          value: sub.resourceGroups.map((g) => ({
            id: `${scope}/resourceGroups/${g.name}`,
            name: g.name,
            type: 'Microsoft.Resources/resourceGroups',
            location: g.location,
            properties: { provisioningState: 'Succeeded' },
          })),
        },
      ];
    }
    return this.armError(404, 'InvalidResourceType', `The resource type could not be found in the namespace for api version '${apiVersion}'.`);
  }
}
