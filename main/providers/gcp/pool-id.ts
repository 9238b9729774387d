import { createHash } from 'node:crypto';
import { POOL_ID_PATTERN } from '../../../shared/domain/gcp.js';

/**
 * The org's workload identity pool id: `alphaswarm-broker-<org_id>` where that is a valid pool id;
 * otherwise (underscores, as in `__platform__`, or more than 14 characters) the deterministic short
 * form `alphaswarm-<first 12 of the org id's letters, digits and hyphens>-<first 8 hex of
 * SHA-256(org_id)>` — at most 32 characters, the same on every machine.
 */
export function poolIdFor(orgId: string): string {
  const preferred = `alphaswarm-broker-${orgId}`;
  if (POOL_ID_PATTERN.test(preferred)) return preferred;
  const slug = orgId.replace(/[^a-z0-9-]+/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 12).replace(/-$/, '');
  const digest = createHash('sha256').update(orgId).digest('hex').slice(0, 8);
  return slug ? `alphaswarm-${slug}-${digest}` : `alphaswarm-${digest}`;
}
