import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../audit/canonical.js';
import { type CloudKind, credentialKey, formatCredentialKey } from '../../shared/domain/cloud.js';
import { AppError } from '../../shared/domain/errors.js';
import type { Artifact } from '../../shared/artifacts/artifact.js';
import type { CleanupStep, ConnectionSummary } from '../../shared/ipc/clouds/common.js';
import type { IntegrationStore, StoredConnection } from '../credentials/integration-store.js';
import type { OrgStore } from '../credentials/org-store.js';
import { randomUUID } from 'node:crypto';
import { SECRET_NAMES, type SecretRead, type SecretStore } from '../credentials/secret-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import { CLEANUP_REASON } from '../providers/base.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { WizardSessions } from './wizard-sessions.js';

interface Target {
  readonly cloud: CloudKind;
  readonly orgId: string;
  readonly [field: string]: unknown;
}

/**
 * The inputs that identify what is being connected: everything but the cloud, the org and a
 * secret (a Cloudflare token is sent once and then held by the provider, not resent).
 */
function targetKey(target: Target): string {
  const { cloud: _cloud, orgId: _orgId, token: _token, ...rest } = target;
  return canonicalJson(rest);
}

export function secretNameFor(cloud: CloudKind, orgId: string): string {
  const key = credentialKey(cloud, orgId);
  return SECRET_NAMES.integration(key.integration, key.scope);
}

/**
 * The five steps across clouds: step 2 offline, steps 3–4* read-only, step 5 saves only what
 * steps 3 and 4 proved in this session, atomically.
 */
/** How long a disconnected connection is remembered (in memory only) for "verify cleanup". */
const CLEANUP_WINDOW_MS = 30 * 60_000;

interface RemovedConnection {
  readonly stored: StoredConnection;
  readonly secret: SecretRead | undefined;
  readonly removedAt: number;
}

export class OnboardingService {
  private readonly sessions: WizardSessions;
  private readonly removed = new Map<string, RemovedConnection>();

