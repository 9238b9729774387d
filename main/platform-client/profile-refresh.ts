import type { z } from 'zod';
import type { refreshProfile } from '../../shared/ipc/platform.js';
import type { Clock } from '../platform/clock.js';
import type { ImportPlan, ProfileService } from '../profile/profile-service.js';
import type { PlatformApi } from './platform-api.js';
import type { PlatformAuth } from './platform-auth.js';

/** Refresh when signed in and the profile ends within this: the app says so, and does it. */
export const REFRESH_WITHIN_MS = 7 * 86_400_000;

type Refreshed = z.input<typeof refreshProfile.output>;

/** The last refresh the app made on its own, for the window to say (in memory: the audit log keeps them all). */
export interface AutomaticRefresh {
  readonly at: string;
  readonly outcome: 'refreshed' | 'unchanged' | 'failed';
  readonly message: string;
}

/**
 * GET /v1/profile (docs/platform-api.md §6), imported exactly as a file would be: pinned key,
 * I-JSON, issuer, lifetime, settings; a downgrade refused. A profile from the network is never
 * trusted on first use: with no key pinned yet, the import refuses and says how to pin one.
 */
export class ProfileRefresh {
  private automatic: AutomaticRefresh | null = null;

  constructor(
    private readonly api: PlatformApi,
    private readonly auth: PlatformAuth,
    private readonly profiles: ProfileService,
    private readonly clock: Clock,
  ) {}

  /** Whether the profile in use ends within seven days (or there is none) while signed in. */
  due(): boolean {
    if (!this.auth.status().signedIn) return false;
    const active = this.profiles.active();
    return !active || active.exp * 1000 - this.clock.now() <= REFRESH_WITHIN_MS;
  }

  lastAutomatic(): AutomaticRefresh | null {
    return this.automatic;
  }

  noteAutomatic(outcome: AutomaticRefresh['outcome'], message: string): void {
    this.automatic = { at: new Date(this.clock.now()).toISOString(), outcome, message };
  }

  /** `gate`: what an import from a file must pass (the same checks, confirmation and code). */
  async refresh(signal: AbortSignal, gate: (plan: ImportPlan) => Promise<void>): Promise<Refreshed> {
    const text = await this.api.profile(signal);
    if (text === undefined) return { changed: false, jti: null, issuedAt: null, expiresAt: null, message: 'The platform has no profile for you yet; the one in use (if any) stays.' };
    const { inspection } = await this.profiles.import(text, {}, gate);
    return {
      changed: !inspection.alreadyImported,
      jti: inspection.jti,
      issuedAt: inspection.issuedAt,
      expiresAt: inspection.expiresAt,
      message: inspection.alreadyImported ? 'Your profile is already the newest the platform has.' : `Imported your new profile, valid until ${inspection.expiresAt}.`,
    };
  }
}
