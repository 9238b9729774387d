import type { Database } from 'better-sqlite3';
import retry from 'retry';
import { AppError } from '../../shared/domain/errors.js';
import type { DeliveryState } from '../../shared/ipc/clouds/common.js';
import type { SendResult } from '../../shared/ipc/platform.js';
import { AuditLog } from '../audit/audit-log.js';
import type { BundleService } from '../bundles/bundle-service.js';
import type { DeviceKey } from '../bundles/device-key.js';
import type { IntegrationStore } from '../credentials/integration-store.js';
import { bundleSha256, verifyReceipt } from '../delivery/verify-receipt.js';
import { JwsRejected } from '../jws/verify-jws.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { currentWriter } from '../platform/process-identity.js';
import type { PinnedKeyStore } from '../profile/pinned-key-store.js';
import type { ProfileService } from '../profile/profile-service.js';
import type { PinnedKey } from '../jws/pinned-keys.js';
import type { Settings } from '../settings.js';
import { type OutboxItem, OutboxStore } from './outbox-store.js';
import type { PlatformApi, SendAnswer } from './platform-api.js';
import { type PlatformAuth, signInChanged } from './platform-auth.js';

/** Longer than one attempt can take (enrol + send, each with a refresh): a crashed holder's lease runs out. */
export const LEASE_MS = 5 * 60_000;
/** Sends in flight at once during a flush: the platform sees a few requests, never a burst of hundreds. */
export const FLUSH_CONCURRENCY = 4;
/** Exponential backoff with jitter (node-retry's createTimeout: ×2 each attempt, randomised ×1–2), 30 s to 1 h. */
const BACKOFF = { factor: 2, minTimeout: 30_000, maxTimeout: 3_600_000, randomize: true } as const;

const RESEND_HINT = 'It stays in the outbox and is retried automatically; send it now with Settings → Platform sign-in and delivery → Send now (CLI: outbox flush).';

/**
 * Delivery to the platform: a push exports the bundle exactly as Export does, writes it to the
 * outbox with its exact bytes, and tries it once; the outbox retries with backoff and on demand.
 * Only a verified receipt makes a connection delivered. Each attempt is audited (`bundle_send`: a
 * pending row first, then succeeded, refused or queued).
 */
export class DeliveryService {
  readonly outbox: OutboxStore;

  constructor(
    private readonly db: Database,
    private readonly bundles: BundleService,
    private readonly integrations: IntegrationStore,
    private readonly auth: PlatformAuth,
    private readonly api: PlatformApi,
    private readonly deviceKey: DeviceKey,
    private readonly pinned: PinnedKeyStore,
    private readonly settings: Settings,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly actor: () => string,
    private readonly logger: Logger,
    private readonly profiles: ProfileService,
  ) {
    this.outbox = new OutboxStore(db);
  }

  /** Pushes and flushes under way in this process: the sign-in may not change under them. */
  private sendsUnderWay = 0;

  sending(): number {
    return this.sendsUnderWay;
  }

  private async whileSending<T>(work: () => Promise<T>): Promise<T> {
    this.sendsUnderWay += 1;
    try {
      return await work();
    } finally {
      this.sendsUnderWay -= 1;
    }
  }

