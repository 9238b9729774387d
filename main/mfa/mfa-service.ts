import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/domain/errors.js';
import type { MfaStatus } from '../../shared/ipc/mfa.js';
import { SECRET_NAMES, type SecretStore } from '../credentials/secret-store.js';
import { type Clock, isoAt } from '../platform/clock.js';
import type { StepUpGrants } from './step-up.js';
import { matchingTimeStep, newSeed, otpauthUri } from './totp.js';

interface MfaStateRow {
  enrolled_at: string | null;
  last_time_step: number;
  failures: number;
  locked_until_ms: number;
}

/** Failures allowed before the prompt backs off, and how long the back-off grows to. */
const FREE_ATTEMPTS = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export const MFA_ISSUER = 'AlphaSwarm Onboarding';

/**
 * Local step-up MFA: a TOTP seed in the secret store, codes accepted at ±1 step and each only once
 * (the last used time step is persisted, so a restart does not reopen a replay), and a growing
 * back-off after repeated failures.
 */
export class MfaService {
  constructor(
    private readonly db: Database,
    private readonly secrets: SecretStore,
    private readonly grants: StepUpGrants,
    private readonly clock: Clock,
    private readonly label: string,
  ) {}

  private state(): MfaStateRow {
    return this.db.prepare('SELECT enrolled_at, last_time_step, failures, locked_until_ms FROM mfa_state WHERE id = 1').get() as MfaStateRow;
  }

  status(): MfaStatus {
    const s = this.state();
    return {
      enrolled: s.enrolled_at !== null && this.secrets.has(SECRET_NAMES.mfaSeed),
      enrolledAt: s.enrolled_at,
      pendingEnrollment: this.secrets.has(SECRET_NAMES.mfaPendingSeed),
      lockedUntil: s.locked_until_ms > this.clock.now() ? new Date(s.locked_until_ms).toISOString() : null,
      stepUpWindowSeconds: this.grants.windowSeconds,
      grants: this.grants.active(),
    };
  }

  /** A new seed, shown once as a QR code and URI. Replacing an enrolled seed needs a current code. */
  async beginEnrollment(currentCode: string | undefined): Promise<{ otpauthUri: string; qrSvg: string; issuer: string; label: string }> {
    if (this.status().enrolled) {
      if (!currentCode) {
        throw new AppError(
          'step_up_required',
          'Step-up MFA is already set up on this device.',
          'To replace it, enter a code from your current authenticator first.',
        );
      }
      await this.consumeCode(this.secrets.require(SECRET_NAMES.mfaSeed, 'MFA seed'), currentCode);
    }
    const seed = await newSeed();
    this.secrets.put(SECRET_NAMES.mfaPendingSeed, seed);
    const uri = await otpauthUri(seed, MFA_ISSUER, this.label);
    const QRCode = (await import('qrcode')).default;
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return {
      otpauthUri: uri,
      qrSvg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      issuer: MFA_ISSUER,
      label: this.label,
    };
  }

  async confirmEnrollment(code: string): Promise<{ enrolledAt: string }> {
    const pending = this.secrets.read(SECRET_NAMES.mfaPendingSeed);
    if (pending.status !== 'ok') {
      throw new AppError('precondition_failed', 'There is no MFA enrolment waiting for confirmation.', 'Start the enrolment again to get a new QR code.');
    }
    const step = await matchingTimeStep(pending.value, code, this.clock.now() / 1000);
    if (step === undefined) {
      throw new AppError(
        'mfa_invalid',
        'That code does not match the new authenticator entry.',
        "Check the phone's clock is set automatically, scan the QR code again if needed, and enter the code currently shown.",
        { field: 'code' },
      );
    }
    const enrolledAt = isoAt(this.clock);
    this.db.transaction(() => {
      this.secrets.put(SECRET_NAMES.mfaSeed, pending.value);
      this.secrets.delete(SECRET_NAMES.mfaPendingSeed);
      this.db
        .prepare('UPDATE mfa_state SET enrolled_at = ?, last_time_step = ?, failures = 0, locked_until_ms = 0 WHERE id = 1')
        .run(enrolledAt, step);
    })();
    this.grants.revokeAll();
    return { enrolledAt };
  }

