/**
 * How much a connection lets AlphaSwarm read, chosen per connection in step 1 (issue 21):
 * `core` is exactly what AlphaSwarm's own checks and enumeration call, `standard` is the cloud's
 * read-only role (the default, as before tiers), `security-audit` adds the security-posture reads.
 */
export const PERMISSION_TIERS = ['core', 'standard', 'security-audit'] as const;
export type PermissionTier = (typeof PERMISSION_TIERS)[number];

export const DEFAULT_TIER: PermissionTier = 'standard';

export const TIER_LABELS: Readonly<Record<PermissionTier, string>> = {
  core: 'Core: only what AlphaSwarm calls',
  standard: 'Standard: read-only',
  'security-audit': 'Security audit: read-only and security posture',
};

const RANK: Readonly<Record<PermissionTier, number>> = { core: 0, standard: 1, 'security-audit': 2 };

/** Whether `to` grants more than `from` (raising a tier), so only the difference need be applied. */
export function isRaise(from: PermissionTier, to: PermissionTier): boolean {
  return RANK[to] > RANK[from];
}

export function isTier(value: unknown): value is PermissionTier {
  return typeof value === 'string' && (PERMISSION_TIERS as readonly string[]).includes(value);
}

/** The tier a step's target asks for: the clouds with tiers carry `tier`; the others are standard. */
export function tierOf(target: object): PermissionTier {
  const tier = 'tier' in target ? target.tier : undefined;
  return isTier(tier) ? tier : DEFAULT_TIER;
}
