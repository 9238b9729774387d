import { createHash } from 'node:crypto';
import { ROLE_NAME_MAX } from '../../../shared/domain/aws.js';
import { ROLE_NAME_PLACEHOLDER } from '../../../shared/settings-schema.js';

/**
 * The role name the pattern gives an org. IAM allows 64 characters; when the org id makes the name
 * longer, the org id is replaced by its deterministic short form — its first characters, a hyphen
 * and the first 8 hex digits of SHA-256(org_id) — exactly as long as fits. (With the default
 * pattern that starts for org ids over 46 characters.) A per-org name overrides this.
 */
export function roleNameFromPattern(pattern: string, orgId: string): { name: string; shortened: boolean } {
  const occurrences = pattern.split(ROLE_NAME_PLACEHOLDER).length - 1;
  const full = pattern.split(ROLE_NAME_PLACEHOLDER).join(orgId);
  if (full.length <= ROLE_NAME_MAX || occurrences === 0) return { name: full, shortened: false };
  const fixed = full.length - occurrences * orgId.length;
  const digest = createHash('sha256').update(orgId).digest('hex').slice(0, 8);
  const room = Math.floor((ROLE_NAME_MAX - fixed) / occurrences) - digest.length - 1;
  const head = orgId.slice(0, Math.max(0, room)).replace(/-+$/, '');
  const short = head ? `${head}-${digest}` : digest;
  return { name: pattern.split(ROLE_NAME_PLACEHOLDER).join(short), shortened: true };
}
