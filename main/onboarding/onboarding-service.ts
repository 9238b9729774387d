import { DEFAULT_TIER, type PermissionTier, TIER_LABELS, isRaise } from '../../shared/domain/tiers.js';
import type { TargetInput } from '../../shared/ipc/cloud-onboarding.js';
import type { AnyBootstrap, AnyEnumeration, AnyIdentity, AnyPermissionsResult, BootstrapArgs } from '../providers/registry.js';
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import { type CloudKind, formatCredentialKey } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';
import type { CleanupItem, CleanupStep, ConnectionSummary, Delivery } from '../../shared/ipc/clouds/common.js';
import type { AuditLog } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical.js';
import { type IntegrationStore, type StoredConnection, connectionSecretName, keyOf } from '../credentials/integration-store.js';
import type { OrgStore } from '../credentials/org-store.js';
import type { SecretStore } from '../credentials/secret-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import { CLEANUP_REASON, type PreparedConnection } from '../providers/base.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { CleanupStore, RemovedConnection } from './cleanup-store.js';
import { WizardSessions } from './wizard-sessions.js';
import { currentWriter } from '../platform/process-identity.js';

type Target = TargetInput;

/** With a connection already there for this org and cloud: keep both, or replace one. */
export type ConnectChoice = { readonly mode: 'add' } | { readonly mode: 'replace'; readonly account: string };

/**
 * The inputs that identify what is being connected: everything but the cloud, the org, a secret
 * (a Cloudflare token is sent once and then held by the provider, not resent) and the choice.
 */
const NOT_IDENTIFYING = new Set(['cloud', 'orgId', 'token', 'choice']);
function targetKey(target: Target): string {
  return canonicalJson(Object.fromEntries(Object.entries(target).filter(([k]) => !NOT_IDENTIFYING.has(k))));
}

export interface Removal {
  readonly removed: ConnectionSummary;
  readonly cleanup: CleanupStep[];
  readonly cleanupReason: string;
  readonly cleanupId: string;
  /** The connection that became primary because the primary was removed. */
  readonly promoted: ConnectionSummary | null;
}

export interface ConnectResult {
  readonly connection: ConnectionSummary;
  readonly followUp: Artifact[];
  readonly rotation: { fromFingerprint: string; toFingerprint: string } | null;
  /** What "replace" removed, with its cleanup still to do. */
  readonly replaced: Removal | null;
  /** True when this account was already connected: it was re-validated and updated. */
  readonly updated: boolean;
}

/** Why a save cannot happen, as the error both the pre-step-up check and the save itself give. */
export function saveBlocked(blocker: string): AppError {
  return new AppError('precondition_failed', `Not saved: ${blocker}.`, 'Run "Validate identity" and "Check permissions" for these values first; both must pass.');
}

/**
 * The five steps across clouds: step 2 offline, steps 3–4* read-only, step 5 saves only what
 * steps 3 and 4 proved in this session, atomically. An org holds many connections per cloud;
 * nothing is ever overwritten without the engineer choosing "add" or "replace".
 */
export class OnboardingService {
  private readonly sessions: WizardSessions;

  constructor(
    private readonly db: Database,
    private readonly providers: ProviderRegistry,
    private readonly orgs: OrgStore,
    private readonly integrations: IntegrationStore,
    private readonly secrets: SecretStore,
    private readonly cleanups: CleanupStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** Whether the platform profile says AlphaSwarm's side of this cloud is done for the org. */
    private readonly platformSideDone: (cloud: CloudKind, orgId: string) => boolean = () => false,
  ) {
    this.sessions = new WizardSessions(clock);
  }

  /** Wizards part-way through (identity proved, not yet saved). */
  wizardsInProgress(): number {
    return this.sessions.inProgress();
  }

