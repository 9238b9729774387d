import type { Clock } from '../platform/clock.js';

interface SessionState {
  readonly targetKey: string;
  identityAt?: number;
  permissionsGranted?: boolean;
}

/** How long a successful check stays good enough to save on. */
const SESSION_TTL_MS = 30 * 60_000;

/**
 * What steps 3 and 4 proved in this session, per (cloud, org), for exactly one set of target
 * inputs. Step 5 may save only what was proved; any change to the inputs starts over.
 */
export class WizardSessions {
  private readonly sessions = new Map<string, SessionState>();

  constructor(private readonly clock: Clock) {}

  private state(cloud: string, orgId: string, targetKey: string): SessionState {
    const key = `${cloud}|${orgId}`;
    const existing = this.sessions.get(key);
    if (existing && existing.targetKey === targetKey) return existing;
    const fresh: SessionState = { targetKey };
    this.sessions.set(key, fresh);
    return fresh;
  }

  identityPassed(cloud: string, orgId: string, targetKey: string): void {
    const s = this.state(cloud, orgId, targetKey);
    s.identityAt = this.clock.now();
    s.permissionsGranted = undefined;
  }

  identityFailed(cloud: string, orgId: string, targetKey: string): void {
    const s = this.state(cloud, orgId, targetKey);
    s.identityAt = undefined;
    s.permissionsGranted = undefined;
  }

  permissionsChecked(cloud: string, orgId: string, targetKey: string, allGranted: boolean): void {
    this.state(cloud, orgId, targetKey).permissionsGranted = allGranted;
  }

  /** Why saving is not allowed yet, or undefined when it is. */
  saveBlocker(cloud: string, orgId: string, targetKey: string): string | undefined {
    const s = this.sessions.get(`${cloud}|${orgId}`);
    if (!s || s.targetKey !== targetKey || s.identityAt === undefined) return 'identity has not been validated for these exact values in this session';
    if (this.clock.now() - s.identityAt > SESSION_TTL_MS) return 'the identity check is more than 30 minutes old';
    if (s.permissionsGranted === undefined) return 'permissions have not been checked yet';
    if (!s.permissionsGranted) return 'the permission check found missing permissions';
    return undefined;
  }

  /**
   * Wizards part-way through: identity proved within the last 30 minutes and not yet saved. A
   * restart would lose that proof (it lives in memory), so an update waits for them.
   */
  inProgress(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.identityAt !== undefined && this.clock.now() - s.identityAt <= SESSION_TTL_MS) n += 1;
    return n;
  }

  clear(cloud: string, orgId: string): void {
    this.sessions.delete(`${cloud}|${orgId}`);
  }
}
