import type { Clock } from '../platform/clock.js';

/**
 * Step-up grants: a successful MFA prompt opens a short window for one org. Held in memory only,
 * so a restart (or a new CLI process) always asks again.
 */
export class StepUpGrants {
  private readonly grants = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  get windowSeconds(): number {
    return Math.round(this.windowMs / 1000);
  }

  grant(orgId: string): number {
    const expiresAt = this.clock.now() + this.windowMs;
    this.grants.set(orgId, expiresAt);
    return expiresAt;
  }

  isGranted(orgId: string): boolean {
    const expiresAt = this.grants.get(orgId);
    if (expiresAt === undefined) return false;
    if (expiresAt <= this.clock.now()) {
      this.grants.delete(orgId);
      return false;
    }
    return true;
  }

  active(): { orgId: string; expiresAt: string }[] {
    return [...this.grants.entries()]
      .filter(([orgId]) => this.isGranted(orgId))
      .map(([orgId, at]) => ({ orgId, expiresAt: new Date(at).toISOString() }));
  }

  revokeAll(): void {
    this.grants.clear();
  }
}