  bootstrap(input: BootstrapArgs): AnyBootstrap {
    const bootstrap = this.providers.bootstrap(input, this.integrations.forOrgCloud(input.cloud, input.orgId));
    return this.platformSideDone(input.cloud, input.orgId) ? { ...bootstrap, platformSideDone: true } : bootstrap;
  }

  /** `signal`: the caller's (a closed window, Ctrl-C in the CLI); it reaches every cloud call of the step. */
  async validateIdentity(target: Target, signal: AbortSignal): Promise<AnyIdentity> {
    const key = targetKey(target);
    try {
      const result = await this.providers.target(target).validateIdentity(signal);
      this.sessions.identityPassed(target.cloud, target.orgId, key);
      return result;
    } catch (error) {
      this.sessions.identityFailed(target.cloud, target.orgId, key);
      throw this.namePlatformSide(error, target);
    }
  }

  /**
   * Step 2 hid AlphaSwarm's own part because the profile said it was done: when that part is what
   * failed, say it is the platform team's to fix, not the customer's admin's.
   */
  private namePlatformSide(error: unknown, target: Target): unknown {
    if (!(error instanceof AppError) || error.side !== 'platform' || !this.platformSideDone(target.cloud, target.orgId)) return error;
    const part = target.cloud === 'azure' ? "the federated credential on AlphaSwarm's app" : "the binding on AlphaSwarm's service account";
    return new AppError(
      error.code,
      `AlphaSwarm's side is not in place for ${target.orgId}: your platform profile says the platform team has added ${part}, but the check failed. ${error.message}`,
      `This is AlphaSwarm's to fix, not the customer's: send AlphaSwarm's platform team the values below and ask them to check ${part}. What it needs: ${error.hint} (Step 2 does not show their part because the profile marked it done.) Validate again once they confirm.`,
      { ...(error.details ? { details: { ...error.details } } : {}), ...(error.field ? { field: error.field } : {}), cause: error, side: 'platform' },
    );
  }

  async validatePermissions(target: Target, signal: AbortSignal): Promise<AnyPermissionsResult> {
    const result = await this.providers.target(target).validatePermissions(signal).catch((error: unknown) => {
      throw this.namePlatformSide(error, target);
    });
    // Saving needs nothing missing; a permission that cannot be verified read-only is shown, not blocking.
    this.sessions.permissionsChecked(target.cloud, target.orgId, targetKey(target), !result.checks.some((c) => c.status === 'missing'));
    return result;
  }

  enumerate(target: Target, signal: AbortSignal): Promise<AnyEnumeration> {
    return this.providers.target(target).enumerate(signal).catch((error: unknown) => {
      throw this.namePlatformSide(error, target);
    });
  }

  /** Everything about a target that can be checked locally (settings, the org's external id) before step-up or a cloud call. */
  precheck(target: Target): void {
    this.providers.target(target).precheck();
  }

  /** What connecting these values would do: checked before any cloud call (and before a code is spent). */
  connectCheck(
    target: Target,
    choice: ConnectChoice | undefined,
  ): { account: string | null; action: 'new' | 'update' | 'add' | 'replace'; existing: { account: string; primary: boolean }[]; blocker: string | null } {
    this.precheck(target);
    const existing = this.integrations.forOrgCloud(target.cloud, target.orgId).map((c) => ({ account: c.account, primary: c.primary }));
    // What steps 3 and 4 proved lives in this run only (and for 30 minutes): a draft resumed after a
    // restart must prove them again before saving, which is said before any code is asked for.
    const blocker = this.sessions.saveBlocker(target.cloud, target.orgId, targetKey(target)) ?? null;
    const account = this.providers.target(target).knownAccountOf();
    if (account === undefined) return { account: null, action: existing.length ? (choice?.mode ?? 'add') : 'new', existing, blocker };
    const problem = this.choiceProblem(target.cloud, target.orgId, account, choice);
    if (problem) throw problem;
    const action = existing.length === 0 ? 'new' : existing.some((c) => c.account === account) ? 'update' : choice!.mode;
    return { account, action, existing, blocker };
  }