  /**
   * Bundles go to the engineer this laptop's platform profile names, and to no other account: a
   * sign-in someone else approved (the device code read off a shared screen, a window driven by
   * something else) receives nothing, not even the device key's enrolment. Who a sign-in is comes
   * from the profile the platform serves it, verified with a pinned key; learnt once per sign-in.
   */
  private async checkRecipient(signal: AbortSignal): Promise<string | undefined> {
    // Not signed in: the send itself says so, and waits for a sign-in.
    const signIn = this.auth.signedInAs();
    if (!signIn) return undefined;
    const laptop = this.profiles.status().engineer?.email;
    if (!laptop) {
      throw new AppError('precondition_failed', 'This laptop has no platform profile, so nothing says which engineer its bundles may go to: nothing was sent.', 'Import your platform profile (Settings → Platform profile; CLI: settings refresh-profile --otp CODE), then send again. The send stays in the outbox.', {
        details: { reason: 'no_profile' },
      });
    }
    let engineer = signIn.engineer;
    if (engineer === undefined) {
      const served = await this.api.profile(signal, signIn.key);
      engineer = (served !== undefined ? await this.profiles.engineerOf(served) : null) ?? undefined;
      // The answer is about the sign-in it was asked with: if another took its place meanwhile, stop.
      const now = this.auth.signedInAs();
      if (!now || now.issuer !== signIn.issuer || now.key !== signIn.key) throw signInChanged();
      if (engineer !== undefined) this.auth.recordEngineer(signIn, engineer);
    }
    if (engineer?.toLowerCase() !== laptop.toLowerCase()) {
      throw new AppError(
        'precondition_failed',
        `You are signed in to the platform as ${engineer ?? 'an account the platform did not name with a profile this laptop trusts'}, but this laptop's platform profile is for ${laptop}: nothing was sent.`,
        `Sign out, sign in as ${laptop}, then send again; the send stays in the outbox. If you did not sign in as ${engineer ?? 'that account'}, something else is driving the app.`,
        { details: { reason: 'other_engineer', signedInAs: engineer ?? 'unknown', profileFor: laptop } },
      );
    }
    // The enrolment and the send use this sign-in's tokens, or none.
    return signIn.key;
  }

  /** Export the orgs' bundle (as Export does), put it in the outbox, and try to deliver it now. */
  async push(orgIds: readonly string[], signal: AbortSignal): Promise<SendResult> {
    return this.whileSending(() => this.pushNow(orgIds, signal));
  }

  private async pushNow(orgIds: readonly string[], signal: AbortSignal): Promise<SendResult> {
    // Checked before anything is signed: a push with nowhere to go is a configuration error, not a queued send.
    this.auth.baseUrl();
    const exported = await this.bundles.export({ orgIds });
    const now = this.clock.now();
    this.outbox.add(
      { jti: exported.jti, body: exported.bundle, sha256: bundleSha256(exported.bundle), deviceKid: exported.kid, orgIds: [...new Set(exported.carried.map((c) => c.orgId))].sort(), connections: exported.carried },
      now,
      isoAt(this.clock),
    );
    this.markConnections(this.outbox.get(exported.jti)!, 'queued', null);
    return this.attempt(exported.jti, signal);
  }

  /**
   * Try queued sends: all past their Retry-After (on demand), or only those due (the background
   * retry), `concurrency` at a time. The sign-in and the enrolment are settled once first, so the
   * sends do not each refresh the token (a rotating refresh token works once).
   */
  async flush(signal: AbortSignal, onlyDue = false, concurrency = FLUSH_CONCURRENCY): Promise<SendResult[]> {
    return this.whileSending(() => this.flushNow(signal, onlyDue, concurrency));
  }

