import { z } from 'zod';
import { prettyJson, shellQuote } from '../../shared/artifacts/artifact.js';
import { defineCloud } from '../../shared/clouds/descriptor.js';
import { AppError } from '../../shared/domain/errors.js';
import { orgIdSchema } from '../../shared/ipc/schemas.js';
import { bootstrapOutputBase, permissionsOutputBase } from '../../shared/ipc/clouds/common.js';
import type { StoredConnection } from '../../main/credentials/integration-store.js';
import { type CloudProvider, type PreparedConnection, cancelledError } from '../../main/providers/base.js';
import { parseJson, request } from '../../main/providers/http.js';
import { type CleanupWords, ProviderBase, damagedRecord } from '../../main/providers/provider-base.js';
import type { SecretRead } from '../../main/credentials/secret-store.js';
import type { TestCloud } from '../../main/providers/test-clouds.js';

/**
 * Nimbus: a fifth cloud that exists only in the tests, to prove that a cloud is one module — this
 * descriptor, this contract and this provider, registered with `createServices({ testClouds })`
 * or `runCli(argv, { testClouds })`, and nothing else edited. Its fake is test/fakes/nimbus.
 */
export const nimbusDescriptor = defineCloud({
  kind: 'nimbus',
  label: 'Nimbus Cloud',
  authMethod: 'Federated role trusted for the org (test-only cloud)',
  qualifier: 'tenancy',
  noun: 'Nimbus tenancy',
  secret: null,
  connectMany: false,
  settings: [],
  cli: {
    target: [{ flag: 'tenancy-id', field: 'tenancyId', type: 'string', value: '<id>', missing: 'Missing --tenancy-id <id> (the tenancy the customer created the role in).' }],
    bootstrap: [],
  },
});

const cloud = z.literal('nimbus');
const tenancyId = z.string().regex(/^[a-z0-9-]{3,40}$/, 'A Nimbus tenancy id is 3–40 lowercase letters, digits and dashes.');

/** Nimbus's contract: each step's schema, as every cloud's in shared/ipc/clouds/. */
export const nimbusContract = {
  descriptor: nimbusDescriptor,
  bootstrapInput: z.strictObject({ cloud, orgId: orgIdSchema }),
  bootstrapOutput: z.strictObject({ cloud, ...bootstrapOutputBase, roleName: z.string(), subject: z.string() }),
  targetInput: z.strictObject({ cloud, orgId: orgIdSchema, tenancyId }),
  identityOutput: z.strictObject({ cloud, tenancyId: z.string(), principal: z.string(), checkedAt: z.string() }),
  permissionsOutput: z.strictObject({ cloud, ...permissionsOutputBase }),
  enumerateOutput: z.strictObject({ cloud, buckets: z.array(z.strictObject({ id: z.string(), name: z.string() })) }),
  many: null,
} as const;

type Target = z.output<typeof nimbusContract.targetInput>;
type Saved = { readonly tenancyId: string; readonly roleName: string; readonly subject: string };

/** What AlphaSwarm needs in every tenancy: step 4's baseline. */
export const NIMBUS_BASELINE = ['tenancy.read', 'buckets.list'] as const;

const record = z.object({ tenancy_id: z.string(), role_name: z.string(), subject: z.string(), principal: z.string() });
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const nimbusRoleName = (orgId: string) => `alphaswarm-broker-${orgId}`;
export const nimbusSubject = (orgId: string) => `alphaswarm:org:${orgId}`;