  /** Check a code and, when it is good, grant step-up for this org. */
  async verify(orgId: string, code: string): Promise<{ orgId: string; expiresAt: string }> {
    await this.spend(code);
    const expiresAt = this.grants.grant(orgId);
    return { orgId, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Spend a code on one action only (a change to a setting that is a trust decision): no grant
   * window opens, so the code authorises exactly the change main showed.
   */
  async spend(code: string): Promise<void> {
    if (!this.status().enrolled) {
      throw new AppError(
        'mfa_not_enrolled',
        'Step-up MFA is not set up on this device yet.',
        'Set it up once (Settings → Step-up MFA, or "mfa enroll" in the CLI): scan the QR code with an authenticator app.',
      );
    }
    await this.consumeCode(this.secrets.require(SECRET_NAMES.mfaSeed, 'MFA seed'), code);
  }

  /**
   * Spend a code. Matching it against the seed needs no state; deciding whether it wins does, and
   * that decision is one compare-and-set in a single BEGIN IMMEDIATE transaction — so of N
   * processes presenting the same code at once exactly one wins, and every wrong code counts.
   */
  private async consumeCode(seed: string, code: string): Promise<void> {
    const now = this.clock.now();
    const step = await matchingTimeStep(seed, code, now / 1000);
    const verdict = this.decide(step, now);
    if (verdict.kind === 'granted') return;
    if (verdict.kind === 'locked') {
      throw new AppError(
        'mfa_locked',
        'Too many wrong codes: step-up is paused.',
        `Wait until ${new Date(verdict.until).toLocaleTimeString()} and try again with a fresh code.`,
        { details: { lockedUntil: new Date(verdict.until).toISOString() } },
      );
    }
    if (verdict.kind === 'replayed') {
      throw new AppError('mfa_invalid', 'That code was already used.', 'Each code works once: wait for the next code in your authenticator app.', { field: 'code' });
    }
    throw new AppError(
      'mfa_invalid',
      'That code is not valid.',
      verdict.lockMs
        ? `Step-up is paused for ${Math.round(verdict.lockMs / 1000)} seconds after ${verdict.failures} wrong codes.`
        : "Enter the 6 digits your authenticator shows now; if it keeps failing, check the device's clock.",
      { field: 'code' },
    );
  }

  private readonly decide = (step: number | undefined, now: number) =>
    this.db
      .transaction((): { kind: 'granted' } | { kind: 'locked'; until: number } | { kind: 'replayed' } | { kind: 'invalid'; failures: number; lockMs: number } => {
        const s = this.state();
        if (s.locked_until_ms > now) return { kind: 'locked', until: s.locked_until_ms };
        if (step !== undefined && step > s.last_time_step) {
          // Compare-and-set: only the writer that still sees the old step may move it.
          const won = this.db.prepare('UPDATE mfa_state SET last_time_step = ?, failures = 0, locked_until_ms = 0 WHERE id = 1 AND last_time_step = ?').run(step, s.last_time_step);
          if (won.changes === 1) return { kind: 'granted' };
        }
        const failures = s.failures + 1;
        const lockMs = failures >= FREE_ATTEMPTS ? Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS) : 0;
        this.db.prepare('UPDATE mfa_state SET failures = ?, locked_until_ms = ? WHERE id = 1').run(failures, lockMs ? now + lockMs : 0);
        return step !== undefined ? { kind: 'replayed' } : { kind: 'invalid', failures, lockMs };
      })
      .immediate();

  /** Forget the enrolment (the seed could no longer be read): the engineer enrols again. */
  resetEnrollment(): void {
    this.db.transaction(() => {
      this.secrets.delete(SECRET_NAMES.mfaSeed);
      this.secrets.delete(SECRET_NAMES.mfaPendingSeed);
      this.db.prepare('UPDATE mfa_state SET enrolled_at = NULL, failures = 0, locked_until_ms = 0 WHERE id = 1').run();
    }).immediate();
    this.grants.revokeAll();
  }
}