  constructor(
    private readonly db: Database,
    private readonly providers: ProviderRegistry,
    private readonly orgs: OrgStore,
    private readonly integrations: IntegrationStore,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {
    this.sessions = new WizardSessions(clock);
  }

  bootstrap(input: { cloud: CloudKind; orgId: string }): unknown {
    return this.providers.get(input.cloud).bootstrap(input, this.integrations.get(input.cloud, input.orgId));
  }

  async validateIdentity(target: Target): Promise<unknown> {
    const provider = this.providers.get(target.cloud);
    const key = targetKey(target);
    try {
      const result = await provider.validateIdentity(target);
      this.sessions.identityPassed(target.cloud, target.orgId, key);
      return result;
    } catch (error) {
      this.sessions.identityFailed(target.cloud, target.orgId, key);
      throw error;
    }
  }

  async validatePermissions(target: Target): Promise<{ allGranted: boolean; checks: { status: string }[] }> {
    const result = (await this.providers.get(target.cloud).validatePermissions(target)) as { allGranted: boolean; checks: { status: string }[] };
    // Saving needs nothing missing; a permission that cannot be verified read-only is shown, not blocking.
    this.sessions.permissionsChecked(target.cloud, target.orgId, targetKey(target), !result.checks.some((c) => c.status === 'missing'));
    return result;
  }

  enumerate(target: Target): Promise<unknown> {
    return this.providers.get(target.cloud).enumerate(target);
  }

  async connect(target: Target): Promise<{ connection: ConnectionSummary; followUp: Artifact[]; rotation: { fromFingerprint: string; toFingerprint: string } | null }> {
    const provider = this.providers.get(target.cloud);
    const blocker = this.sessions.saveBlocker(target.cloud, target.orgId, targetKey(target));
    if (blocker) {
      throw new AppError('precondition_failed', `Not saved: ${blocker}.`, 'Run "Validate identity" and "Check permissions" for these values first; both must pass.');
    }
    const prepared = await provider.prepareConnection(target, this.integrations.get(target.cloud, target.orgId));
    const now = isoAt(this.clock);
    const stored: StoredConnection = {
      cloud: target.cloud,
      orgId: target.orgId,
      record: prepared.record,
      keyFingerprint: prepared.keyFingerprint,
      status: 'connected',
      statusReason: null,
      connectedAt: now,
      lastValidatedAt: now,
      expiresOn: prepared.expiresOn,
    };
    // Record and secret land together or not at all.
    this.db.transaction(() => {
      this.orgs.ensure(target.orgId);
      this.integrations.save(stored);
      const name = secretNameFor(target.cloud, target.orgId);
      if (prepared.secret !== undefined) this.secrets.put(name, prepared.secret);
      else this.secrets.delete(name);
    }).immediate();
    this.sessions.clear(target.cloud, target.orgId);
    provider.forget(target.orgId);
    return { connection: this.summarize(stored), followUp: [...(prepared.followUp ?? [])], rotation: prepared.rotation ?? null };
  }

  disconnect(input: { cloud: CloudKind; orgId: string }): { removed: ConnectionSummary; cleanup: CleanupStep[]; cleanupReason: string; cleanupId: string } {
    const provider = this.providers.get(input.cloud);
    const stored = this.integrations.get(input.cloud, input.orgId);
    if (!stored) {
      throw new AppError('not_found', `There is no ${input.cloud} connection for "${input.orgId}".`, 'Nothing to disconnect: check the org and cloud in the connection list.');
    }
    const removed = this.summarize(stored);
    const name = secretNameFor(input.cloud, input.orgId);
    const secret = this.secrets.has(name) ? this.secrets.read(name) : undefined;
    this.db.transaction(() => {
      this.integrations.delete(input.cloud, input.orgId);
      this.secrets.delete(secretNameFor(input.cloud, input.orgId));
    }).immediate();
    provider.forget(input.orgId);
    this.sessions.clear(input.cloud, input.orgId);
    const cleanupId = randomUUID();
    this.pruneRemoved();
    this.removed.set(cleanupId, { stored, secret, removedAt: this.clock.now() });
    return { removed, cleanup: provider.cleanup(stored), cleanupReason: CLEANUP_REASON, cleanupId };
  }

  private pruneRemoved(): void {
    for (const [id, r] of this.removed) if (this.clock.now() - r.removedAt > CLEANUP_WINDOW_MS) this.removed.delete(id);
  }

  /** Read-only: is the vendor side of a just-disconnected connection really gone? */
  async verifyCleanup(input: { orgId: string; cleanupId: string }): Promise<{ cloud: CloudKind; verified: boolean; detail: string; checkedAt: string }> {
    this.pruneRemoved();
    const r = this.removed.get(input.cleanupId);
    if (!r || r.stored.orgId !== input.orgId) {
      throw new AppError('not_found', 'That disconnect is no longer remembered (it is kept in memory for 30 minutes).', 'Check the vendor side by hand with the cleanup commands shown at disconnect.');
    }
    const result = await this.providers.get(r.stored.cloud).verifyCleanup(r.stored, r.secret);
    // Once the vendor side is confirmed gone there is nothing left to check; forget the secret too.
    if (result.verified) this.removed.delete(input.cleanupId);
    return { cloud: r.stored.cloud, ...result, checkedAt: new Date(this.clock.now()).toISOString() };
  }

  list(orgId?: string): { connections: ConnectionSummary[] } {
    return { connections: this.integrations.list(orgId).map((s) => this.summarize(s)) };
  }

  summarize(stored: StoredConnection): ConnectionSummary {
    const description = this.providers.get(stored.cloud).describe(stored);
    const key = credentialKey(stored.cloud, stored.orgId);
    // A failed or incomplete last check outranks what settings alone say (a rotated key, an expiry
    // still ahead); an expired token outranks everything.
    const derived = description.derivedStatus;
    const urgent = stored.status === 'check_failed' || stored.status === 'needs_attention';
    const shown = derived && (!urgent || derived.status === 'expired') ? derived : undefined;
    return {
      cloud: stored.cloud,
      orgId: stored.orgId,
      credentialKey: formatCredentialKey(key),
      identifier: description.identifier,
      label: description.label,
      status: shown?.status ?? stored.status,
      statusReason: shown?.reason ?? stored.statusReason,
      record: { ...stored.record },
      connectedAt: stored.connectedAt,
      lastValidatedAt: stored.lastValidatedAt,
      expiresOn: stored.expiresOn,
      rotation: description.rotation,
      hasSecret: this.secrets.has(SECRET_NAMES.integration(key.integration, key.scope)),
    };
  }
}