/** Nimbus's provider: steps 2–5 over its API with fetch, every call taking the run's signal. */
export class NimbusProvider
  extends ProviderBase<Saved>
  implements CloudProvider<'nimbus', z.output<typeof nimbusContract.bootstrapInput>, Target, z.input<typeof nimbusContract.bootstrapOutput>, z.input<typeof nimbusContract.identityOutput>, z.input<typeof nimbusContract.permissionsOutput>, z.input<typeof nimbusContract.enumerateOutput>>
{
  readonly kind = 'nimbus';

  constructor(
    private readonly endpoint: string,
    private readonly now: () => Date,
  ) {
    super();
  }

  bootstrap(input: { orgId: string }): z.input<typeof nimbusContract.bootstrapOutput> {
    const roleName = nimbusRoleName(input.orgId);
    const subject = nimbusSubject(input.orgId);
    const policy = { role: roleName, trust: { principal: 'alphaswarm:broker', subject }, allow: [...NIMBUS_BASELINE] };
    return {
      cloud: 'nimbus',
      orgId: input.orgId,
      roleName,
      subject,
      artifacts: [
        { id: 'role', title: 'Role definition', filename: 'nimbus-role.json', language: 'json', content: prettyJson(policy), description: 'The role AlphaSwarm signs in to, trusted for this org only.' },
        {
          id: 'create-role',
          title: 'Create the role',
          filename: 'create-role.sh',
          language: 'shell',
          content: `nimbus iam create-role --tenancy <tenancy-id> --file nimbus-role.json --name ${shellQuote(roleName)}\n`,
          description: "Run in the customer's tenancy.",
        },
      ],
      notes: [{ level: 'info', text: 'Nimbus roles hold no secret: nothing is stored but the tenancy and the role name.' }],
    };
  }

  accountOf(target: Target): string {
    return target.tenancyId;
  }

  knownAccountOf(target: Target): string {
    return target.tenancyId;
  }

  precheck(): void {
    // Nothing local to check: the tenancy id was checked by the contract, and Nimbus needs no setting.
  }

  async validateIdentity(target: Target, signal: AbortSignal) {
    const session = await this.session(this.saved(target), signal);
    return { cloud: 'nimbus' as const, tenancyId: target.tenancyId, principal: session.principal, checkedAt: this.now().toISOString() };
  }

  async validatePermissions(target: Target, signal: AbortSignal) {
    const saved = this.saved(target);
    const session = await this.session(saved, signal);
    const { granted } = z.object({ granted: z.array(z.string()) }).parse(await this.get(saved, session.token, 'permissions', signal));
    const checks = NIMBUS_BASELINE.map((name) =>
      granted.includes(name) ? { name, status: 'granted' as const } : { name, status: 'missing' as const, remedy: `nimbus iam add-permission --role ${saved.roleName} --permission ${name}` },
    );
    return { cloud: 'nimbus' as const, checks, allGranted: checks.every((c) => c.status === 'granted'), remediation: [], checkedAt: this.now().toISOString() };
  }

  async enumerate(target: Target, signal: AbortSignal) {
    const saved = this.saved(target);
    const session = await this.session(saved, signal);
    const { buckets } = z.object({ buckets: z.array(z.object({ id: z.string(), name: z.string() })) }).parse(await this.get(saved, session.token, 'buckets', signal));
    return { cloud: 'nimbus' as const, buckets };
  }

  async prepareConnection(target: Target, _existing: StoredConnection | undefined, signal: AbortSignal): Promise<PreparedConnection> {
    const saved = this.saved(target);
    const { principal } = await this.session(saved, signal);
    return { record: { tenancy_id: saved.tenancyId, role_name: saved.roleName, subject: saved.subject, principal }, keyFingerprint: null, expiresOn: null };
  }

  auditTarget(target: Target) {
    return { tenancyId: target.tenancyId };
  }

  describe(stored: StoredConnection) {
    return { identifier: stored.account, label: `Nimbus tenancy ${stored.account}`, rotation: 'Nothing to rotate: federated, no secret is held.' };
  }

  cleanup(stored: StoredConnection) {
    const r = record.safeParse(stored.record);
    const role = r.success ? r.data.role_name : nimbusRoleName(stored.orgId);
    return [{ title: 'Delete the role', language: 'shell' as const, content: `nimbus iam delete-role --tenancy ${stored.account} --name ${shellQuote(role)}\n` }];
  }

  forget(): void {
    // Every step signs in afresh: no session is kept between calls.
  }

  revalidate(stored: StoredConnection, _secret: SecretRead | undefined, signal: AbortSignal) {
    return this.recheckBaseline(stored, signal, (saved, s) => this.validatePermissions({ cloud: 'nimbus', orgId: stored.orgId, tenancyId: saved.tenancyId }, s));
  }

  protected savedTarget(stored: StoredConnection): Saved | AppError {
    const r = record.safeParse(stored.record);
    return r.success ? { tenancyId: r.data.tenancy_id, roleName: r.data.role_name, subject: r.data.subject } : damagedRecord();
  }

  protected async signIn(saved: Saved, _stored: StoredConnection, signal: AbortSignal): Promise<void> {
    await this.session(saved, signal);
  }

  protected endSession(): void {
    // No session outlives its call.
  }

  protected cleanupWords(saved: Saved): CleanupWords {
    return { stillWorks: `Role ${saved.roleName} still lets AlphaSwarm in: delete it in tenancy ${saved.tenancyId}.`, refused: (e) => `Nimbus now refuses the role: ${e.message}` };
  }

  private saved(target: Target): Saved {
    return { tenancyId: target.tenancyId, roleName: nimbusRoleName(target.orgId), subject: nimbusSubject(target.orgId) };
  }

  private async session(saved: Saved, signal: AbortSignal): Promise<{ token: string; principal: string }> {
    const res = await this.call(`/v1/tenancies/${saved.tenancyId}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: saved.roleName, subject: saved.subject }) }, signal);
    return z.object({ session: z.object({ token: z.string(), principal: z.string() }) }).parse(res).session;
  }

  private get(saved: Saved, token: string, what: 'permissions' | 'buckets', signal: AbortSignal): Promise<unknown> {
    return this.call(`/v1/tenancies/${saved.tenancyId}/${what}`, { method: 'GET', headers: { authorization: `Bearer ${token}` } }, signal);
  }

  /** One call; Nimbus's errors mapped by status and error code, never by message text. */
  private async call(path: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }, signal: AbortSignal): Promise<unknown> {
    let res;
    try {
      res = await request(`${this.endpoint}${path}`, { ...init, timeoutMs: 3000, service: 'Nimbus', endpointSetting: 'the Nimbus endpoint', signal });
    } catch (error) {
      if (signal.aborted) throw cancelledError(signal);
      throw error;
    }
    const body = parseJson(res.text);
    if (res.status >= 200 && res.status < 300) return body;
    const code = errorBody.safeParse(body).data?.error.code;
    if (res.status === 403 && code === 'RoleNotTrusted') {
      throw new AppError('cloud_denied', 'Nimbus refused to let AlphaSwarm sign in: the role does not exist in this tenancy, or does not trust AlphaSwarm for this org.', 'Create the role with the bootstrap artifacts (step 2) in this tenancy, then validate again.');
    }
    if (res.status === 404 && code === 'TenancyNotFound') throw new AppError('cloud_denied', 'Nimbus has no such tenancy.', 'Check the tenancy id in the Nimbus console, then try again.', { field: 'tenancyId' });
    throw new AppError('cloud_error', `Nimbus answered ${res.status}${code ? ` (${code})` : ''}.`, 'Try again; if it persists, check the Nimbus status page.');
  }
}

/** The fifth cloud, ready to register: reached at `endpoint` (its fake). */
export function nimbusCloud(endpoint: string, now: () => Date = () => new Date()): TestCloud {
  return { descriptor: nimbusDescriptor, contract: nimbusContract, provider: new NimbusProvider(endpoint, now) };
}
