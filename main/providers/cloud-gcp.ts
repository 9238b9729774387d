import { DEFAULT_TIER } from '../../shared/domain/tiers.js';
import type { IdentityPoolClient } from 'google-auth-library';
import { z } from 'zod';
import { GcpBootstrapError, buildGcpBootstrap } from '../../shared/artifacts/gcp.js';
import { shellQuote } from '../../shared/artifacts/artifact.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { AppError } from '../../shared/domain/errors.js';
import { GCP_BASELINE_PERMISSIONS, PROVIDER_ID, gcpTierGrants, poolMember, providerAudience, subjectMember } from '../../shared/domain/gcp.js';
import { subjectFor } from '../../shared/domain/subject.js';
import type { CleanupStep, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type * as gcp from '../../shared/ipc/clouds/gcp.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import type { SubjectTokenSource } from '../oidc/subject-token-source.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import { type CloudProvider, type ConnectionDescription, type HealthOutcome, type PreparedConnection, abortable } from './base.js';
import { type CleanupWords, ProviderBase, damagedRecord } from './provider-base.js';
import { type ExchangeContext, federationFailure, resourceManagerFailure } from './gcp/errors.js';
import { signalledPoolClient } from './gcp/pool-client.js';
import { poolIdFor } from './gcp/pool-id.js';
import { type CrmGet, type ProjectTree, confirmSameEstate, readProjectTree } from './gcp/project-tree.js';
import { SessionCache } from './session-cache.js';
import { RECORD_SCHEMAS, tryRecord } from './stored-records.js';

type BootstrapIn = z.output<typeof gcp.gcpBootstrapInput>;
type Target = z.output<typeof gcp.gcpTargetInput>;
type Bootstrap = z.input<typeof gcp.gcpBootstrapOutput>;
type Identity = z.input<typeof gcp.gcpIdentityOutput>;
type Permissions = z.input<typeof gcp.gcpPermissionsOutput>;
type Enumeration = z.input<typeof gcp.gcpEnumerateOutput>;

const DEFAULTS = {
  sts: 'https://sts.googleapis.com',
  iamcredentials: 'https://iamcredentials.googleapis.com',
  crm: 'https://cloudresourcemanager.googleapis.com',
};

interface GcpSession {
  readonly client: IdentityPoolClient;
  readonly expiresAt: number;
  /** The signal of the step that made it: its client refreshes tokens under it, so once aborted the session is done. */
  readonly madeUnder: AbortSignal;
}


// Resource Manager v1 answers, as far as they are read (other members ignored).
const testPermissionsResponse = z.object({ permissions: z.array(z.string()).optional() });
const projectResponse = z.object({ projectId: z.string().optional(), projectNumber: z.string().optional(), name: z.string().optional(), lifecycleState: z.string().optional() });

/**
 * GCP: Workload Identity Federation then service-account impersonation, through
 * google-auth-library's external-account client fed by AlphaSwarm's subject token.
 */
export class GcpProvider extends ProviderBase<Target> implements CloudProvider<'gcp', BootstrapIn, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind = 'gcp' as const;
  private readonly sessions: SessionCache<GcpSession>;
  /** Sessions being made, by key: a second caller waits for the first exchange instead of making its own. */
  private readonly starting = new Map<string, Promise<GcpSession>>();

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
    private readonly tokenSource: () => SubjectTokenSource,
  ) {
    super();
    this.sessions = new SessionCache(clock, (s) => s.expiresAt);
  }

  private endpoint(name: 'sts' | 'iamcredentials' | 'crm'): string {
    const setting = { sts: 'ALPHASWARM_ADMIN_GCP_STS_ENDPOINT', iamcredentials: 'ALPHASWARM_ADMIN_GCP_IAMCREDENTIALS_ENDPOINT', crm: 'ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT' }[name];
    return (this.settings.optional(setting) ?? DEFAULTS[name]).replace(/\/$/, '');
  }

  private get serviceAccount(): string {
    return this.settings.require('ALPHASWARM_ADMIN_GCP_WIF_SERVICE_ACCOUNT_EMAIL');
  }

  private get audience(): string {
    return this.settings.require('ALPHASWARM_ADMIN_GCP_WIF_AUDIENCE');
  }

  accountOf(t: Target): string {
    return t.projectId;
  }

  knownAccountOf(t: Target): string {
    return t.projectId;
  }

  precheck(t: Target): void {
    void this.audience;
    void this.serviceAccount;
    this.tokenSource();
    this.requireConfirmedPool(t);
  }

  /**
   * Projects found below an organisation or folder that was confirmed to belong with the pool's
   * project (projectTree), per org: only they may sign in through another project's pool.
   */
  private readonly confirmedShared = new Set<string>();

  /**
   * A project signs in through another project's pool only when an estate read found it below a
   * parent confirmed to belong with that pool: otherwise any project a shared broker account may
   * read could be saved under this org (fifteenth review O-G2). Checked before any call or code.
   */
  private requireConfirmedPool(t: Target): void {
    // The pool's own project only when id AND number are its own: the audience is built from the number (sixteenth review P-G2).
    if (!this.sharesPool(t) || (t.projectId === t.poolProjectId && t.projectNumber === t.poolProjectNumber)) return;
    if (this.confirmedShared.has(SessionCache.key(t.orgId, t.projectId, t.projectNumber, t.poolProjectNumber!))) return;
    throw new AppError(
      'bad_request',
      `Project ${t.projectId} would sign in through the pool in project ${t.poolProjectId}, but no estate read found it below an organisation or folder that belongs with that pool. Nothing was called.`,
      `Connect it through its own pool (step 2 for the project), or read its organisation or folder first: connect gcp --org ${t.orgId} (--organization N | --folder N) --discover.`,
      { field: 'poolProjectId' },
    );
  }

  bootstrap(input: BootstrapIn, _existing: readonly StoredConnection[]): Bootstrap {
    const audience = this.audience;
    const serviceAccountEmail = this.serviceAccount;
    let built: ReturnType<typeof buildGcpBootstrap>;
    try {
      built = buildGcpBootstrap({
        orgId: input.orgId,
        poolId: poolIdFor(input.orgId),
        issuer: this.settings.require('ALPHASWARM_ADMIN_OIDC_ISSUER'),
        subject: subjectFor(input.orgId),
        audience,
        serviceAccountEmail,
        memberScope: input.memberScope ?? 'subject',
        projectId: input.projectId,
        projectNumber: input.projectNumber,
        tier: input.tier,
        fromTier: input.fromTier,
        organizationId: input.organizationId,
        folderId: input.folderId,
      });
    } catch (error) {
      if (error instanceof GcpBootstrapError) {
        const scoped = input.folderId !== undefined && (input.tier === 'core' || input.fromTier === 'core');
        throw new AppError('bad_request', error.message, scoped ? 'Give --organization instead of --folder, or --tier standard.' : 'Choose a tier above the one the connection has now.', { field: scoped ? 'folderId' : 'tier' });
      }
      throw error;
    }
    const parent = input.organizationId !== undefined ? `--organization ${input.organizationId}` : input.folderId !== undefined ? `--folder ${input.folderId}` : undefined;
    const notes = [...built.notes];
    if (parent) notes.push({ level: 'info', text: `Then connect every project below it: connect gcp --org ${input.orgId} ${parent} --project-id ${input.projectId ?? '<pool project id>'} --project-number ${input.projectNumber ?? '<pool project number>'} --discover.` });
    return { ...built, artifacts: [...built.artifacts], notes };
  }

  /** The project holding the pool: the target itself, or (found below an organisation or folder) the one step 2 created it in. */
  private poolProject(t: Target): { projectId: string; projectNumber: string } {
    return t.poolProjectId !== undefined && t.poolProjectNumber !== undefined ? { projectId: t.poolProjectId, projectNumber: t.poolProjectNumber } : { projectId: t.projectId, projectNumber: t.projectNumber };
  }

  private context(t: Target): ExchangeContext {
    const poolId = poolIdFor(t.orgId);
    const subject = subjectFor(t.orgId);
    const pool = this.poolProject(t);
    return {
      stsAudience: providerAudience(pool.projectNumber, poolId),
      projectId: pool.projectId,
      projectNumber: pool.projectNumber,
      poolId,
      subject,
      issuer: this.tokenSource().issuer,
      audience: this.audience,
      serviceAccountEmail: this.serviceAccount,
      member: subjectMember(pool.projectNumber, poolId, subject),
    };
  }

  /**
   * Projects connected from an organisation or folder share one identity (the pool's, impersonating
   * the one service account): one session serves them all, so a run of 300 makes one token exchange,
   * not 300. A project with its own pool keeps its own session.
   */
  private key(t: Target): string {
    return this.sharesPool(t) ? SessionCache.key(t.orgId, 'pool', t.poolProjectNumber!) : SessionCache.key(t.orgId, t.projectId, t.projectNumber);
  }

  private sharesPool(t: Target): boolean {
    return t.poolProjectId !== undefined && t.poolProjectNumber !== undefined;
  }

  /** Exchange at STS, then impersonate: both happen inside getAccessToken, once per session. */
  private async session(t: Target, fresh: boolean, signal: AbortSignal): Promise<GcpSession> {
    const key = this.key(t);
    const cached = this.sessions.fresh(key);
    // A session made under a step since cancelled (a run's Cancel, a health deadline) cannot refresh its token: make another.
    if (!fresh && cached && !cached.madeUnder.aborted) return cached;
    // Several projects of one pool checked at once wait for the one exchange already under way.
    const pending = fresh ? undefined : this.starting.get(key);
    if (pending) return abortable(pending, signal);
    const started = this.startSession(t, signal);
    if (!fresh) {
      this.starting.set(key, started);
      void started.then(
        () => this.starting.delete(key),
        () => this.starting.delete(key),
      );
    }
    return started;
  }

  private async startSession(t: Target, signal: AbortSignal): Promise<GcpSession> {
    const ctx = this.context(t);
    const source = this.tokenSource();
    // Loaded on first use: offline commands and the other clouds never need it.
    const client = await signalledPoolClient({
      type: 'external_account',
      audience: ctx.stsAudience,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `${this.endpoint('sts')}/v1/token`,
      service_account_impersonation_url: `${this.endpoint('iamcredentials')}/v1/projects/-/serviceAccounts/${encodeURIComponent(ctx.serviceAccountEmail)}:generateAccessToken`,
      subject_token_supplier: { getSubjectToken: () => source.getToken({ audience: ctx.audience, subject: ctx.subject }) },
      // The call's signal goes to every request this client makes: STS, impersonation, Resource
      // Manager. A session reused by a later step keeps the signal of the step that made it; step 3
      // and every health check make their own.
      transporterOptions: { timeout: this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS'), retry: false, signal },
    });
    try {
      // Stop waiting at once; the subject token source (a command) is bounded by its own timeout.
      await abortable(client.getAccessToken(), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw federationFailure(error, ctx);
    }
    const expiry = client.credentials.expiry_date;
    const session: GcpSession = { client, expiresAt: typeof expiry === 'number' ? expiry : this.clock.now() + 3000_000, madeUnder: signal };
    this.sessions.set(this.key(t), session);
    return session;
  }

  async validateIdentity(t: Target, signal: AbortSignal): Promise<Identity> {
    // Step 3 always signs in afresh; a project sharing an organisation's pool reuses the pool's
    // sign-in (the same identity: the estate read that found it made it moments before).
    const session = await this.session(t, !this.sharesPool(t), signal);
    const ctx = this.context(t);
    return {
      cloud: 'gcp',
      projectId: t.projectId,
      projectNumber: t.projectNumber,
      poolId: ctx.poolId,
      providerId: PROVIDER_ID,
      serviceAccountEmail: ctx.serviceAccountEmail,
      subject: ctx.subject,
      tokenExpiresAt: new Date(session.expiresAt).toISOString(),
      checkedAt: isoAt(this.clock),
    };
  }

  /** A Resource Manager call, its answer parsed (never cast); a health deadline aborts it. */
  private async crm<T extends z.ZodType>(session: GcpSession, t: Target, path: string, method: 'GET' | 'POST', schema: T, data: unknown, signal: AbortSignal): Promise<z.output<T>> {
    let body: unknown;
    try {
      const res = await session.client.request({
        url: `${this.endpoint('crm')}/v1/projects/${encodeURIComponent(t.projectId)}${path}`,
        method,
        ...(data === undefined ? {} : { data }),
        timeout: this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS'),
        retry: false,
        signal,
      });
      body = res.data;
    } catch (error) {
      throw resourceManagerFailure(error, t.projectId);
    }
    const parsed = z.safeParse(schema, body ?? {});
    if (!parsed.success) {
      throw new AppError('cloud_error', `Cloud Resource Manager answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`, 'Retry; if it persists, check ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT (or your proxy).');
    }
    return parsed.data;
  }

  async validatePermissions(t: Target, signal: AbortSignal): Promise<Permissions> {
    const session = await this.session(t, false, signal);
    const tier = t.tier ?? DEFAULT_TIER;
    const grants = gcpTierGrants(tier, t.projectId);
    const wanted = grants.map((p) => p.permission);
    const res = await this.crm(session, t, ':testIamPermissions', 'POST', testPermissionsResponse, { permissions: wanted }, signal);
    // Google leaves the list out entirely when nothing is granted.
    const granted = new Set(res?.permissions ?? []);
    const sa = this.serviceAccount;
    const checks: PermissionCheck[] = grants.map(({ permission, role }) =>
      granted.has(permission)
        ? { name: permission, status: 'granted' }
        : {
            name: permission,
            status: 'missing',
            cause: `The service account holds no role on ${t.projectId} that includes it.`,
            remedy: `gcloud projects add-iam-policy-binding ${t.projectId} --member=serviceAccount:${sa} --role=${role}`,
          },
    );
    // Where it may, step 4 also proves the id and the number name one project (saving never waits for step 4*).
    if (granted.has('resourcemanager.projects.get')) this.requireOneProject(t, await this.crm(session, t, '', 'GET', projectResponse, undefined, signal));
    const missing = checks.filter((c) => c.status !== 'granted');
    return {
      cloud: 'gcp',
      checks,
      allGranted: missing.length === 0,
      tier,
      remediation: missing.length
        ? [{ title: 'Grant the missing permissions', language: 'shell', content: `${missing.map((c) => c.remedy).join('\n')}\n`, description: 'Run by the customer on their project; it can take a minute to apply.' }]
        : [],
      checkedAt: isoAt(this.clock),
    };
  }

  /**
   * The project id and number a target names must be one project as Google reports it: the sign-in
   * is built from the number (the pool lives there) and every read from the id, so a mismatched
   * pair would save a project the broker may read under an org whose pool it is not in (sixteenth
   * review P-G3). An answer without a number proves nothing, so it is refused too.
   */
  private requireOneProject(t: Target, p: z.output<typeof projectResponse>): z.output<typeof projectResponse> {
    if (p.projectNumber === t.projectNumber) return p;
    throw new AppError(
      'bad_request',
      p.projectNumber === undefined
        ? `Google did not report the number of project ${t.projectId}, so it cannot be shown to be project ${t.projectNumber}.`
        : `Project ${t.projectId} has the number ${p.projectNumber}, not ${t.projectNumber}.`,
      'Use the number Google reports for the project (gcloud projects describe ID --format="value(projectNumber)"); the id and the number must belong to the same project.',
      { field: 'projectNumber' },
    );
  }

  async enumerate(t: Target, signal: AbortSignal): Promise<Enumeration> {
    const session = await this.session(t, false, signal);
    const p = this.requireOneProject(t, await this.crm(session, t, '', 'GET', projectResponse, undefined, signal));
    return {
      cloud: 'gcp',
      project: { projectId: p.projectId ?? t.projectId, projectNumber: p.projectNumber ?? t.projectNumber, name: p.name ?? '', lifecycleState: p.lifecycleState ?? 'UNKNOWN' },
    };
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the interface is async: Cloudflare's needs a cloud call here
  async prepareConnection(t: Target, _existing: StoredConnection | undefined, _signal: AbortSignal): Promise<PreparedConnection> {
    const ctx = this.context(t);
    return {
      record: {
        project_id: t.projectId,
        project_number: t.projectNumber,
        pool_id: ctx.poolId,
        provider_id: PROVIDER_ID,
        service_account_email: ctx.serviceAccountEmail,
        subject: ctx.subject,
        ...(t.poolProjectId !== undefined && t.poolProjectNumber !== undefined ? { pool_project_id: t.poolProjectId, pool_project_number: t.poolProjectNumber } : {}),
      },
      keyFingerprint: null,
      expiresOn: null,
    };
  }

  auditTarget(t: Target): AuditDetail {
    return { projectId: t.projectId, projectNumber: t.projectNumber, poolId: poolIdFor(t.orgId), subject: subjectFor(t.orgId), ...(t.poolProjectNumber !== undefined ? { poolProjectNumber: t.poolProjectNumber } : {}) };
  }

  describe(stored: StoredConnection): ConnectionDescription {
    return {
      identifier: stored.account,
      label: ((r) => (r ? `project ${r.project_number} · ${r.service_account_email}` : 'damaged record: reconnect'))(tryRecord(RECORD_SCHEMAS.gcp, stored)),
      rotation: 'Nothing to rotate: federated, no key.',
    };
  }

  cleanup(stored: StoredConnection): CleanupStep[] {
    const r = tryRecord(RECORD_SCHEMAS.gcp, stored) ?? { project_number: '<project-number>', pool_id: '<pool-id>', service_account_email: '<service-account>', project_id: '<project-id>', subject: '<subject>', provider_id: '' };
    // A project connected from an organisation or folder shares another project's pool: that one is deleted there.
    const number = r.pool_project_number ?? r.project_number;
    const pool = r.pool_id;
    const sa = shellQuote(r.service_account_email);
    const project = shellQuote(r.project_id);
    const poolProject = shellQuote(r.pool_project_id ?? r.project_id);
    const binding = (title: string): CleanupStep => ({
      title,
      language: 'shell',
      content:
        `gcloud iam service-accounts remove-iam-policy-binding ${sa} --role=roles/iam.workloadIdentityUser \\\n  --member=${shellQuote(subjectMember(number, pool, r.subject))}\n` +
        `# or, if the pool-wide form was used:\n# --member=${shellQuote(poolMember(number, pool))}\n`,
    });
    if (r.pool_project_id !== undefined) {
      // One project of an estate: its roles are inherited and its identity is shared with the others still connected.
      return [
        {
          title: 'Its read roles come from the organisation or folder',
          language: 'shell',
          content:
            `# ${r.project_id} inherits AlphaSwarm's read roles from the organisation or folder they were granted at (step 2).\n` +
            `# To stop AlphaSwarm reading only this project, move it out of that folder, or deny ${r.service_account_email} on it\n` +
            `# with an IAM deny policy. Removing the roles at the organisation or folder stops it reading every project below:\n` +
            GCP_BASELINE_PERMISSIONS.map((p) => `# gcloud resource-manager folders remove-iam-policy-binding <folder-id> --member=${shellQuote(`serviceAccount:${r.service_account_email}`)} --role=${p.role}\n`).join(''),
        },
        binding(`Only once no project of the estate is connected: remove the impersonation binding (whoever administers the service account)`),
        {
          title: `Only once no project of the estate is connected: delete the pool (project ${r.pool_project_id}; deletes its provider too)`,
          language: 'shell',
          content: `gcloud iam workload-identity-pools delete ${shellQuote(pool)} --project=${poolProject} --location=global\n`,
        },
      ];
    }
    return [
      binding('Remove the impersonation binding (whoever administers the service account)'),
      { title: 'Delete the pool (customer project; deletes its provider too)', language: 'shell', content: `gcloud iam workload-identity-pools delete ${shellQuote(pool)} --project=${poolProject} --location=global\n` },
      {
        title: "Remove the service account's roles on the project",
        language: 'shell',
        content: GCP_BASELINE_PERMISSIONS.map((p) => `gcloud projects remove-iam-policy-binding ${project} --member=${shellQuote(`serviceAccount:${r.service_account_email}`)} --role=${p.role}\n`).join(''),
      },
    ];
  }

  forget(orgId: string): void {
    this.sessions.forgetOrg(orgId);
  }

  /**
   * Every project below an organisation or a folder (Resource Manager v3 folders.list and
   * projects.search, every page), signed in through the pool in the project step 2 created it in.
   * Each project's roles are checked later, when it is connected (the connect-many run).
   */
  async projectTree(orgId: string, pool: { projectId: string; projectNumber: string }, parent: string, concurrency: number, signal: AbortSignal): Promise<ProjectTree> {
    // The pool's project as a sharer of its own pool: the connect run that follows reuses this sign-in.
    const t: Target = { cloud: 'gcp', orgId, projectId: pool.projectId, projectNumber: pool.projectNumber, poolProjectId: pool.projectId, poolProjectNumber: pool.projectNumber };
    const session = await this.session(t, false, signal);
    const [kind, number] = parent.split('/') as [string, string];
    const flag = kind === 'organizations' ? `--organization ${number}` : `--folder ${number}`;
    const words = kind === 'organizations' ? `organisation ${number}` : `folder ${number}`;
    const get: CrmGet = async (pathAndQuery, schema) => {
      let body: unknown;
      try {
        const res = await session.client.request({ url: `${this.endpoint('crm')}${pathAndQuery}`, method: 'GET', timeout: this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS'), retry: false, signal });
        body = res.data;
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status;
        if (status === 403 || status === 404) {
          throw new AppError(
            'cloud_denied',
            `Google refused to show ${words} to AlphaSwarm's service account ${this.serviceAccount} (or there is no such ${kind === 'organizations' ? 'organisation' : 'folder'}).`,
            `Check the number (${kind === 'organizations' ? 'gcloud organizations list' : 'gcloud resource-manager folders list'}), then grant the read roles there, roles/browser among them: bootstrap gcp --org ${orgId} ${flag}.`,
            { field: kind === 'organizations' ? 'organizationId' : 'folderId', details: { parent } },
          );
        }
        throw resourceManagerFailure(error, pool.projectId);
      }
      const parsed = z.safeParse(schema, body ?? {});
      if (!parsed.success) {
        throw new AppError('cloud_error', `Cloud Resource Manager answered in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`, 'Retry; if it persists, check ALPHASWARM_ADMIN_GCP_CRM_ENDPOINT (or your proxy).');
      }
      return parsed.data;
    };
    await confirmSameEstate(get, pool, parent);
    const tree = await readProjectTree(get, parent, concurrency, signal);
    for (const [projectId, number] of tree.numbers) this.confirmedShared.add(SessionCache.key(orgId, projectId, number, pool.projectNumber));
    return tree;
  }

  /** A saved connection's project, from its record. */
  protected savedTarget(stored: StoredConnection): Target | AppError {
    const r = tryRecord(RECORD_SCHEMAS.gcp, stored);
    return r
      ? {
          cloud: 'gcp',
          orgId: stored.orgId,
          projectId: r.project_id,
          projectNumber: r.project_number,
          tier: stored.tier ?? DEFAULT_TIER,
          ...(r.pool_project_id !== undefined && r.pool_project_number !== undefined ? { poolProjectId: r.pool_project_id, poolProjectNumber: r.pool_project_number } : {}),
        }
      : damagedRecord();
  }

  protected async signIn(t: Target, _stored: StoredConnection, signal: AbortSignal): Promise<void> {
    await this.session(t, true, signal);
  }

  protected endSession(t: Target): void {
    this.sessions.delete(this.key(t));
  }

  /** After disconnect, the exchange or the impersonation must be refused. */
  protected cleanupWords(t: Target, stored: StoredConnection): CleanupWords {
    const serviceAccount = tryRecord(RECORD_SCHEMAS.gcp, stored)?.service_account_email ?? this.serviceAccount;
    return {
      stillWorks: `Google still lets the org's identity act as ${serviceAccount}: delete the pool or the binding.`,
      refused: (refusal) => `Google now refuses the ${String(refusal.details?.stage ?? 'token exchange')} for ${t.projectId}.`,
    };
  }

  revalidate(stored: StoredConnection, _secret: unknown, signal: AbortSignal): Promise<HealthOutcome> {
    return this.recheckBaseline(stored, signal, (t, s) => this.validatePermissions(t, s), 'binding', 'granted to the service account by a binding on the project');
  }
}
