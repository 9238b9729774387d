import type { RunSignIns } from './run-sign-ins.js';
import { DEFAULT_TIER, type PermissionTier, isRaise } from '../../shared/domain/tiers.js';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { shellQuote } from '../../shared/artifacts/artifact.js';
import { adminConsentUrl, azureAppRotationArtifacts, buildAzureBootstrap, roleAssignmentCommands } from '../../shared/artifacts/azure.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { AZURE_CLOUDS, AZURE_CORE_ROLE, type AzureCloudName, azureTierRoles, federatedCredentialName, managementGroupScope } from '../../shared/domain/azure.js';
import { AppError } from '../../shared/domain/errors.js';
import { subjectFor } from '../../shared/domain/subject.js';
import type * as azure from '../../shared/ipc/clouds/azure.js';
import type { CleanupStep, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { ScopeNode } from '../../shared/ipc/estate-schemas.js';
import { managementGroupTree } from './azure/management-group-tree.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import type { SubjectTokenSource } from '../oidc/subject-token-source.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { ArmClient } from './azure/arm.js';
import { type TokenContext, tokenFailure } from './azure/entra-errors.js';
import { type AzureOrgApps, overLimitWords } from './azure/org-app.js';
import { SessionCache } from './session-cache.js';
import { RECORD_SCHEMAS, tryRecord } from './stored-records.js';
import { msalNetworkClient } from './azure/msal-network.js';
import type { CloudProvider, ConnectionDescription, HealthOutcome, PreparedConnection } from './base.js';
import { type CleanupWords, ProviderBase, damagedRecord } from './provider-base.js';

type BootstrapIn = z.output<typeof azure.azureBootstrapInput>;
type Target = z.output<typeof azure.azureTargetInput>;
type Bootstrap = z.input<typeof azure.azureBootstrapOutput>;
type Identity = z.input<typeof azure.azureIdentityOutput>;
type Permissions = z.input<typeof azure.azurePermissionsOutput>;
type Enumeration = z.input<typeof azure.azureEnumerateOutput>;

const ROLE_API = '2022-04-01';
const MANAGEMENT_GROUP_API = '2023-04-01';
/** Descendants per page asked of ARM (its reference documents $top, not a default page size). */
const DESCENDANTS_PAGE = 500;
const RESOURCE_GROUP_API = '2021-04-01';
/** Built-in roles that include everything a narrower one grants, for the comparison with required roles. */
const SATISFIED_BY: Readonly<Record<string, readonly string[]>> = {
  Reader: ['Contributor', 'Owner'],
  Contributor: ['Owner'],
  // The core custom role's four reads are all */read: Reader (or more) covers them.
  [AZURE_CORE_ROLE]: ['Reader', 'Contributor', 'Owner'],
};

/** A target as steps 3–5 take it, or as saved: then with the app it was validated with. */
type AppTarget = Target & { readonly clientId?: string };
/** What a token needs: the org (its subject and app) and the customer's tenant. */
type TenantTarget = Pick<AppTarget, 'orgId' | 'tenantId' | 'clientId' | 'azureCloud'>;

/** The subscriptions under a management group, as its tree of groups. */
export interface ManagementGroupTree {
  readonly tenantId: string;
  readonly managementGroupId: string;
  readonly root: ScopeNode;
  /** Items of ARM's listing left out of the tree (a group or subscription listed again, or under a group below it). */
  readonly ignoredItems: number;
}

interface ArmSession {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly principalObjectId: string;
  readonly presented: TokenContext['presented'];
  readonly clientId: string;
  /** The cloud the token is for: its ARM endpoint serves the session. */
  readonly armEndpoint: string;
}

// What the ARM reads return, as far as they are used (parsed, never cast; other members ignored).
const roleAssignment = z.object({ properties: z.object({ roleDefinitionId: z.string(), principalId: z.string(), scope: z.string() }) });
const roleDefinition = z.object({ id: z.string(), name: z.string(), properties: z.object({ roleName: z.string() }) });
const managementGroup = z.object({ name: z.string(), properties: z.object({ displayName: z.string().nullish() }).optional() });
const descendant = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  properties: z.object({ displayName: z.string().nullish(), parent: z.object({ id: z.string() }).nullish() }).optional(),
});
const resourceGroup = z.object({ name: z.string(), location: z.string(), properties: z.object({ provisioningState: z.string().optional() }).optional() });