  private async flushNow(signal: AbortSignal, onlyDue: boolean, concurrency: number): Promise<SendResult[]> {
    const items = this.outbox.ready(this.clock.now(), onlyDue);
    if (items.length === 0) return [];
    if (this.auth.status().signedIn) {
      try {
        await this.auth.accessToken(signal);
        await this.ensureEnrolled(signal, await this.checkRecipient(signal));
      } catch {
        // Each attempt meets the same problem and reports it on its item.
      }
    }
    // Every item's lease and pending row in one commit; the lease covers the whole flush.
    const claimed = this.claim(
      items.map((i) => i.jti),
      LEASE_MS + Math.ceil(items.length / concurrency) * this.settings.int('ALPHASWARM_ADMIN_HTTP_TIMEOUT_MS') * 3,
    );
    const commit = coalescedCommits(this.db);
    // The pinned platform keys, read once for the whole flush.
    const trusted = this.trustedKeys();
    trusted.catch(() => undefined);
    const results: SendResult[] = new Array<SendResult>(claimed.length);
    let next = 0;
    const worker = async () => {
      while (next < claimed.length && !signal.aborted) {
        const i = next++;
        results[i] = await this.sendClaimed(claimed[i]!, signal, commit, trusted);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    } finally {
      // Stopped part-way: what was never tried is let go at once, its pending row closed.
      for (const c of claimed.slice(next)) {
        await commit(() => {
          this.outbox.release(c.item.jti);
          this.audit.append({ actor: this.actor(), orgId: orgOf(c.item), cloud: null, step: 'bundle_send', outcome: 'queued', correlationId: c.correlationId, detail: { ...auditDetail(c.item), reason: 'cancelled' } });
        });
      }
    }
    return results.filter((r): r is SendResult => r !== undefined);
  }

  /** The device key the platform at the configured URL has enrolled, if any. */
  enrolment(kid: string): { enrolled: boolean; enrolledAt: string | null } {
    const url = this.settings.optional('ALPHASWARM_ADMIN_PLATFORM_URL');
    const row = url ? (this.db.prepare('SELECT enrolled_at FROM platform_enrolment WHERE platform_url = ? AND kid = ?').get(url, kid) as { enrolled_at: string } | undefined) : undefined;
    return { enrolled: row !== undefined, enrolledAt: row?.enrolled_at ?? null };
  }

  /** Enrol this device key (PUT /v1/devices/{kid}); idempotent at the platform. */
  async enrol(signal: AbortSignal, signIn?: string): Promise<{ kid: string; enrolledAt: string }> {
    const info = await this.deviceKey.info();
    const done = await this.api.enrol(info.jwk, signal, signIn);
    this.db.prepare('INSERT INTO platform_enrolment (platform_url, kid, enrolled_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET enrolled_at = excluded.enrolled_at').run(this.auth.baseUrl().href.replace(/\/+$/, ''), info.fingerprint, done.enrolledAt);
    return { kid: done.kid, enrolledAt: done.enrolledAt };
  }

  private async ensureEnrolled(signal: AbortSignal, signIn: string | undefined): Promise<void> {
    const info = await this.deviceKey.info();
    if (!this.enrolment(info.fingerprint).enrolled) await this.enrol(signal, signIn);
  }

  /** One attempt at one queued send, audited; what it ended as. */
  private async attempt(jti: string, signal: AbortSignal): Promise<SendResult> {
    const [claimed] = this.claim([jti], LEASE_MS);
    if (!claimed) return this.result(this.outbox.get(jti)!, false);
    return this.sendClaimed(claimed, signal, (write) => {
      this.db.transaction(write).immediate();
      return Promise.resolve();
    });
  }

  /**
   * Take items for an attempt: each one's lease and its pending audit row, all in one transaction
   * (one commit: a crash leaves neither or both). Items another process holds are skipped.
   */
  private claim(jtis: readonly string[], leaseMs: number): Claimed[] {
    return this.db
      .transaction(() => {
        const out: Claimed[] = [];
        for (const jti of jtis) {
          if (!this.outbox.claim(jti, this.clock.now(), leaseMs)) continue;
          const item = this.outbox.get(jti)!;
          const correlationId = AuditLog.correlationId();
          this.audit.append({ actor: this.actor(), orgId: orgOf(item), cloud: null, step: 'bundle_send', outcome: 'pending', correlationId, detail: { ...auditDetail(item), ...currentWriter() } });
          out.push({ item, correlationId });
        }
        return out;
      })
      .immediate();
  }

  /** Send a claimed item and record how it ended (its state and audit row written together by `commit`). */
  private async sendClaimed({ item, correlationId }: Claimed, signal: AbortSignal, commit: Commit, trusted?: Promise<readonly PinnedKey[]>): Promise<SendResult> {
    const jti = item.jti;
    const close = (outcome: 'succeeded' | 'refused' | 'queued' | 'failed', more: Record<string, string | number | boolean | null>, write: () => void) =>
      commit(() => {
        write();
        this.audit.append({ actor: this.actor(), orgId: orgOf(item), cloud: null, step: 'bundle_send', outcome, correlationId, detail: { ...auditDetail(item), ...more } });
      });

    let answer: SendAnswer;
    try {
      answer = await this.sendEnrolled(item, signal);
    } catch (error) {
      if (error instanceof AppError && error.code === 'cancelled') {
        await close('queued', { reason: 'cancelled' }, () => this.outbox.release(jti));
        throw error;
      }
      // Enrolment refused (a revoked key) or an unexpected failure: the send waits, saying why.
      const message = error instanceof Error ? error.message.slice(0, 1000) : 'unknown failure';
      await close('queued', { reason: message }, () => this.queue(item, message, undefined));
      return this.result(this.outbox.get(jti)!, false, error instanceof AppError ? error.hint : RESEND_HINT);
    }

    if (answer.kind === 'retry' || answer.kind === 'not_enrolled') {
      const message = answer.kind === 'retry' ? answer.message : 'The platform still does not know this device key after enrolling it.';
      await close('queued', { reason: message.slice(0, 1000), status: answer.kind === 'retry' ? answer.status : 403 }, () => this.queue(item, message, answer.kind === 'retry' ? answer.retryAfterMs : undefined));
      const hint = answer.kind === 'retry' && answer.hint ? answer.hint : answer.kind === 'retry' && answer.signIn ? 'Sign in (Settings → Platform sign-in and delivery; CLI: platform login), then flush the outbox. Nothing is lost.' : RESEND_HINT;
      return this.result(this.outbox.get(jti)!, false, hint);
    }
    if (answer.kind === 'refused') {
      const reason = `${answer.error}: ${answer.message}`;
      await close('refused', { status: answer.status, error: answer.error, reason: answer.message.slice(0, 1000) }, () => {
        this.outbox.refused(jti, reason, isoAt(this.clock));
        this.markConnections(item, 'refused', reason);
      });
      return this.result(this.outbox.get(jti)!, false, refusalHint(answer.status));
    }

    // A receipt: verified as strictly as a bundle against the pinned platform keys, and about this bundle.
    try {
      const keys = await (trusted ?? this.trustedKeys());
      const verified = await verifyReceipt(answer.text, keys, { body: item.body, jti: item.jti, deviceKid: item.deviceKid, credentialKeys: item.connections.map((c) => c.credentialKey) }, {
        issuer: this.settings.require('ALPHASWARM_ADMIN_PLATFORM_AUDIENCE'),
        nowSec: Math.floor(this.clock.now() / 1000),
      });
      const p = verified.payload;
      const deliveredAt = new Date(p.iat * 1000).toISOString();
      const rejected = new Map(p.rejected.map((r) => [r.credential_key, `${r.reason}: ${r.message}`]));
      await close('succeeded', { receiptJti: p.jti, accepted: p.accepted.length, rejected: p.rejected.length }, () => {
        this.outbox.delivered(jti, p.jti, deliveredAt, isoAt(this.clock));
        this.integrations.setDelivery(
          item.connections.map((c) => ({ cloud: c.cloud, orgId: c.orgId, account: c.account, of: c.updatedAt, state: rejected.has(c.credentialKey) ? 'refused' : 'delivered', reason: rejected.get(c.credentialKey) ?? null })),
          jti,
          { jti: p.jti, at: deliveredAt },
        );
      });
      return this.result(this.outbox.get(jti)!, false, null, rejected);
    } catch (error) {
      if (!(error instanceof JwsRejected)) throw error;
      const message = `The platform's receipt was refused (${error.reason}): ${error.message}`;
      await close('failed', { receipt: 'rejected', reason: error.reason, message: error.message.slice(0, 1000) }, () => this.queue(item, message.slice(0, 1000), undefined));
      return this.result(this.outbox.get(jti)!, true, error.hint);
    }
  }

  private async trustedKeys(): Promise<readonly PinnedKey[]> {
    return (await this.pinned.trust()).keys;
  }

  /** Enrol before the first send; on `device_not_enrolled`, enrol and retry once (§3, §4). */
  private async sendEnrolled(item: OutboxItem, signal: AbortSignal): Promise<SendAnswer> {
    const signIn = await this.checkRecipient(signal);
    if (signIn !== undefined) await this.ensureEnrolled(signal, signIn);
    const first = await this.api.send(item.body, item.jti, signal, signIn);
    if (first.kind !== 'not_enrolled') return first;
    // Enrolling hands this device's key to the signed-in account: checked again, as before the first.
    const again = await this.checkRecipient(signal);
    if (again !== signIn) throw signInChanged();
    await this.enrol(signal, again);
    return this.api.send(item.body, item.jti, signal, again);
  }

  private queue(item: OutboxItem, message: string, retryAfter: number | undefined): void {
    const now = this.clock.now();
    const backoff = retry.createTimeout(Math.max(0, item.attempts - 1), BACKOFF);
    const notBefore = retryAfter !== undefined ? now + retryAfter : 0;
    this.outbox.retryLater(item.jti, message, Math.max(now + backoff, notBefore), notBefore, isoAt(this.clock));
    this.markConnections(item, 'queued', message);
  }

  private markConnections(item: OutboxItem, state: DeliveryState, reason: string | null): void {
    this.integrations.setDelivery(
      item.connections.map((c) => ({ cloud: c.cloud, orgId: c.orgId, account: c.account, of: c.updatedAt, state, reason })),
      item.jti,
    );
  }

  private result(item: OutboxItem, receiptRejected: boolean, hint: string | null = null, rejected = new Map<string, string>()): SendResult {
    const perConnection = (credentialKey: string): { state: DeliveryState; reason: string | null } => {
      if (item.state === 'delivered') return rejected.has(credentialKey) ? { state: 'refused', reason: rejected.get(credentialKey)! } : { state: 'delivered', reason: null };
      if (item.state === 'refused') return { state: 'refused', reason: item.reason };
      return { state: 'queued', reason: item.lastError };
    };
    return {
      jti: item.jti,
      state: item.state,
      attempts: item.attempts,
      receiptJti: item.receiptJti,
      deliveredAt: item.deliveredAt,
      reason: item.state === 'refused' ? item.reason : item.state === 'queued' ? item.lastError : null,
      hint,
      receiptRejected,
      nextAttemptAt: item.state === 'queued' ? new Date(Math.max(item.nextAttemptAt, item.notBefore)).toISOString() : null,
      connections: item.connections.map((c) => ({ credentialKey: c.credentialKey, orgId: c.orgId, cloud: c.cloud, identifier: c.account, ...perConnection(c.credentialKey) })),
    };
  }
}

interface Claimed {
  readonly item: OutboxItem;
  readonly correlationId: string;
}

/** Writes one ending (its state and audit row) durably; resolves once committed. */
type Commit = (write: () => void) => Promise<void>;

/**
 * Endings that arrive together commit together: one fsync for the batch instead of one each. Safe
 * to defer: an ending lost to a crash is a send retried with the same bytes, which the platform
 * answers with the same receipt.
 */
function coalescedCommits(db: Database): Commit {
  let batch: { write: () => void; done: () => void; fail: (e: unknown) => void }[] = [];
  const run = () => {
    const now = batch;
    batch = [];
    try {
      db.transaction(() => {
        for (const b of now) b.write();
      }).immediate();
      for (const b of now) b.done();
    } catch (error) {
      for (const b of now) b.fail(error);
    }
  };
  return (write) =>
    new Promise<void>((done, fail) => {
      batch.push({ write, done, fail });
      if (batch.length === 1) setImmediate(run);
    });
}

/** The org a send's audit rows name: its one org, or none (the detail lists them all). */
function orgOf(item: OutboxItem): string | null {
  return item.orgIds.length === 1 ? item.orgIds[0]! : null;
}

function auditDetail(item: OutboxItem): Record<string, string | number | string[]> {
  return { jti: item.jti, kid: item.deviceKid, sha256: item.sha256, orgs: [...item.orgIds], connections: item.connections.length, attempt: item.attempts };
}

function refusalHint(status: number): string {
  if (status === 413) return 'Send fewer connections at once (one org per push).';
  if (status === 409) return 'The platform already holds a different bundle with this id: report it to the platform team with the bundle id; push again to send a new bundle.';
  if (status === 403) return 'Ask the platform team for the access this needs, then push again.';
  return 'Fix what the platform names, then push again (a new bundle is made).';
}
