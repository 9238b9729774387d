import { PERMISSION_TIERS, type PermissionTier, TIER_LABELS, isTier } from '../../../../shared/domain/tiers.js';
import type { BootstrapOption, TargetValues } from './types.js';

/** The tier chosen in the wizard (default standard, the first choice). */
export function tierOf(values: TargetValues): PermissionTier {
  return isTier(values.tier) ? values.tier : 'standard';
}

/** The payload's tier: only when not the default, so existing payloads stay as they were. */
export function tierPayload(values: TargetValues): { tier?: PermissionTier } {
  const tier = tierOf(values);
  return tier === 'standard' ? {} : { tier };
}

/** The tier choice, standard first (the default), with what each lets AlphaSwarm read in this cloud. */
export function tierOption(help: Readonly<Record<PermissionTier, string>>): BootstrapOption {
  const order: PermissionTier[] = ['standard', ...PERMISSION_TIERS.filter((t) => t !== 'standard')];
  return { name: 'tier', label: 'How much AlphaSwarm may read', choices: order.map((t) => ({ value: t, label: TIER_LABELS[t], help: help[t] })) };
}
