import { type StoredConnection, connectionSecretName } from '../../main/credentials/integration-store.js';
import type { CloudflareWorld } from './cloudflare-env.js';
import { daysFromNow } from './cloudflare-env.js';
import type { Harness } from './harness.js';

/** What connects a record, as the store names it (the account, subscription, project). */
function accountOf(cloud: StoredConnection['cloud'], record: StoredConnection['record']): string {
  const pick = { aws: record.account_id, azure: record.subscription_id, gcp: record.project_id, cloudflare: record.account_id ?? `token-${String(record.token_id)}` }[cloud];
  return String(pick ?? 'unknown').toLowerCase();
}

/** A saved connection as step 5 leaves it, for tests that start from one. */
export function storedConnection(c: Pick<StoredConnection, 'cloud' | 'orgId' | 'record'> & Partial<StoredConnection>): StoredConnection {
  const now = c.connectedAt ?? new Date().toISOString();
  return {
    account: accountOf(c.cloud, c.record),
    primary: true,
    keyFingerprint: null,
    status: 'connected',
    statusReason: null,
    connectedAt: now,
    updatedAt: now,
    lastValidatedAt: now,
    expiresOn: null,
    exportedAt: null,
    exportJti: null,
    ...c,
  };
}

/**
 * A saved Cloudflare connection as step 5 leaves it: the record, and the token in the secret store.
 * `days` is the token's remaining life (null: no expiry); `valid: false` revokes it at once.
 */
export function seedCloudflareConnection(h: Harness, world: CloudflareWorld, orgId: string, days: number | null, valid = true) {
  const token = world.fake.addToken({ permissionGroups: ['Zone Read', 'DNS Write'], ...(days === null ? {} : { expiresOn: daysFromNow(days) }) });
  if (!valid) world.fake.tokens.delete(token.value);
  const now = new Date(h.clock.now()).toISOString();
  h.services.orgs.ensure(orgId);
  const stored = storedConnection({
    cloud: 'cloudflare',
    orgId,
    record: { template: 'dns_edit', token_id: token.id, account_owned: false, account_id: null },
    connectedAt: now,
    expiresOn: token.expiresOn ?? null,
  });
  h.services.integrations.save(stored);
  h.services.secrets.put(connectionSecretName(stored), token.value);
  return token;
}

/** The secret name of an org's (only) Cloudflare connection. */
export function cfSecret(h: Harness, orgId: string): string {
  const [c] = h.services.integrations.forOrgCloud('cloudflare', orgId);
  if (!c) throw new Error(`no Cloudflare connection for ${orgId}`);
  return connectionSecretName(c);
}