  /** Why connecting `account` needs a choice first, or undefined. Checked before any cloud call. */
  choiceProblem(cloud: CloudKind, orgId: string, account: string, choice: ConnectChoice | undefined): AppError | undefined {
    const existing = this.integrations.forOrgCloud(cloud, orgId);
    if (existing.length === 0 || existing.some((c) => c.account === account)) return undefined;
    const { noun } = this.providers.descriptor(cloud);
    const names = existing.map((c) => c.account);
    if (!choice) {
      return new AppError(
        'conflict',
        `${orgId} already has ${existing.length === 1 ? `a ${noun} connected (${names[0]})` : `${existing.length} ${noun}s connected (${names.join(', ')})`}; connecting ${account} as well needs a choice. Nothing was changed.`,
        `Add it as another connection (CLI: --add), or replace ${existing.length === 1 ? names[0] : 'one of them'} (CLI: --replace${existing.length === 1 ? '' : ' --replace-account <id>'}), which disconnects it and shows its cleanup.`,
        { details: { existing: names, connecting: account } },
      );
    }
    if (choice.mode === 'replace' && !names.includes(choice.account)) {
      return new AppError('bad_request', `${choice.account} is not one of ${orgId}'s ${noun}s (${names.join(', ')}).`, 'Name the connection to replace exactly as the list shows it.', {
        field: 'choice',
      });
    }
    return undefined;
  }

  async connect(target: Target, choice: ConnectChoice | undefined, actor: string, signal: AbortSignal): Promise<ConnectResult> {
    const provider = this.providers.target(target);
    const blocker = this.sessions.saveBlocker(target.cloud, target.orgId, targetKey(target));
    if (blocker) throw saveBlocked(blocker);
    const account = provider.accountOf();
    const problem = this.choiceProblem(target.cloud, target.orgId, account, choice);
    if (problem) throw problem;
    const existing = this.integrations.get(target.cloud, target.orgId, account);
    const prepared = await provider.prepareConnection(existing, signal);
    const result = this.save(target.cloud, target.orgId, account, prepared, choice, actor);
    this.sessions.clear(target.cloud, target.orgId);
    this.providers.stored(target.cloud).forget(target.orgId);
    return result;
  }

  /**
   * Save a connection whose checks passed (the wizard, or a batch run): update it if this account is
   * already connected, otherwise add it — as primary when it is the org's first for this cloud.
   */
  /**
   * `alongside` runs inside the save's transaction (connect many writes its outcome row there): the
   * record and that row land together, with one disk sync instead of two.
   */
  save(cloud: CloudKind, orgId: string, account: string, prepared: PreparedConnection, choice: ConnectChoice | undefined, actor: string, alongside?: (result: ConnectResult) => void): ConnectResult {
    const now = isoAt(this.clock);
    const existing = this.integrations.get(cloud, orgId, account);
    let replaced: Removal | null = null;
    let stored!: StoredConnection;
    let result!: ConnectResult;
    // Record, secret and (for "replace") the old connection's removal land together or not at all.
    this.db.transaction(() => {
      this.orgs.ensure(orgId);
      if (!existing && choice?.mode === 'replace') replaced = this.remove(cloud, orgId, choice.account, actor, 'replace');
      const primary = existing?.primary ?? (!this.integrations.hasOther(cloud, orgId, account) || (replaced !== null && (replaced).removed.primary));
      stored = {
        cloud,
        orgId,
        account,
        primary,
        record: prepared.record,
        keyFingerprint: prepared.keyFingerprint,
        status: 'connected',
        statusReason: null,
        connectedAt: existing?.connectedAt ?? now,
        updatedAt: existing && canonicalJson(existing.record) === canonicalJson(prepared.record) && existing.keyFingerprint === prepared.keyFingerprint && (existing.tier ?? DEFAULT_TIER) === (prepared.tier ?? DEFAULT_TIER) ? existing.updatedAt : now,
        lastValidatedAt: now,
        expiresOn: prepared.expiresOn,
        exportedAt: existing?.exportedAt ?? null,
        exportJti: existing?.exportJti ?? null,
        tier: prepared.tier ?? DEFAULT_TIER,
      };
      if (primary && !existing) {
        // The replaced primary's promoted successor steps back for the new one.
        const current = this.integrations.primary(cloud, orgId);
        if (current) this.integrations.save({ ...current, primary: false, updatedAt: now });
      }
      this.integrations.save(stored);
      const name = connectionSecretName(stored);
      if (prepared.secret !== undefined) this.secrets.put(name, prepared.secret);
      else this.secrets.delete(name);
      result = {
        connection: this.summarize(stored),
        followUp: [...(prepared.followUp ?? [])],
        rotation: prepared.rotation ?? null,
        replaced,
        updated: existing !== undefined,
      };
      alongside?.(result);
    }).immediate();
    return result;
  }

