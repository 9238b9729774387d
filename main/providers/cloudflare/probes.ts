import type Cloudflare from 'cloudflare';
import type { PermissionCheck } from '../../../shared/ipc/clouds/common.js';
import type { CloudflarePermission } from '../../../shared/domain/cloudflare.js';
import { isDenied } from './errors.js';

export interface ProbeScope {
  readonly accountId: string | undefined;
  readonly zoneId: string | undefined;
  readonly zoneName: string | undefined;
}

type Probe = (cf: Cloudflare, scope: ProbeScope, options: { signal: AbortSignal }) => Promise<unknown>;

/** A read-only call per permission group: what it reads, and what it needs. */
const PROBES: Readonly<Record<string, { needs: 'account' | 'zone' | 'none'; call: Probe }>> = {
  'Zone Read': { needs: 'none', call: (cf, _s, o) => cf.zones.list({ per_page: 5 }, o) },
  'DNS Write': { needs: 'zone', call: (cf, s, o) => cf.dns.records.list({ zone_id: s.zoneId!, per_page: 1 }, o) },
  'Account Settings Read': { needs: 'account', call: (cf, s, o) => cf.accounts.get({ account_id: s.accountId! }, o) },
  'Cloudflare Tunnel Write': { needs: 'account', call: (cf, s, o) => cf.zeroTrust.tunnels.cloudflared.list({ account_id: s.accountId!, per_page: 1 }, o) },
  'Workers R2 Storage Write': { needs: 'account', call: (cf, s, o) => cf.r2.buckets.list({ account_id: s.accountId! }, o) },
  'Access: Apps and Policies Write': { needs: 'account', call: (cf, s, o) => cf.zeroTrust.access.applications.list({ account_id: s.accountId! }, o) },
  'Access: Organizations, Identity Providers, and Groups Read': { needs: 'account', call: (cf, s, o) => cf.zeroTrust.organizations.list({ account_id: s.accountId! }, o) },
  'Workers Scripts Write': { needs: 'account', call: (cf, s, o) => cf.workers.scripts.list({ account_id: s.accountId! }, o) },
  'Workers Routes Write': { needs: 'zone', call: (cf, s, o) => cf.workers.routes.list({ zone_id: s.zoneId! }, o) },
};

/**
 * Without "API Tokens Read" a token cannot read its own policies. Then each permission is probed
 * with a read-only call: a refused read proves it missing; a permitted read proves a Read group,
 * but never a Write group — that stays "could not be verified", never a false green.
 */
export async function probePermission(cf: Cloudflare, permission: CloudflarePermission, scope: ProbeScope, signal: AbortSignal): Promise<PermissionCheck> {
  const probe = PROBES[permission.name];
  const name = `${permission.scope === 'zone' ? 'Zone' : 'Account'} · ${permission.name}`;
  if (!probe) return { name, status: 'unverified', cause: 'No read-only check exists for this permission group.' };
  if (probe.needs === 'account' && !scope.accountId) return { name, status: 'unverified', cause: 'Enter the account id to check this one.' };
  if (probe.needs === 'zone' && !scope.zoneId) return { name, status: 'unverified', cause: 'The token sees no zone to check this against.' };
  try {
    const result = (await probe.call(cf, scope, { signal })) as { result?: unknown[] } | unknown[];
    if (permission.name === 'Zone Read') {
      const zones = Array.isArray(result) ? result : (result).result ?? [];
      return zones.length
        ? { name, status: 'granted', cause: `Lists ${zones.length} zone${zones.length === 1 ? '' : 's'}.` }
        : { name, status: 'unverified', cause: 'The token sees no zones: either none were selected, or it lacks Zone Read.' };
    }
    if (permission.type === 'read') return { name, status: 'granted', cause: 'Checked with a read-only call.' };
    return {
      name,
      status: 'unverified',
      cause: `Reading works${scope.zoneName && probe.needs === 'zone' ? ` on ${scope.zoneName}` : ''}; writing cannot be checked without changing something, so it could not be verified read-only.`,
    };
  } catch (error) {
    if (isDenied(error)) return { name, status: 'missing', cause: 'Even the read-only check was refused.', remedy: `Edit the token in the dashboard and add ${permission.name}.` };
    throw error;
  }
}
