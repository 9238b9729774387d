/**
 * What a Cloudflare token's policies reach, read from the `resources` of each policy as the API
 * returns them (Cloudflare API, "Token policies"): a flat map of resource names to "*", or an
 * account mapped to the zones inside it —
 *   { "com.cloudflare.api.account.zone.<zone id>": "*" }            one zone
 *   { "com.cloudflare.api.account.zone.*": "*" }                    every zone the user can reach
 *   { "com.cloudflare.api.account.<account id>": "*" }              one account (account groups)
 *   { "com.cloudflare.api.account.<account id>": { "com.cloudflare.api.account.zone.*": "*" } }
 *                                                                    every zone of one account
 * An allow policy grants its groups on what it names; a deny policy takes them away again (the
 * dashboard's "Exclude" rows). A name that is not one of these forms reaches nothing.
 */

const ACCOUNT = 'com.cloudflare.api.account.';
const ZONE = 'com.cloudflare.api.account.zone.';

export interface TokenPolicy {
  readonly effect?: string;
  readonly resources?: Readonly<Record<string, unknown>>;
  readonly permission_groups?: readonly { readonly id?: string; readonly name?: string }[];
}

/** A zone as the zones list names it: its id, its name, and the account it belongs to. */
export interface ZoneSeen {
  readonly id: string;
  readonly name: string;
  readonly accountId: string | undefined;
}

export type ResourceScope = 'zone' | 'account' | 'user';

/** The zone id a zone resource name names ("*" for all), or undefined when it names no zone. */
function zoneIdOf(name: string): string | undefined {
  return name.startsWith(ZONE) ? name.slice(ZONE.length) : undefined;
}

/** The account id an account resource name names ("*" for all), or undefined when it names no account. */
function accountIdOf(name: string): string | undefined {
  if (!name.startsWith(ACCOUNT) || name.startsWith(ZONE)) return undefined;
  return name.slice(ACCOUNT.length);
}

const included = (value: unknown): boolean => value === '*';
const nested = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The scope one resource entry grants at: an account holding zones grants at zone scope. */
function entryScope(name: string, value: unknown): ResourceScope {
  if (zoneIdOf(name) !== undefined) return 'zone';
  if (accountIdOf(name) !== undefined) return nested(value) && Object.keys(value).some((k) => zoneIdOf(k) !== undefined) ? 'zone' : 'account';
  return 'user';
}

/** The scopes a policy's resources grant its groups at. */
export function policyScopes(policy: TokenPolicy): Set<ResourceScope> {
  return new Set(Object.entries(policy.resources ?? {}).map(([name, value]) => entryScope(name, value)));
}

/** Whether these resources name the zone: directly, as every zone, or through its account. */
function resourcesReachZone(resources: Readonly<Record<string, unknown>>, zone: ZoneSeen): boolean {
  return Object.entries(resources).some(([name, value]) => {
    const zoneId = zoneIdOf(name);
    if (zoneId !== undefined) return included(value) && (zoneId === '*' || zoneId === zone.id);
    const accountId = accountIdOf(name);
    if (accountId === undefined || !nested(value)) return false;
    if (accountId !== '*' && accountId !== zone.accountId) return false;
    return Object.entries(value).some(([inner, v]) => included(v) && (zoneIdOf(inner) === '*' || zoneIdOf(inner) === zone.id));
  });
}

/** Whether these resources name the account itself (not merely zones inside it). */
function resourcesReachAccount(resources: Readonly<Record<string, unknown>>, accountId: string): boolean {
  return Object.entries(resources).some(([name, value]) => {
    const id = accountIdOf(name);
    return id !== undefined && included(value) && (id === '*' || id === accountId);
  });
}

const holds = (policy: TokenPolicy, groupId: string): boolean => (policy.permission_groups ?? []).some((g) => g.id === groupId);

/** Allowed by some allow policy holding the group, and not taken away by a deny policy holding it. */
function granted(policies: readonly TokenPolicy[], groupId: string, reaches: (resources: Readonly<Record<string, unknown>>) => boolean): boolean {
  const withGroup = policies.filter((p) => holds(p, groupId));
  const allow = withGroup.some((p) => p.effect !== 'deny' && reaches(p.resources ?? {}));
  return allow && !withGroup.some((p) => p.effect === 'deny' && reaches(p.resources ?? {}));
}

/** Whether the token holds the group on this zone. */
export function grantsOnZone(policies: readonly TokenPolicy[], groupId: string, zone: ZoneSeen): boolean {
  return granted(policies, groupId, (r) => resourcesReachZone(r, zone));
}

/** Whether the token holds the group on this account. */
export function grantsOnAccount(policies: readonly TokenPolicy[], groupId: string, accountId: string): boolean {
  return granted(policies, groupId, (r) => resourcesReachAccount(r, accountId));
}

/** Names for a message: up to three, then how many more. */
export function someNames(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}
