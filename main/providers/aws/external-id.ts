import { createHash, createHmac } from 'node:crypto';

/** External id = lowercase hex HMAC-SHA256(key, "<cloud_kind>:<org_id>"), cloud_kind "aws". */
export function externalIdFor(key: string, orgId: string): string {
  return createHmac('sha256', key).update(`aws:${orgId}`).digest('hex');
}

/** Identifies which key made an external id, without revealing the key; flags a later rotation. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(`alphaswarm-external-id-key:${key}`).digest('hex').slice(0, 16);
}
