/**
 * How the fake decides what a token with explicit policies may do, from Cloudflare's documented
 * policy shape (API reference, "Token policies"; "Create tokens via API"): each policy has an
 * effect, permission groups by id, and resources — `com.cloudflare.api.account.zone.<id|*>: "*"`,
 * `com.cloudflare.api.account.<id|*>: "*"`, or an account mapped to the zones inside it. Written
 * apart from the app's own reader on purpose: the fake must not agree with the app by construction.
 */

export interface FakePolicy {
  readonly id: string;
  readonly effect: 'allow' | 'deny';
  readonly resources: Record<string, '*' | Record<string, '*'>>;
  readonly permission_groups: { id: string; name: string }[];
}

export type Target = { readonly zoneId: string; readonly accountId: string } | { readonly accountId: string };

function matches(resources: FakePolicy['resources'], target: Target): boolean {
  for (const [key, value] of Object.entries(resources)) {
    const parts = key.split('.');
    // com.cloudflare.api.account.zone.<id> → ['com','cloudflare','api','account','zone','<id>']
    if (parts.length === 6 && parts[4] === 'zone' && value === '*') {
      if ('zoneId' in target && (parts[5] === '*' || parts[5] === target.zoneId)) return true;
      continue;
    }
    if (parts.length !== 5 || parts[3] !== 'account') continue;
    const account = parts[4];
    if (account !== '*' && account !== target.accountId) continue;
    if (value === '*') {
      if (!('zoneId' in target)) return true;
      continue;
    }
    if ('zoneId' in target && (value['com.cloudflare.api.account.zone.*'] === '*' || value[`com.cloudflare.api.account.zone.${target.zoneId}`] === '*')) return true;
  }
  return false;
}

/** Allowed when an allow policy with the group names the target and no deny policy with it does. */
export function allows(policies: readonly FakePolicy[], groupId: string, target: Target): boolean {
  const withGroup = policies.filter((p) => p.permission_groups.some((g) => g.id === groupId) && matches(p.resources, target));
  return withGroup.some((p) => p.effect === 'allow') && !withGroup.some((p) => p.effect === 'deny');
}
