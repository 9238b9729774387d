import { describeValue } from '../../shared/domain/describe.js';
import type Cloudflare from 'cloudflare';
import type { z } from 'zod';
import { buildCloudflareBootstrap } from '../../shared/artifacts/cloudflare.js';
import type { AuditDetail } from '../../shared/domain/audit.js';
import { CLOUDFLARE_TEMPLATES, RECOMMENDED_TOKEN_DAYS, templateById } from '../../shared/domain/cloudflare.js';
import { AppError } from '../../shared/domain/errors.js';
import type * as cf from '../../shared/ipc/clouds/cloudflare.js';
import type { CleanupStep, PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { CloudflarePermission } from '../../shared/domain/cloudflare.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Settings } from '../settings.js';
import type { SecretRead } from '../credentials/secret-store.js';
import { RECORD_SCHEMAS, type StoredRecord, tryRecord } from './stored-records.js';
import { type CloudProvider, type ConnectionDescription, type HealthOutcome, type PreparedConnection, SIGNED_IN, permissionFindings, permissionOutcome } from './base.js';
import { type CleanupWords, ProviderBase, damagedRecord } from './provider-base.js';
import { cloudflareFailure, isDenied, tokenRefused } from './cloudflare/errors.js';
import { loadCloudflare } from './cloudflare/sdk.js';
import { SessionCache } from './session-cache.js';
import { probePermission } from './cloudflare/probes.js';
import { type ResourceScope, type TokenPolicy, type ZoneSeen, grantsOnAccount, grantsOnZone, policyScopes, someNames } from './cloudflare/token-resources.js';
import { stripControl } from './scope-tree-read.js';

type BootstrapIn = z.output<typeof cf.cloudflareBootstrapInput>;
type Target = z.output<typeof cf.cloudflareTargetInput>;
type Bootstrap = z.input<typeof cf.cloudflareBootstrapOutput>;
type Identity = z.input<typeof cf.cloudflareIdentityOutput>;
type Permissions = z.input<typeof cf.cloudflarePermissionsOutput>;
type Enumeration = z.input<typeof cf.cloudflareEnumerateOutput>;

const DAY = 86_400_000;
export const EXPIRY_WARNING_DAYS = 14;

interface VerifiedToken {
  readonly token: string;
  readonly tokenId: string;
  readonly accountOwned: boolean;
  readonly accountId: string | undefined;
  readonly expiresOn: string | null;
  /** The accounts the token was seen to reach (step 4*): one of them names a user token's connection. */
  accountsSeen?: readonly string[];
  /** What step 4* listed, by name: a saved connection is named by its account and zones, not its token id. */
  accountNamesSeen?: readonly { readonly id: string; readonly name: string }[];
  zonesSeen?: readonly string[];
}

/** The account's name (when the token reached exactly one, or the one named) and the zones it reaches, as step 4* listed them. */
function namesSeen(v: VerifiedToken): { account_name?: string; zone_names?: string } {
  if (!v.accountNamesSeen || !v.zonesSeen) return {};
  const accountId = v.accountId ?? (v.accountNamesSeen.length === 1 ? v.accountNamesSeen[0]!.id : undefined);
  const name = v.accountNamesSeen.find((a) => a.id === accountId)?.name;
  // Records are flat: zone names (which hold no comma) are kept as one comma-separated string.
  return { ...(name ? { account_name: name } : {}), zone_names: v.zonesSeen.join(',') };
}

/**
 * How a connection reads in every list: its account and zones ("Acme · example.com, shop.example.com"),
 * then the template; a record saved before names were kept falls back to the token id.
 */
function connectionName(r: StoredRecord<'cloudflare'>): string {
  const owned = r.account_owned ? ' (account-owned)' : '';
  if (r.zone_names === undefined) return `${r.template} token${r.account_id ? ` ${r.token_id}` : ''}${owned}`;
  const names = r.zone_names === '' ? [] : r.zone_names.split(',');
  const account = r.account_name ?? r.account_id ?? 'several accounts';
  const zones = names.length === 0 ? 'no zone' : names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more zones`;
  return `${account} · ${zones} · ${r.template} token${owned}`;
}

/** A saved connection's token (decrypted for the check only) and its record. */
interface SavedToken {
  readonly token: string;
  readonly record: StoredRecord<'cloudflare'>;
}

/**
 * The permission groups an allow policy grants, with the scope its resources give them: zones
 * (named one by one, all, or all of an account) or accounts.
 */
function heldGroups(policies: readonly TokenPolicy[]): { id: string; name: string; scope: ResourceScope }[] {
  const out: { id: string; name: string; scope: ResourceScope }[] = [];
  for (const policy of policies.filter((p) => p.effect !== 'deny')) {
    for (const g of policy.permission_groups ?? []) for (const scope of policyScopes(policy)) out.push({ id: g.id ?? '', name: g.name ?? '', scope });
  }
  return out;
}

/** Where the token was seen to reach, for checking each group's resources against it. */
interface ReachSeen {
  /** Every zone the zones list shows the token (empty when it may not list them). */
  readonly zones: readonly ZoneSeen[];
  /** The connection's account: the one named, else the only one the token reaches. */
  readonly account: { readonly id: string; readonly name: string } | undefined;
}

/**
 * A group the token holds, checked against where it was seen to reach: a zone-level group must
 * cover every zone the token lists (step 4* shows them all to the platform), and an account-level
 * group the connection's account. A group held elsewhere only is missing here, naming where.
 */
function resourceCheck(name: string, p: CloudflarePermission, policies: readonly TokenPolicy[], reach: ReachSeen): PermissionCheck {
  if (p.scope === 'zone') {
    const uncovered = reach.zones.filter((z) => !grantsOnZone(policies, p.id, z)).map((z) => stripControl(z.name));
    if (uncovered.length === 0) return { name, status: 'granted' };
    const them = uncovered.length === 1 ? 'it' : 'them';
    const covered = reach.zones.length - uncovered.length;
    return {
      name,
      status: 'missing',
      cause:
        covered === 0
          ? `The token holds ${p.name}, but on none of the ${reach.zones.length === 1 ? 'zone' : `${reach.zones.length} zones`} it lists (${someNames(uncovered)}).`
          : `The token holds ${p.name} on ${covered} of the ${reach.zones.length} zones it lists, not on ${someNames(uncovered)}.`,
      remedy: `Edit the token in the dashboard: add ${someNames(uncovered)} to the zone resources of the policy with ${p.name}, or take ${them} out of the token if AlphaSwarm should not manage ${them}.`,
    };
  }
  if (!reach.account || grantsOnAccount(policies, p.id, reach.account.id)) return { name, status: 'granted' };
  const account = stripControl(reach.account.name) || reach.account.id;
  return {
    name,
    status: 'missing',
    cause: `The token holds ${p.name}, but not on account ${account}: its account resources name other accounts.`,
    remedy: `Edit the token in the dashboard: under Account Resources, include ${account} for ${p.name}.`,
  };
}

/**
 * Cloudflare: a scoped API token, the one customer secret the app holds. It lives in memory for
 * the wizard session, then encrypted in the secret store; it is never returned to any caller.
 */
export class CloudflareProvider extends ProviderBase<SavedToken> implements CloudProvider<'cloudflare', BootstrapIn, Target, Bootstrap, Identity, Permissions, Enumeration> {
  readonly kind = 'cloudflare' as const;
  private readonly sessions: SessionCache<VerifiedToken>;

  constructor(
    private readonly settings: Settings,
    private readonly clock: Clock,
  ) {
    super();
    this.sessions = new SessionCache(clock);
  }

  async client(token: string): Promise<Cloudflare> {
    const base = this.settings.optional('ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE');
    const Sdk = await loadCloudflare();
    return new Sdk({
      apiToken: token,
      // The SDK would otherwise pick Global API credentials up from the environment.
      apiKey: null,
      apiEmail: null,
      userServiceKey: null,
      ...(base ? { baseURL: base } : {}),
      maxRetries: 1,
      timeout: this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS'),
    });
  }

  bootstrap(input: BootstrapIn, _existing: readonly StoredConnection[]): Bootstrap {
    const built = buildCloudflareBootstrap(input.orgId, templateById(input.template ?? 'dns_edit'));
    return {
      ...built,
      artifacts: [...built.artifacts],
      notes: [...built.notes],
      permissionGroups: [...built.permissionGroups],
      templates: CLOUDFLARE_TEMPLATES.map((t) => ({ id: t.id, title: t.title, useFor: t.useFor, permissionCount: t.permissions.length })),
    };
  }

  /** Verify a token: active, already valid, not expired. Shared by step 3 and health checks. */
  async verify(token: string, accountOwned: boolean, accountId: string | undefined, signal: AbortSignal): Promise<{ id: string; status: string; not_before?: string; expires_on?: string }> {
    const client = await this.client(token);
    // The run's signal (Cancel, a health deadline) aborts the request itself: the SDK passes it to fetch.
    const options = { signal };
    let res;
    try {
      res = accountOwned ? await client.accounts.tokens.verify({ account_id: accountId! }, options) : await client.user.tokens.verify(options);
    } catch (error) {
      if (accountOwned && error instanceof (await loadCloudflare()).PermissionDeniedError) {
        throw new AppError('cloud_denied', `This token is not an account-owned token of account ${accountId}.`, 'Check the account id, or untick "account-owned" if it is a user token (created under My Profile).', { field: 'accountId' });
      }
      throw cloudflareFailure(error, 'to verify the token');
    }
    const now = this.clock.now();
    if (res.status === 'expired' || (res.expires_on && Date.parse(res.expires_on) <= now)) {
      throw new AppError('cloud_denied', `This token expired${res.expires_on ? ` on ${res.expires_on}` : ''}.`, 'Roll it (dashboard → API Tokens → Roll) or create a new one, then paste the new value.');
    }
    if (res.status === 'disabled') {
      throw new AppError('cloud_denied', 'This token is disabled in the Cloudflare dashboard.', 'Re-enable it (API Tokens → the token → Enable) or create a new one.');
    }
    if (res.not_before && Date.parse(res.not_before) > now) {
      throw new AppError('cloud_denied', `This token is not valid until ${res.not_before}.`, 'Wait until then, or edit the token\'s start date in the dashboard.');
    }
    if (res.status !== 'active') throw new AppError('cloud_denied', `Cloudflare reports the token as "${describeValue(res.status)}".`, 'Create a new token from step 2.');
    return res;
  }

  expiryWarning(expiresOn: string | null): string | null {
    if (!expiresOn) return `This token never expires: give it an end date ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} days out and roll it before then.`;
    const days = Math.floor((Date.parse(expiresOn) - this.clock.now()) / DAY);
    if (days <= EXPIRY_WARNING_DAYS) return `This token expires in ${Math.max(days, 0)} day${days === 1 ? '' : 's'}: roll it soon.`;
    if (days > RECOMMENDED_TOKEN_DAYS.max) return `This token lives ${days} more days; ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} is recommended.`;
    return null;
  }

  private owned(t: Target): boolean {
    return t.accountOwned === true || (t.token ?? this.sessions.peek(t.orgId)?.token ?? '').startsWith('cfat_');
  }

  /** The token of this wizard session: the one just pasted (verified now), or the one verified earlier. */
  private async verified(t: Target, reverify: boolean, signal: AbortSignal): Promise<VerifiedToken> {
    const existing = this.sessions.peek(t.orgId);
    const token = t.token ?? existing?.token;
    if (!token) {
      throw new AppError('precondition_failed', 'No token has been validated in this session.', 'Paste the token in "Validate identity" first (the CLI reads it from standard input with --token-stdin).', { field: 'token' });
    }
    const accountOwned = this.owned({ ...t, token });
    if (accountOwned && !t.accountId) {
      throw new AppError('bad_request', 'This is an account-owned token: it is verified against its account.', 'Enter the account id (dashboard → account home → Account ID).', { field: 'accountId' });
    }
    if (!reverify && existing && existing.token === token && existing.accountOwned === accountOwned && existing.accountId === t.accountId) return existing;
    const res = await this.verify(token, accountOwned, t.accountId, signal);
    const verified: VerifiedToken = { token, tokenId: res.id, accountOwned, accountId: t.accountId, expiresOn: res.expires_on ?? null };
    this.sessions.set(t.orgId, verified);
    return verified;
  }

  async validateIdentity(t: Target, signal: AbortSignal): Promise<Identity> {
    const v = await this.verified(t, true, signal);
    return {
      cloud: 'cloudflare',
      tokenId: v.tokenId,
      status: 'active',
      accountOwned: v.accountOwned,
      accountId: v.accountId ?? null,
      notBefore: null,
      expiresOn: v.expiresOn,
      expiryWarning: this.expiryWarning(v.expiresOn),
      checkedAt: isoAt(this.clock),
    };
  }

  /**
   * The template's permission groups against the token's (by id and scope), read directly when the
   * token may read itself; otherwise read-only probes. Step 4 and health share it.
   */
  private async permissionChecks(v: VerifiedToken, template: ReturnType<typeof templateById>, signal: AbortSignal): Promise<{ checks: PermissionCheck[]; method: Permissions['method'] }> {
    const options = { signal };
    const cfc = await this.client(v.token);
    let policies: TokenPolicy[] | undefined;
    try {
      const details = v.accountOwned ? await cfc.accounts.tokens.get(v.tokenId, { account_id: v.accountId! }, options) : await cfc.user.tokens.get(v.tokenId, options);
      policies = (details.policies ?? []);
    } catch (error) {
      if (!isDenied(error)) throw cloudflareFailure(error, "to read the token's permissions");
    }
    let checks: PermissionCheck[];
    let method: Permissions['method'];
    if (policies) {
      method = 'token-policies';
      const held = heldGroups(policies);
      const reach = await this.reachSeen(cfc, v, template, signal);
      checks = template.permissions.map((p) => {
        const name = `${p.scope === 'zone' ? 'Zone' : 'Account'} · ${p.name}`;
        if (held.some((g) => g.id === p.id && g.scope === p.scope)) return resourceCheck(name, p, policies, reach);
        // A group of the same name elsewhere is not it: names repeat across scopes, ids do not.
        const lookalike = held.find((g) => g.name === p.name);
        return {
          name,
          status: 'missing',
          cause: lookalike
            ? `The token holds a "${p.name}" group at ${lookalike.scope} scope (id ${lookalike.id}), not the ${p.scope}-level one this template needs (id ${p.id}).`
            : "Not among the token's permission groups.",
          remedy: `Edit the token in the dashboard and add ${p.name} under ${p.scope === 'zone' ? 'Zone' : 'Account'} permissions.`,
        };
      });
    } else {
      method = 'read-only-probes';
      const scope = await this.probeScope(cfc, v, signal);
      checks = [];
      for (const p of template.permissions) {
        try {
          checks.push(await probePermission(cfc, p, scope, signal));
        } catch (error) {
          throw cloudflareFailure(error, `to check ${p.name}`);
        }
      }
    }
    return { checks, method };
  }

  async validatePermissions(t: Target, signal: AbortSignal): Promise<Permissions> {
    const v = await this.verified(t, false, signal);
    const template = templateById(t.template);
    const { checks, method } = await this.permissionChecks(v, template, signal);
    const missing = checks.filter((c) => c.status === 'missing');
    return {
      cloud: 'cloudflare',
      method,
      checks,
      allGranted: checks.every((c) => c.status === 'granted'),
      remediation: missing.length
        ? [{ title: 'Add the missing permissions', language: 'shell', content: `# Dashboard → API Tokens → "${`AlphaSwarm ${t.orgId} (${template.id})`}" → Edit, then add:\n${missing.map((c) => `#   ${c.name}`).join('\n')}\n# or create a new token from step 2's link.\n`, description: 'Editing a token keeps its value; rolling changes it.' }]
        : [],
      checkedAt: isoAt(this.clock),
    };
  }

  /**
   * The zones the token lists (with their accounts) when the template has zone-level groups, and
   * the connection's account when it has account-level ones: what each group's resources must cover.
   */
  private async reachSeen(cfc: Cloudflare, v: VerifiedToken, template: ReturnType<typeof templateById>, signal: AbortSignal): Promise<ReachSeen> {
    const zones: ZoneSeen[] = [];
    if (template.permissions.some((p) => p.scope === 'zone')) {
      try {
        for await (const z of cfc.zones.list({ per_page: 50 }, { signal })) zones.push({ id: z.id, name: z.name, accountId: z.account?.id });
      } catch (error) {
        if (!isDenied(error)) throw cloudflareFailure(error, 'to list zones');
      }
    }
    let account: ReachSeen['account'];
    if (template.permissions.some((p) => p.scope === 'account')) {
      try {
        const listed = await cfc.accounts.list({ per_page: 50 }, { signal });
        const named = v.accountId ? listed.result.find((a) => a.id === v.accountId) : listed.result.length === 1 ? listed.result[0] : undefined;
        account = named ? { id: named.id, name: named.name } : v.accountId ? { id: v.accountId, name: v.accountId } : undefined;
      } catch (error) {
        if (!isDenied(error)) throw cloudflareFailure(error, 'to list accounts');
        account = v.accountId ? { id: v.accountId, name: v.accountId } : undefined;
      }
    }
    return { zones, account };
  }

  private async probeScope(cfc: Cloudflare, v: VerifiedToken, signal: AbortSignal): Promise<{ accountId: string | undefined; zoneId: string | undefined; zoneName: string | undefined }> {
    let accountId = v.accountId;
    if (!accountId) {
      try {
        const accounts = await cfc.accounts.list({ per_page: 2 }, { signal });
        if (accounts.result.length === 1) accountId = accounts.result[0]!.id;
      } catch (error) {
        if (!isDenied(error)) throw cloudflareFailure(error, 'to list accounts');
      }
    }
    let zoneId: string | undefined;
    let zoneName: string | undefined;
    try {
      const zones = await cfc.zones.list({ per_page: 1 }, { signal });
      zoneId = zones.result[0]?.id;
      zoneName = zones.result[0]?.name;
    } catch (error) {
      if (!isDenied(error)) throw cloudflareFailure(error, 'to list zones');
    }
    return { accountId, zoneId, zoneName };
  }

  async enumerate(t: Target, signal: AbortSignal): Promise<Enumeration> {
    const v = await this.verified(t, false, signal);
    const cfc = await this.client(v.token);
    const accounts: Enumeration['accounts'] = [];
    const zones: Enumeration['zones'] = [];
    try {
      for await (const a of cfc.accounts.list({ per_page: 50 }, { signal })) accounts.push({ id: a.id, name: a.name });
    } catch (error) {
      if (!isDenied(error)) throw cloudflareFailure(error, 'to list accounts');
    }
    try {
      for await (const z of cfc.zones.list({ per_page: 50 }, { signal })) zones.push({ id: z.id, name: z.name, status: z.status ?? 'unknown' });
    } catch (error) {
      if (!isDenied(error)) throw cloudflareFailure(error, 'to list zones');
    }
    v.accountsSeen = accounts.map((a) => a.id);
    v.accountNamesSeen = accounts;
    v.zonesSeen = zones.map((z) => z.name);
    return { cloud: 'cloudflare', accounts, zones };
  }

  knownAccountOf(t: Target): string | undefined {
    return t.accountId;
  }

  precheck(_t: Target): void {
    // The token itself is checked by the contract (Global API keys and Origin CA keys are refused there).
  }

  /**
   * The Cloudflare account a connection is for: the one named, else the only account the token
   * reaches; a user token reaching several (or none listed) is named by its token id.
   */
  accountOf(t: Target): string {
    if (t.accountId) return t.accountId;
    const v = this.sessions.peek(t.orgId);
    if (v?.accountsSeen?.length === 1) return v.accountsSeen[0]!;
    return `token-${v?.tokenId ?? 'unverified'}`;
  }

  async prepareConnection(t: Target, _existing: StoredConnection | undefined, signal: AbortSignal): Promise<PreparedConnection> {
    const v = await this.verified(t, false, signal);
    return {
      record: {
        template: t.template,
        token_id: v.tokenId,
        account_owned: v.accountOwned,
        account_id: v.accountId ?? (v.accountsSeen?.length === 1 ? v.accountsSeen[0]! : null),
        ...namesSeen(v),
      },
      keyFingerprint: null,
      expiresOn: v.expiresOn,
      secret: v.token,
    };
  }

  auditTarget(t: Target): AuditDetail {
    // Never the token; its Cloudflare id once known.
    return { template: t.template, accountId: t.accountId ?? null, accountOwned: t.accountOwned ?? false, tokenId: this.sessions.peek(t.orgId)?.tokenId ?? null };
  }

  describe(stored: StoredConnection): ConnectionDescription {
    const record = tryRecord(RECORD_SCHEMAS.cloudflare, stored);
    const accountId = record?.account_id ?? null;
    const identifier = accountId ?? stored.account;
    const label = record ? connectionName(record) : 'damaged record: reconnect';
    const rotation = stored.expiresOn
      ? `Roll the token before ${stored.expiresOn.slice(0, 10)} (every ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} days), then paste the new value.`
      : `The token never expires: give it an end date and roll it every ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} days.`;
    if (stored.expiresOn) {
      const days = Math.floor((Date.parse(stored.expiresOn) - this.clock.now()) / DAY);
      if (days < 0) return { identifier, label, rotation, derivedStatus: { status: 'expired', reason: `The token expired on ${stored.expiresOn}: roll it and paste the new value.` } };
      if (days <= EXPIRY_WARNING_DAYS) return { identifier, label, rotation, derivedStatus: { status: 'expiring', reason: `The token expires in ${days} day${days === 1 ? '' : 's'}: roll it soon.` } };
    }
    return { identifier, label, rotation };
  }

  cleanup(stored: StoredConnection): CleanupStep[] {
    const record = tryRecord(RECORD_SCHEMAS.cloudflare, stored);
    const owned = record?.account_owned === true;
    return [
      {
        title: 'Revoke the token in the Cloudflare dashboard',
        language: 'text',
        content: `${owned ? 'Manage Account' : 'My Profile'} → API Tokens → "AlphaSwarm ${stored.orgId} (${record?.template ?? '…'})" (id ${record?.token_id ?? 'see the dashboard'}) → ⋯ → Delete.\n`,
      },
      { title: 'Open the API Tokens page', language: 'url', content: owned ? 'https://dash.cloudflare.com/?to=/:account/api-tokens\n' : 'https://dash.cloudflare.com/profile/api-tokens\n' },
    ];
  }

  forget(orgId: string): void {
    this.sessions.forgetOrg(orgId);
  }

  /** The stored token and its record; without the token at hand there is nothing to try. */
  protected savedTarget(stored: StoredConnection, secret: SecretRead | undefined): SavedToken | AppError {
    if (!secret || secret.status !== 'ok') return new AppError('secret_missing', 'The removed token is not at hand any more, so it cannot be tried.', 'Check in the dashboard that the token is deleted.');
    const record = tryRecord(RECORD_SCHEMAS.cloudflare, stored);
    return record ? { token: secret.value, record } : damagedRecord();
  }

  protected async signIn(saved: SavedToken, _stored: StoredConnection, signal: AbortSignal): Promise<void> {
    await this.verify(saved.token, saved.record.account_owned, saved.record.account_id ?? undefined, signal);
  }

  protected endSession(): void {
    // Nothing is cached for a saved token: each check verifies it afresh.
  }

  /** After disconnect, the old token must no longer verify. */
  protected cleanupWords(): CleanupWords {
    return { stillWorks: 'The token still works: delete it in the Cloudflare dashboard (API Tokens → the token → Delete).', refused: () => 'Cloudflare no longer accepts the token.' };
  }

  /** Step 3 again, with the stored token: a rolled or revoked token asks for the new value. */
  revalidate(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<HealthOutcome> {
    if (!secret || secret.status !== 'ok') {
      const why = secret?.status === 'unreadable' ? `cannot be read (${secret.reason})` : 'is missing';
      return Promise.resolve({ status: 'check_failed', reason: `The stored token ${why}: paste the token again (Connect → Cloudflare, step 3).` });
    }
    return this.health(stored, secret, async ({ token, record }) => {
      let res;
      try {
        res = await this.verify(token, record.account_owned, record.account_id ?? undefined, signal);
      } catch (error) {
        // Cloudflare's own answer (HTTP 401, or codes 1000/9109) says it no longer knows the token.
        if (tokenRefused(error)) return { status: 'check_failed', reason: 'Cloudflare no longer accepts the stored token: it was rolled or revoked. Paste the new value (Connect → Cloudflare, step 3).' };
        throw error;
      }
      if (res.id !== record.token_id) return { status: 'needs_attention', reason: 'The stored token now verifies as a different token id: re-run the wizard to record it.', findings: [{ ...SIGNED_IN, actual: `verifies as token ${res.id}`, expected: `token ${record.token_id}`, ok: false, cause: 'The stored value now belongs to a different token.', fix: 'Re-run the wizard to record it.' }] };
      const expiry = this.expiryWarning(res.expires_on ?? null);
      // The template's permission groups again: a token edited down since it was saved is degraded.
      const template = CLOUDFLARE_TEMPLATES.find((x) => x.id === record.template);
      if (!template) return { status: 'connected', reason: expiry, findings: [SIGNED_IN] };
      const verified: VerifiedToken = { token, tokenId: res.id, accountOwned: record.account_owned, accountId: record.account_id ?? undefined, expiresOn: res.expires_on ?? null };
      const { checks } = await this.permissionChecks(verified, template, signal);
      const outcome = permissionOutcome([SIGNED_IN, ...permissionFindings('permission_group', checks, 'held by the token')], `the ${template.id} template`);
      return outcome.status === 'connected' ? { ...outcome, reason: expiry } : outcome;
    });
  }
}
