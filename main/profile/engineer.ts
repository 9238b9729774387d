import { hostname, userInfo } from 'node:os';
import type { ActiveProfile } from './profile-service.js';

export type Surface = 'app' | 'cli';

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Who is doing it, as audit rows and bundles name them. */
export interface Exporter {
  readonly actor: string;
  /** True when a platform profile names the engineer; false for the OS user, which anyone can set. */
  readonly verified: boolean;
  readonly engineer: { readonly name: string; readonly email: string } | null;
  readonly profileJti: string | null;
}

/**
 * The engineer behind this laptop: the one the platform profile names (verified by the platform's
 * signature), or else the OS user, marked as not verified.
 */
export class EngineerIdentity {
  readonly osUser = `${localUser()}@${hostname()}`;

  constructor(
    private readonly surface: Surface,
    private readonly profile: () => ActiveProfile | undefined,
  ) {}

  current(): Exporter {
    const p = this.profile();
    if (p) return { actor: `${this.surface}:${p.engineer.email}`, verified: true, engineer: { ...p.engineer }, profileJti: p.jti };
    return { actor: `${this.surface}:${this.osUser} (not verified)`, verified: false, engineer: null, profileJti: null };
  }

  actor(): string {
    return this.current().actor;
  }
}