  /** Resolve which connection a disconnect (or re-check) means: named, or the only one. */
  /**
   * Raising a saved connection's tier: the artifacts of only what the higher tier adds, for the
   * account as saved (its partition, subscription or project). The record keeps its tier until the
   * connection is checked and saved again with the new one.
   */
  raiseTier(input: { cloud: 'aws' | 'azure' | 'gcp'; orgId: string; account?: string | undefined; tier: PermissionTier }): { account: string; from: PermissionTier; to: PermissionTier; bootstrap: AnyBootstrap } {
    const stored = this.resolveAccount(input.cloud, input.orgId, input.account);
    const from = stored.tier ?? DEFAULT_TIER;
    if (!isRaise(from, input.tier)) {
      throw new AppError(
        'bad_request',
        `${stored.account} is at ${TIER_LABELS[from]}; ${input.tier} ${from === input.tier ? 'is the same tier' : 'is lower'}, so there is nothing to add.`,
        'To lower a tier, remove what it no longer needs in the cloud and connect again with the lower --tier.',
        { field: 'tier' },
      );
    }
    const r = stored.record;
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const common = { orgId: input.orgId, tier: input.tier, fromTier: from };
    const args: BootstrapArgs =
      input.cloud === 'aws'
        ? { cloud: 'aws', ...common, ...(text(r.partition) === 'aws-us-gov' || text(r.partition) === 'aws-cn' ? { partition: text(r.partition) as 'aws-us-gov' | 'aws-cn' } : {}) }
        : input.cloud === 'azure'
          ? { cloud: 'azure', ...common, tenantId: text(r.tenant_id), subscriptionId: text(r.subscription_id) }
          : { cloud: 'gcp', ...common, projectId: text(r.project_id), projectNumber: text(r.project_number) };
    return { account: stored.account, from, to: input.tier, bootstrap: this.bootstrap(args) };
  }

  resolveAccount(cloud: CloudKind, orgId: string, account: string | undefined): StoredConnection {
    const all = this.integrations.forOrgCloud(cloud, orgId);
    const { label, noun } = this.providers.descriptor(cloud);
    if (all.length === 0) {
      throw new AppError('not_found', `There is no ${label} connection for "${orgId}".`, 'Check the org and cloud in the connection list.');
    }
    if (account === undefined) {
      if (all.length === 1) return all[0]!;
      throw new AppError('bad_request', `${orgId} has ${all.length} ${noun}s connected (${all.map((c) => c.account).join(', ')}): name the one you mean.`, 'Pass --account <id> (in the app, use the row\'s own button).', {
        field: 'account',
        details: { accounts: all.map((c) => c.account) },
      });
    }
    const found = all.find((c) => c.account === account);
    if (!found) throw new AppError('not_found', `${orgId} has no ${noun} ${account} connected (it has ${all.map((c) => c.account).join(', ')}).`, 'Check the id in the connection list.', { field: 'account' });
    return found;
  }