/**
 * Azure: Workload Identity Federation. AlphaSwarm's subject token is the client assertion for its
 * multi-tenant app in the customer's tenant; there is no client secret anywhere.
 */
export class AzureProvider extends ProviderBase<AppTarget> implements CloudProvider<'azure', BootstrapIn, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind = 'azure' as const;
  private readonly sessions: SessionCache<ArmSession>;
  /** Control-plane calls made (token requests and ARM reads), for the benchmark. */
  calls = 0;

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly tokenSource: () => SubjectTokenSource,
    private readonly apps: AzureOrgApps,
  ) {
    super();
    this.sessions = new SessionCache(clock, (s) => s.expiresAt);
  }

  /** The connection's Azure cloud (chosen per connection), else this laptop's setting. */
  private cloudOf(t?: { readonly azureCloud?: AzureCloudName | undefined }): AzureCloudName {
    return t?.azureCloud ?? (this.settings.require('ALPHASWARM_ADMIN_AZURE_CLOUD') as AzureCloudName);
  }

  private audience(cloud: AzureCloudName): string {
    const r = this.settings.resolve('ALPHASWARM_ADMIN_AZURE_AUDIENCE');
    return r.value !== undefined ? this.settings.require('ALPHASWARM_ADMIN_AZURE_AUDIENCE') : AZURE_CLOUDS[cloud].exchangeAudience;
  }

  private requiredRoles(): string[] {
    return this.settings
      .require('ALPHASWARM_ADMIN_AZURE_REQUIRED_ROLES')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
  }

  /** The roles a tier asks for; raising from `from`, only those it adds. */
  private rolesFor(tier: PermissionTier, from?: PermissionTier): string[] {
    const wanted = azureTierRoles(tier, this.requiredRoles());
    if (from === undefined) return wanted;
    if (!isRaise(from, tier)) {
      throw new AppError('bad_request', `${tier} does not raise ${from}: only a higher tier has anything to add (core < standard < security-audit).`, 'To lower a tier, remove the role assignments it no longer needs and connect again with the lower --tier.', { field: 'tier' });
    }
    const had = azureTierRoles(from, this.requiredRoles());
    return wanted.filter((r) => !had.includes(r));
  }

  private timeout(): number {
    return this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS');
  }

  accountOf(t: Target): string {
    return t.subscriptionId.toLowerCase();
  }

  knownAccountOf(t: Target): string {
    return this.accountOf(t);
  }

  precheck(t: Target): void {
    this.apps.clientIdFor(t.orgId);
    this.audience(this.cloudOf(t));
    this.tokenSource();
  }

  bootstrap(input: BootstrapIn, existing: readonly StoredConnection[]): Bootstrap {
    const app = this.apps.azureAppFor(input.orgId);
    const roles = this.rolesFor(input.tier ?? DEFAULT_TIER, input.fromTier);
    const built = buildAzureBootstrap({
      orgId: input.orgId,
      issuer: this.settings.require('ALPHASWARM_ADMIN_OIDC_ISSUER'),
      subject: subjectFor(input.orgId),
      audience: this.audience(this.cloudOf(input)),
      appClientId: app.clientId,
      appObjectId: app.objectId,
      cloud: this.cloudOf(input),
      requiredRoles: roles,
      tier: input.tier,
      fromTier: input.fromTier,
      tenantId: input.tenantId,
      subscriptionId: input.subscriptionId,
      managementGroupId: input.managementGroupId,
    });
    const notes = [...built.notes];
    if (input.managementGroupId !== undefined) {
      notes.push({
        level: 'info',
        text: `The roles are granted at management group ${input.managementGroupId}: every subscription below it inherits them, including ones created later. Then connect them all: connect azure --org ${shellQuote(input.orgId)} --tenant-id ${input.tenantId ?? '<tenant-id>'} --management-group ${shellQuote(input.managementGroupId)} --discover.`,
      });
    }
    if (app.source === 'profile') notes.push({ level: 'info', text: `Your platform profile assigns this org to AlphaSwarm app ${app.clientId}: every command, link and check uses it.` });
    const load = this.apps.loadOf(input.orgId);
    if (load?.overLimit) notes.push({ level: 'warning', text: overLimitWords(load.clientId, load.orgIds.length) });
    const rotation = this.rotationFor(input.orgId, existing, app, azureTierRoles(input.tier ?? DEFAULT_TIER, this.requiredRoles()));
    return {
      ...built,
      artifacts: [...(rotation ? [...rotation.transitional, ...rotation.final] : []), ...built.artifacts],
      notes: rotation ? [{ level: 'warning' as const, text: `This org moved from AlphaSwarm app ${rotation.fromClientId} to ${app.clientId} (your platform profile): follow "App change" 1 to 4 in order, so the connection never stops.` }, ...notes] : notes,
      claimPreview: { ...built.claimPreview },
    };
  }

  /** The org's saved connections on another app than its current one: the move's hand-over artifacts. */
  private rotationFor(orgId: string, existing: readonly StoredConnection[], app: { clientId: string; objectId: string }, roles: readonly string[]) {
    const moved = existing.map((c) => tryRecord(RECORD_SCHEMAS.azure, c)).filter((r) => r !== undefined && r.client_id.toLowerCase() !== app.clientId);
    const from = moved[0];
    if (!from) return undefined;
    const fromClientId = from.client_id.toLowerCase();
    const onOld = moved.filter((r) => r!.client_id.toLowerCase() === fromClientId);
    const built = azureAppRotationArtifacts({
      orgId,
      // The cloud the moved connections live in (saved with them), not the laptop's default.
      cloud: from.azure_cloud ?? this.cloudOf(),
      from: { clientId: fromClientId, objectId: from.app_object_id ?? this.apps.objectIdOf(fromClientId) },
      to: app,
      tenantIds: [...new Set(onOld.map((r) => r!.tenant_id))],
      subscriptionIds: [...new Set(onOld.map((r) => r!.subscription_id))],
      roles,
    });
    return { ...built, fromClientId };
  }

  /** The app a call uses: the one a saved connection was validated with, else the org's current one. */
  private clientIdOf(t: TenantTarget): string {
    return t.clientId ?? this.apps.clientIdFor(t.orgId);
  }

  private sessionKey(t: TenantTarget): string {
    return SessionCache.key(t.orgId, t.tenantId, this.clientIdOf(t), this.cloudOf(t));
  }

  /** An ARM token for the customer's tenant, from a client assertion signed by AlphaSwarm's issuer. */
  /**
   * MSAL takes no signal of its own; the network client the app injects carries this one, so the
   * token request is closed on the wire. The client assertion (the subject token source) is bounded
   * by its own timeout.
   */
  private async armSession(t: TenantTarget, fresh: boolean, signal: AbortSignal): Promise<ArmSession> {
    const key = this.sessionKey(t);
    const cached = this.sessions.fresh(key);
    if (!fresh && cached) return cached;
    const clientId = this.clientIdOf(t);
    const cloud = this.cloudOf(t);
    const preset = AZURE_CLOUDS[cloud];
    const source = this.tokenSource();
    const subject = subjectFor(t.orgId);
    const audience = this.audience(cloud);
    const ctx: TokenContext = {
      tenantId: t.tenantId,
      clientId,
      presented: { iss: source.issuer, sub: subject, aud: audience },
      consentUrl: adminConsentUrl(cloud, t.tenantId, clientId),
      credentialName: federatedCredentialName(t.orgId),
      appLoad: t.clientId === undefined ? this.apps.loadOf(t.orgId) : undefined,
    };
    // Loaded on first use: offline commands and the other clouds never need MSAL.
    const { ConfidentialClientApplication } = await import('@azure/msal-node');
    const app = new ConfidentialClientApplication({
      auth: {
        clientId,
        authority: `${preset.authorityHost}/${t.tenantId}`,
        clientAssertion: async () => source.getToken({ audience, subject }),
      },
      system: { networkClient: msalNetworkClient(preset.authorityHost, this.settings.optional('ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST'), this.timeout(), signal) },
    });
    this.calls += 1;
    let result;
    try {
      result = await app.acquireTokenByClientCredential({ scopes: [`${preset.armEndpoint}/.default`] });
    } catch (error) {
      if (error instanceof AppError) throw error;
      const e = error as { errorCode?: string; errorMessage?: string; message?: string };
      if (/network|timed? ?out|ECONN|ENOTFOUND/i.test(`${e.errorCode} ${e.errorMessage}`)) {
        throw new AppError('cloud_unreachable', `Microsoft Entra ID could not be reached (${e.errorCode ?? 'network error'}).`, "Check the laptop's network or proxy, and ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST if it is set.");
      }
      throw tokenFailure(e.errorMessage ?? e.message ?? String(error), ctx);
    }
    if (!result?.accessToken) throw new AppError('cloud_error', 'Entra answered without an access token.', 'Retry; if it persists, check ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST.');
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(result.accessToken);
    } catch {
      throw new AppError('cloud_error', 'Entra returned an access token that is not a JWT.', 'Check ALPHASWARM_ADMIN_AZURE_AUTHORITY_HOST (or your proxy).');
    }
    const tid = (typeof claims.tid === 'string' ? claims.tid : '').toLowerCase();
    if (tid !== t.tenantId) {
      throw new AppError('cloud_denied', `Entra issued the token for tenant ${tid || 'unknown'}, not ${t.tenantId}.`, 'Check the tenant id you entered against Entra ID → Overview → Tenant ID.', {
        details: { expectedTenant: t.tenantId, tokenTenant: tid },
        field: 'tenantId',
      });
    }
    const appid = (typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : '').toLowerCase();
    if (appid && appid !== clientId) {
      throw new AppError('cloud_denied', `The token belongs to app ${appid}, not AlphaSwarm's ${clientId}.`, "Check the org's Azure app in your platform profile, or ALPHASWARM_ADMIN_AZURE_APP_CLIENT_ID.");
    }
    const session: ArmSession = {
      accessToken: result.accessToken,
      expiresAt: result.expiresOn?.getTime() ?? this.clock.now() + 50 * 60_000,
      principalObjectId: (typeof claims.oid === 'string' ? claims.oid : ''),
      presented: ctx.presented,
      clientId,
      armEndpoint: preset.armEndpoint,
    };
    this.sessions.set(key, session);
    return session;
  }

  private arm(session: ArmSession, signal: AbortSignal): ArmClient {
    const endpoint = this.settings.optional('ALPHASWARM_ADMIN_AZURE_ARM_ENDPOINT') ?? session.armEndpoint;
    return new ArmClient(endpoint, session.accessToken, this.timeout(), () => (this.calls += 1), signal);
  }

  async validateIdentity(t: AppTarget, signal: AbortSignal, run?: RunSignIns): Promise<Identity> {
    // A tenant's subscriptions share one app and one token: a run signs in afresh once per tenant, not per subscription.
    const session = run ? await run.once(this.sessionKey(t), () => this.armSession(t, true, signal)) : await this.armSession(t, true, signal);
    return {
      cloud: 'azure',
      tenantId: t.tenantId,
      subscriptionId: t.subscriptionId,
      clientId: session.clientId,
      principalObjectId: session.principalObjectId,
      azureCloud: this.cloudOf(t),
      tokenExpiresAt: new Date(session.expiresAt).toISOString(),
      presented: { ...session.presented },
      checkedAt: isoAt(this.clock),
    };
  }

  async validatePermissions(t: AppTarget, signal: AbortSignal): Promise<Permissions> {
    const session = await this.armSession(t, false, signal);
    const arm = this.arm(session, signal);
    const subscriptionScope = `/subscriptions/${t.subscriptionId}`;
    let assignments: z.output<typeof roleAssignment>[];
    let definitions: z.output<typeof roleDefinition>[] = [];
    let unreadable = false;
    try {
      assignments = await arm.list(`${subscriptionScope}/providers/Microsoft.Authorization/roleAssignments`, ROLE_API, roleAssignment, {
        $filter: `assignedTo('${session.principalObjectId}')`,
      });
      definitions = await arm.list(`${subscriptionScope}/providers/Microsoft.Authorization/roleDefinitions`, ROLE_API, roleDefinition);
    } catch (error) {
      // A principal with no role on the subscription may not even read its own assignments: that is the answer.
      if (!(error instanceof AppError && error.details?.armCode === 'AuthorizationFailed')) throw error;
      assignments = [];
      unreadable = true;
    }
    const nameOf = new Map(definitions.map((d) => [d.name.toLowerCase(), d.properties.roleName]));
    const roleName = (definitionId: string) => nameOf.get(definitionId.split('/').pop()!.toLowerCase()) ?? definitionId.split('/').pop()!;
    // Only assignments that cover the whole subscription count: at it, or above it.
    const covering = assignments.filter((a) => {
      const scope = a.properties.scope.toLowerCase();
      return scope === subscriptionScope || scope === '/' || scope.startsWith('/providers/microsoft.management/managementgroups/');
    });
    const held = new Set(covering.map((a) => roleName(a.properties.roleDefinitionId)));
    const narrower = assignments.filter((a) => !covering.includes(a)).map((a) => `${roleName(a.properties.roleDefinitionId)} on ${a.properties.scope}`);
    const clientId = session.clientId;
    const tier = t.tier ?? DEFAULT_TIER;
    const checks: PermissionCheck[] = azureTierRoles(tier, this.requiredRoles()).map((role) => {
      if (held.has(role)) return { name: role, status: 'granted' };
      const broader = (SATISFIED_BY[role] ?? []).find((r) => held.has(r));
      if (broader) return { name: role, status: 'granted', cause: `Covered by ${broader}, which grants more than AlphaSwarm needs.` };
      return {
        name: role,
        status: 'missing',
        cause: unreadable
          ? "AlphaSwarm's service principal may not even read role assignments on this subscription, so it holds no role there."
          : narrower.length
            ? `Only assigned below the subscription: ${narrower.join('; ')}.`
            : `AlphaSwarm's service principal has no ${role} assignment on the subscription.`,
        remedy: `az role assignment create --assignee-object-id ${session.principalObjectId} --assignee-principal-type ServicePrincipal --role ${shellQuote(role)} --scope ${subscriptionScope}`,
      };
    });
    const missing = checks.filter((c) => c.status !== 'granted').map((c) => c.name);
    return {
      cloud: 'azure',
      checks,
      allGranted: missing.length === 0,
      tier,
      remediation: missing.length
        ? [{ title: 'Grant the missing roles', language: 'shell', content: roleAssignmentCommands(clientId, t.subscriptionId, missing), description: 'Run by the customer in their tenant; assignments can take a few minutes to apply.' }]
        : [],
      checkedAt: isoAt(this.clock),
    };
  }

  /**
   * Every group and subscription below a management group (ARM's descendants, every page), as the
   * estate's tree. Read with the org's token in the customer's tenant; AuthorizationFailed means
   * the app holds no role at the group yet (step 2).
   */
  async managementGroupTree(orgId: string, tenantId: string, managementGroupId: string, signal: AbortSignal): Promise<ManagementGroupTree> {
    const session = await this.armSession({ orgId, tenantId }, false, signal);
    const arm = this.arm(session, signal);
    let items: z.output<typeof descendant>[];
    let displayName: string | undefined;
    try {
      // ManagementGroups_Get for the group's own display name (its descendants name only those below it).
      displayName = (await arm.read(managementGroupScope(managementGroupId), MANAGEMENT_GROUP_API, managementGroup)).properties?.displayName ?? undefined;
      items = await arm.list(`${managementGroupScope(managementGroupId)}/descendants`, MANAGEMENT_GROUP_API, descendant, { $top: String(DESCENDANTS_PAGE) });
    } catch (error) {
      if (error instanceof AppError && error.details?.armCode === 'AuthorizationFailed') {
        throw new AppError(
          'cloud_denied',
          `AlphaSwarm's app may not read management group ${managementGroupId} in tenant ${tenantId} (or there is no such group).`,
          `Check the group's id (Management groups → the group → Overview → ID), then grant the roles at it: bootstrap azure --org ${shellQuote(orgId)} --management-group ${shellQuote(managementGroupId)}.`,
          { field: 'managementGroupId', details: { armCode: 'AuthorizationFailed' } },
        );
      }
      throw error;
    }
    return { tenantId, managementGroupId, ...managementGroupTree(managementGroupId, items, displayName) };
  }

  async enumerate(t: AppTarget, signal: AbortSignal): Promise<Enumeration> {
    const session = await this.armSession(t, false, signal);
    const groups = await this.arm(session, signal).list(`/subscriptions/${t.subscriptionId}/resourcegroups`, RESOURCE_GROUP_API, resourceGroup);
    return {
      cloud: 'azure',
      resourceGroups: groups
        .map((g) => ({ name: g.name, location: g.location, provisioningState: g.properties?.provisioningState ?? 'Unknown' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async prepareConnection(t: Target, existing: StoredConnection | undefined, signal: AbortSignal): Promise<PreparedConnection> {
    const session = await this.armSession(t, false, signal);
    const objectId = this.apps.objectIdOf(session.clientId);
    const before = existing ? tryRecord(RECORD_SCHEMAS.azure, existing) : undefined;
    const moved = before !== undefined && before.client_id.toLowerCase() !== session.clientId;
    const handOver = moved && objectId ? this.rotationFor(t.orgId, [existing!], { clientId: session.clientId, objectId }, azureTierRoles(t.tier ?? DEFAULT_TIER, this.requiredRoles())) : undefined;
    return {
      record: {
        tenant_id: t.tenantId,
        subscription_id: t.subscriptionId,
        // The app it was validated with: a later move to another app shows as a rotation.
        client_id: session.clientId,
        subject: subjectFor(t.orgId),
        principal_object_id: session.principalObjectId,
        ...(objectId ? { app_object_id: objectId } : {}),
        // Health, cleanup and bundles use the cloud it was saved in, whatever the laptop's setting becomes.
        azure_cloud: this.cloudOf(t),
      },
      keyFingerprint: null,
      expiresOn: null,
      ...(moved ? { rotation: { fromFingerprint: `app:${before.client_id.toLowerCase()}`, toFingerprint: `app:${session.clientId}` }, ...(handOver ? { followUp: handOver.final } : {}) } : {}),
    };
  }

  auditTarget(t: Target): AuditDetail {
    return { tenantId: t.tenantId, subscriptionId: t.subscriptionId, subject: subjectFor(t.orgId) };
  }

  describe(stored: StoredConnection): ConnectionDescription {
    const record = tryRecord(RECORD_SCHEMAS.azure, stored);
    const label = `tenant ${record?.tenant_id ?? '(damaged record: reconnect)'}`;
    const current = this.apps.tryAzureAppFor(stored.orgId);
    if (!record) return { identifier: stored.account, label, rotation: 'Nothing to rotate: federated, no secret.' };
    const saved = record.client_id.toLowerCase();
    if (!current) return { identifier: stored.account, label, rotation: `Federated, no secret; app ${saved}. The org's current Azure app is not set on this laptop, so a move cannot be checked.` };
    if (current.clientId === saved) {
      return { identifier: stored.account, label, rotation: `Federated, no secret; app ${saved} (current, ${current.source === 'profile' ? 'from your platform profile' : 'from Settings'}).` };
    }
    return {
      identifier: stored.account,
      label,
      rotation: `App rotated (${saved} → ${current.clientId}): re-run the wizard for a no-downtime switch.`,
      derivedStatus: {
        status: 'rotated_key' as const,
        reason: `The org's Azure app has changed since this connection was saved (${saved} → ${current.clientId}, ${current.source === 'profile' ? 'your platform profile' : 'Settings'}): re-run the wizard to move it to the new app without downtime.`,
      },
    };
  }

  cleanup(stored: StoredConnection): CleanupStep[] {
    const r = tryRecord(RECORD_SCHEMAS.azure, stored);
    const q = (v: string | undefined, placeholder: string) => (v ? shellQuote(v) : placeholder);
    // The app the connection was saved on, not the org's current one: that is where its credential is.
    const appObjectId = q(r ? (r.app_object_id ?? this.apps.objectIdOf(r.client_id)) : this.apps.tryAzureAppFor(stored.orgId)?.objectId, '<app-object-id>');
    return [
      {
        title: "Remove AlphaSwarm's role assignments (customer tenant)",
        language: 'shell',
        content: `az role assignment delete --assignee ${q(r?.principal_object_id, '<principal-object-id>')} --scope ${q(r ? `/subscriptions/${r.subscription_id}` : undefined, '/subscriptions/<subscription-id>')}\n`,
      },
      {
        title: "Delete the org's federated credential (AlphaSwarm's tenant)",
        language: 'shell',
        content: `az ad app federated-credential delete --id ${appObjectId} --federated-credential-id ${shellQuote(federatedCredentialName(stored.orgId))}\n`,
      },
      {
        title: 'Optionally, remove the app from the customer tenant (only if nothing else of AlphaSwarm uses it)',
        language: 'shell',
        content: `az ad sp delete --id ${q(r?.client_id, '<client-id>')}\n`,
      },
    ];
  }

  forget(orgId: string): void {
    this.sessions.forgetOrg(orgId);
  }

  /** A saved connection's tenant and subscription, from its record. */
  /** A saved connection's tenant, subscription and app, from its record: health checks it as saved. */
  protected savedTarget(stored: StoredConnection): AppTarget | AppError {
    const r = tryRecord(RECORD_SCHEMAS.azure, stored);
    // Saved before the cloud was chosen per connection: the laptop's setting, as then.
    return r ? { cloud: 'azure', orgId: stored.orgId, tenantId: r.tenant_id, subscriptionId: r.subscription_id, clientId: r.client_id.toLowerCase(), tier: stored.tier ?? DEFAULT_TIER, ...(r.azure_cloud ? { azureCloud: r.azure_cloud } : {}) } : damagedRecord();
  }

  protected async signIn(t: AppTarget, _stored: StoredConnection, signal: AbortSignal): Promise<void> {
    await this.armSession(t, true, signal);
  }

  protected endSession(t: AppTarget): void {
    this.sessions.delete(this.sessionKey(t));
  }

  /** After disconnect, Entra must refuse the token request (no federated credential, or no consent). */
  protected cleanupWords(t: AppTarget): CleanupWords {
    return {
      stillWorks: `Entra still issues tokens for tenant ${t.tenantId}: delete the federated credential (and the role assignment).`,
      refused: () => `Entra now refuses the token request for tenant ${t.tenantId}.`,
    };
  }

  /**
   * Health checks the connection as saved (its own app), so a moved org keeps working meanwhile; a
   * check that passes on the old app still says the org has moved, as the list does.
   */
  async revalidate(stored: StoredConnection, _secret: unknown, signal: AbortSignal): Promise<HealthOutcome> {
    const outcome = await this.recheckBaseline(stored, signal, (t, s) => this.validatePermissions(t, s), 'role_assignment', 'assigned to AlphaSwarm at the subscription (or above)');
    const moved = this.describe(stored).derivedStatus;
    return outcome.status === 'connected' && moved ? { status: moved.status, reason: moved.reason } : outcome;
  }
}
