import type { CloudflareWorld } from './cloudflare-env.js';
import { daysFromNow } from './cloudflare-env.js';
import type { Harness } from './harness.js';

/**
 * A saved Cloudflare connection as step 5 leaves it: the record, and the token in the secret store.
 * `days` is the token's remaining life (null: no expiry); `valid: false` revokes it at once.
 */
export function seedCloudflareConnection(h: Harness, world: CloudflareWorld, orgId: string, days: number | null, valid = true) {
  const token = world.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], ...(days === null ? {} : { expiresOn: daysFromNow(days) }) });
  if (!valid) world.fake.tokens.delete(token.value);
  const now = new Date(h.clock.now()).toISOString();
  h.services.orgs.ensure(orgId);
  h.services.integrations.save({
    cloud: 'cloudflare',
    orgId,
    record: { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null },
    keyFingerprint: null,
    status: 'connected',
    statusReason: null,
    connectedAt: now,
    lastValidatedAt: now,
    expiresOn: token.expiresOn ?? null,
  });
  h.services.secrets.put(`cloud_cloudflare/org:${orgId}`, token.value);
  return token;
}