  disconnect(input: { cloud: CloudKind; orgId: string; account?: string | undefined }, actor: string): Removal {
    return this.db.transaction(() => this.remove(input.cloud, input.orgId, input.account, actor, null)).immediate();
  }

  /**
   * Drop a connection and its secret, and open a cleanup item (the old secret is kept, encrypted,
   * only so "verify cleanup" can prove it is refused). `via` is set when another flow (replace)
   * removes it: that flow's audit row is not this one's, so this writes its own. The account is
   * resolved here, inside the caller's transaction (no account: the org's only one).
   */
  private remove(cloud: CloudKind, orgId: string, account: string | undefined, actor: string, via: 'replace' | null): Removal {
    const provider = this.providers.stored(cloud);
    const stored = this.resolveAccount(cloud, orgId, account);
    const removed = this.summarize(stored);
    const correlationId = via ? randomUUID() : null;
    if (via) this.audit.append({ actor, orgId, cloud, step: 'disconnect', outcome: 'pending', correlationId, detail: { credentialKey: removed.credentialKey, identifier: removed.identifier, via, ...currentWriter() } });
    const now = isoAt(this.clock);
    const secretName = connectionSecretName(stored);
    const secret = this.secrets.has(secretName) ? this.secrets.read(secretName) : undefined;
    const cleanup = provider.cleanup(stored);
    const cleanupId = randomUUID();
    const { promoted } = this.integrations.delete(cloud, orgId, stored.account, now);
    this.secrets.delete(secretName);
    if (secret?.status === 'ok') this.secrets.put(cleanupSecretName(cleanupId), secret.value);
    this.cleanups.add(cleanupId, stored, removed, cleanup, now);
    provider.forget(orgId);
    this.sessions.clear(cloud, orgId);
    if (via) {
      this.audit.append({ actor, orgId, cloud, step: 'disconnect', outcome: 'succeeded', correlationId, detail: { credentialKey: removed.credentialKey, identifier: removed.identifier, via, cleanupId } });
    }
    return { removed, cleanup, cleanupReason: CLEANUP_REASON, cleanupId, promoted: promoted ? this.summarize(promoted) : null };
  }

  primaryOf(cloud: CloudKind, orgId: string): StoredConnection | undefined {
    return this.integrations.primary(cloud, orgId);
  }

  makePrimary(input: { cloud: CloudKind; orgId: string; account: string }): ConnectionSummary {
    const stored = this.resolveAccount(input.cloud, input.orgId, input.account);
    if (!stored.primary) this.db.transaction(() => this.integrations.makePrimary(input.cloud, input.orgId, input.account, isoAt(this.clock))).immediate();
    return this.summarize(this.integrations.get(input.cloud, input.orgId, input.account)!);
  }

  cleanupItems(filter: { orgId?: string; includeClosed?: boolean }): CleanupItem[] {
    return this.cleanups.list(filter);
  }

  /** A cleanup item that is still to verify, or the error that says why it is not. */
  pendingCleanup(orgId: string, cleanupId: string): CleanupItem {
    return this.pending(orgId, cleanupId).item;
  }

  /** The pending item with the connection it removed (checked again here: another process may have closed it). */
  private pending(orgId: string, cleanupId: string): RemovedConnection {
    const found = this.cleanups.get(cleanupId);
    if (!found || found.item.orgId !== orgId) throw new AppError('not_found', `There is no cleanup item ${cleanupId} for "${orgId}".`, 'Open the org page or "cleanup list" to see what is still to verify.');
    if (found.item.status !== 'pending') throw new AppError('precondition_failed', `That cleanup was already ${found.item.status} (${found.item.closedAt}).`, 'Nothing left to do for it.');
    return found;
  }

