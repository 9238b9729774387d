import { type KeyObject, createHash, createHmac, createSecretKey } from 'node:crypto';

// One key is in use at a time; a pack of hundreds of orgs should not import it or hash it per org.
let lastKey: { readonly text: string; readonly object: KeyObject; readonly fingerprint: string } | undefined;

function keyEntry(key: string) {
  if (lastKey?.text !== key) {
    lastKey = {
      text: key,
      object: createSecretKey(Buffer.from(key, 'utf8')),
      fingerprint: createHash('sha256').update(`alphaswarm-external-id-key:${key}`).digest('hex').slice(0, 16),
    };
  }
  return lastKey;
}

/** External id = lowercase hex HMAC-SHA256(key, "<cloud_kind>:<org_id>"), cloud_kind "aws". */
export function externalIdFor(key: string, orgId: string): string {
  return createHmac('sha256', keyEntry(key).object).update(`aws:${orgId}`).digest('hex');
}

/** Identifies which key made an external id, without revealing the key; flags a later rotation. */
export function keyFingerprint(key: string): string {
  return keyEntry(key).fingerprint;
}
