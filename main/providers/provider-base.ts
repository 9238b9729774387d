import { AppError } from '../../shared/domain/errors.js';
import type { PermissionCheck } from '../../shared/ipc/clouds/common.js';
import type { StoredConnection } from '../credentials/integration-store.js';
import type { SecretRead } from '../credentials/secret-store.js';
import { type CleanupCheck, type HealthOutcome, SIGNED_IN, failedCheck, permissionFindings, permissionOutcome } from './base.js';
import type { HealthFindingKind } from '../../shared/domain/health-history.js';
import { DEFAULT_TIER } from '../../shared/domain/tiers.js';

/** What the cleanup check says either way. */
export interface CleanupWords {
  /** The old access still works: what to delete. */
  readonly stillWorks: string;
  /** The cloud now refuses it (the refusal given). */
  readonly refused: (refusal: AppError) => string;
}

/**
 * The lifecycle every provider shares over a saved connection, written once: health (sign in
 * afresh, check again, never throw for a cloud's answer) and cleanup verification (the old access
 * must now be refused). Each cloud says what its saved target is, how it signs in and what its
 * words are; every call carries the run's signal.
 *
 * `Saved`: what a saved connection names (its record, and its secret for a cloud that holds one).
 */
export abstract class ProviderBase<Saved> {
  /** The saved connection's target, or the error that says why it cannot be checked (a damaged record, a missing secret). */
  protected abstract savedTarget(stored: StoredConnection, secret: SecretRead | undefined): Saved | AppError;
  /** Sign in afresh with the saved target, never from a cached session: throws the cloud's refusal. */
  protected abstract signIn(saved: Saved, stored: StoredConnection, signal: AbortSignal): Promise<void>;
  /** Forget what signing in left in memory. */
  protected abstract endSession(saved: Saved, stored: StoredConnection): void;
  protected abstract cleanupWords(saved: Saved, stored: StoredConnection): CleanupWords;

  /** Health's frame: the saved target, then `check`; a refusal or an unreachable cloud is a result, and the session is always dropped. */
  protected async health(stored: StoredConnection, secret: SecretRead | undefined, check: (saved: Saved) => Promise<HealthOutcome>): Promise<HealthOutcome> {
    const saved = this.savedTarget(stored, secret);
    if (saved instanceof AppError) return { status: 'check_failed', reason: saved.message };
    try {
      return await check(saved);
    } catch (error) {
      return failedCheck(error);
    } finally {
      this.endSession(saved, stored);
    }
  }

  /**
   * Health for a federated cloud: sign in afresh, then step 4's check for the connection's saved
   * tier again. What the tier needs and is gone makes it degraded (see permissionOutcome).
   * `kind`/`expected`: how each checked item reads in the history (a role assignment, a binding…).
   */
  protected recheckBaseline(
    stored: StoredConnection,
    signal: AbortSignal,
    recheck: (saved: Saved, signal: AbortSignal) => Promise<{ readonly checks: readonly PermissionCheck[] }>,
    kind: HealthFindingKind = 'action',
    expected = 'granted',
  ): Promise<HealthOutcome> {
    return this.health(stored, undefined, async (saved) => {
      await this.signIn(saved, stored, signal);
      const { checks } = await recheck(saved, signal);
      return permissionOutcome([SIGNED_IN, ...permissionFindings(kind, checks, expected)], `the ${stored.tier ?? DEFAULT_TIER} tier`);
    });
  }

  /**
   * After a disconnect: is the vendor side really gone? Signing in with the old access must now be
   * refused. Throws when that cannot be told (network, 5xx, a damaged record).
   */
  async verifyCleanup(stored: StoredConnection, secret: SecretRead | undefined, signal: AbortSignal): Promise<CleanupCheck> {
    const saved = this.savedTarget(stored, secret);
    if (saved instanceof AppError) throw saved;
    const words = this.cleanupWords(saved, stored);
    try {
      await this.signIn(saved, stored, signal);
      return { verified: false, detail: words.stillWorks };
    } catch (error) {
      if (error instanceof AppError && error.code === 'cloud_denied') return { verified: true, detail: words.refused(error) };
      throw error;
    } finally {
      this.endSession(saved, stored);
    }
  }
}

/** The error for a saved record that cannot be read back. */
export function damagedRecord(reason = 'The saved record is damaged: disconnect it and connect it again.'): AppError {
  return new AppError('bad_request', reason, 'Nothing can be checked for this record.');
}