  /** Read-only: is the vendor side of a disconnected connection really gone? Kept until it is. */
  async verifyCleanup(input: { orgId: string; cleanupId: string }, signal: AbortSignal): Promise<{ cloud: CloudKind; verified: boolean; detail: string; checkedAt: string; item: CleanupItem }> {
    const found = this.pending(input.orgId, input.cleanupId);
    const secret = this.secrets.has(cleanupSecretName(input.cleanupId)) ? this.secrets.read(cleanupSecretName(input.cleanupId)) : undefined;
    const result = await this.providers.stored(found.stored.cloud).verifyCleanup(found.stored, secret, signal);
    const checkedAt = isoAt(this.clock);
    this.db.transaction(() => {
      this.cleanups.checked(input.cleanupId, checkedAt, result.verified, result.detail);
      // Once the vendor side is confirmed gone there is nothing left to check; forget the secret too.
      if (result.verified) this.secrets.delete(cleanupSecretName(input.cleanupId));
    }).immediate();
    return { cloud: found.stored.cloud, ...result, checkedAt, item: this.cleanups.get(input.cleanupId)!.item };
  }

  dismissCleanup(input: { orgId: string; cleanupId: string; reason: string }): CleanupItem {
    this.pending(input.orgId, input.cleanupId);
    this.db.transaction(() => {
      this.cleanups.dismiss(input.cleanupId, isoAt(this.clock), input.reason);
      this.secrets.delete(cleanupSecretName(input.cleanupId));
    }).immediate();
    return this.cleanups.get(input.cleanupId)!.item;
  }

  list(orgId?: string): { connections: ConnectionSummary[] } {
    return { connections: this.integrations.list(orgId).map((s) => this.summarize(s)) };
  }

  summarize(stored: StoredConnection): ConnectionSummary {
    const description = this.providers.stored(stored.cloud).describe(stored);
    // A failed or incomplete last check outranks what settings alone say (a rotated key, an expiry
    // still ahead); an expired token outranks everything.
    const derived = description.derivedStatus;
    const urgent = stored.status === 'check_failed' || stored.status === 'needs_attention' || stored.status === 'degraded' || stored.status === 'drifted';
    // A rotation follows from settings and the profile alone: one a health run stored is over once they no longer say so.
    const settled = stored.status === 'rotated_key' && derived?.status !== 'rotated_key' ? { status: 'connected' as const, reason: null } : undefined;
    const shown = derived && (!urgent || derived.status === 'expired') ? derived : settled;
    return {
      cloud: stored.cloud,
      orgId: stored.orgId,
      credentialKey: formatCredentialKey(keyOf(stored)),
      primary: stored.primary,
      identifier: description.identifier,
      label: description.label,
      status: shown?.status ?? stored.status,
      statusReason: shown ? shown.reason : stored.statusReason,
      record: { ...stored.record },
      connectedAt: stored.connectedAt,
      updatedAt: stored.updatedAt,
      lastValidatedAt: stored.lastValidatedAt,
      expiresOn: stored.expiresOn,
      rotation: description.rotation,
      hasSecret: this.secrets.has(connectionSecretName(stored)),
      exportedAt: stored.exportedAt,
      exportJti: stored.exportJti,
      tier: stored.tier ?? DEFAULT_TIER,
      delivery: deliveryOf(stored),
    };
  }
}

export function cleanupSecretName(cleanupId: string): string {
  return `cleanup/${cleanupId}`;
}

/** The delivery state of the connection as it is now: a state about an earlier version is "not sent". */
function deliveryOf(stored: StoredConnection): Delivery {
  const d = stored.delivery;
  if (!d || d.state === 'not_sent' || d.of !== stored.updatedAt) return { state: 'not_sent', receiptJti: null, deliveredAt: null, reason: null };
  return { state: d.state, receiptJti: d.receiptJti, deliveredAt: d.deliveredAt, reason: d.reason };
}
