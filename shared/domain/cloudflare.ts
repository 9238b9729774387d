/** A permission group a template needs: its dashboard key, access type, and its name in the API. */
export interface CloudflarePermission {
  /** The permission group's id: names repeat across scopes, ids do not (Cloudflare API, "Permission groups"). */
  readonly id: string;
  readonly key: string;
  readonly type: 'read' | 'edit';
  readonly name: string;
  readonly scope: 'account' | 'zone';
}

export interface CloudflareTemplate {
  readonly id: 'dns_edit' | 'tunnel' | 'access' | 'worker' | 'r2';
  readonly title: string;
  readonly useFor: string;
  readonly permissions: readonly CloudflarePermission[];
  /** Which resources to pick in the dashboard. */
  readonly resources: string;
}

/** Narrowest first: the wizard suggests the first that covers the use case. */
export const CLOUDFLARE_TEMPLATES: readonly CloudflareTemplate[] = [
  {
    id: 'dns_edit',
    title: 'Edit zone DNS',
    useFor: "Managing DNS records in the customer's zones.",
    permissions: [
      { id: 'c8fed203ed3043cba015a93ad1616f1f', key: 'zone', type: 'read', name: 'Zone Read', scope: 'zone' },
      { id: '4755a26eedb94da69e1066d98aa820be', key: 'dns', type: 'edit', name: 'DNS Write', scope: 'zone' },
    ],
    resources: 'Zone Resources: Include → Specific zone → each zone AlphaSwarm manages (avoid "All zones").',
  },
  {
    id: 'tunnel',
    title: 'Cloudflare Tunnel',
    useFor: 'Creating and running Cloudflare Tunnels (cloudflared) in the account.',
    permissions: [
      { id: 'c1fde68c7bcc44588cbb6ddbc16d6480', key: 'account_settings', type: 'read', name: 'Account Settings Read', scope: 'account' },
      { id: 'c07321b023e944ff818fec44d8203567', key: 'argotunnel', type: 'edit', name: 'Cloudflare Tunnel Write', scope: 'account' },
    ],
    resources: 'Account Resources: Include → the customer account only.',
  },
  {
    id: 'r2',
    title: 'R2 storage',
    useFor: 'Reading and writing R2 buckets.',
    permissions: [
      { id: 'c1fde68c7bcc44588cbb6ddbc16d6480', key: 'account_settings', type: 'read', name: 'Account Settings Read', scope: 'account' },
      { id: 'bf7481a1826f439697cb59a20b22293e', key: 'workers_r2', type: 'edit', name: 'Workers R2 Storage Write', scope: 'account' },
    ],
    resources: 'Account Resources: Include → the customer account only.',
  },
  {
    id: 'access',
    title: 'Zero Trust Access',
    useFor: 'Managing Access applications and policies.',
    permissions: [
      { id: '26bc23f853634eb4bff59983b9064fde', key: 'access_acct', type: 'read', name: 'Access: Organizations, Identity Providers, and Groups Read', scope: 'account' },
      { id: '959972745952452f8be2452be8cbb9f2', key: 'access', type: 'edit', name: 'Access: Apps and Policies Write', scope: 'account' },
    ],
    resources: 'Account Resources: Include → the customer account only.',
  },
  {
    id: 'worker',
    title: 'Workers',
    useFor: 'Deploying Workers scripts and their routes.',
    permissions: [
      { id: 'c1fde68c7bcc44588cbb6ddbc16d6480', key: 'account_settings', type: 'read', name: 'Account Settings Read', scope: 'account' },
      { id: 'e086da7e2179491d91ee5f35b3ca210a', key: 'workers_scripts', type: 'edit', name: 'Workers Scripts Write', scope: 'account' },
      { id: '28f4b596e7d643029c524985477ae49a', key: 'workers_routes', type: 'edit', name: 'Workers Routes Write', scope: 'zone' },
    ],
    resources: 'Account Resources: the customer account; Zone Resources: only the zones the Workers route on.',
  },
];

export type CloudflareTemplateId = CloudflareTemplate['id'];
export const CLOUDFLARE_TEMPLATE_IDS = CLOUDFLARE_TEMPLATES.map((t) => t.id) as [CloudflareTemplateId, ...CloudflareTemplateId[]];

export function templateById(id: CloudflareTemplateId): CloudflareTemplate {
  return CLOUDFLARE_TEMPLATES.find((t) => t.id === id)!;
}

/** Cloudflare's advice, and the wizard's: rotate every 60–90 days. */
export const RECOMMENDED_TOKEN_DAYS = { min: 60, max: 90 } as const;

export type CredentialKind =
  | { readonly kind: 'token'; readonly format: 'user' | 'account' | 'legacy' }
  | { readonly kind: 'refused'; readonly what: string; readonly why: string };

/**
 * What a pasted Cloudflare credential is, judged by its shape alone, before anything is sent.
 * Only scoped API tokens are accepted; everything that grants the whole account is refused.
 */
export function classifyCloudflareCredential(raw: string): CredentialKind {
  const value = raw.trim();
  if (value === '') return { kind: 'refused', what: 'nothing', why: 'Paste the API token you created.' };
  if (/\s/.test(value) && /@/.test(value)) {
    return { kind: 'refused', what: 'an email address and key pair', why: 'That is the legacy X-Auth-Email / X-Auth-Key login, which acts as the whole user. Create a scoped API token instead.' };
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@:]+[:\s]/.test(value)) {
    return { kind: 'refused', what: 'an email address and key pair', why: 'That is the legacy X-Auth-Email / X-Auth-Key login, which acts as the whole user. Create a scoped API token instead.' };
  }
  if (/^cfk_/.test(value)) {
    return { kind: 'refused', what: 'a Global API key', why: 'A Global API key (cfk_…) can do everything the user can, in every account. Create a scoped API token instead.' };
  }
  if (/^[0-9a-f]{37}$/.test(value)) {
    return { kind: 'refused', what: 'a Global API key', why: 'A Global API key (37 hex characters) can do everything the user can, in every account. Create a scoped API token instead.' };
  }
  if (/^v1\.0-/.test(value)) {
    return { kind: 'refused', what: 'an Origin CA key', why: 'An Origin CA key (v1.0-…) only issues origin certificates. Create a scoped API token instead.' };
  }
  if (/^cfut_[A-Za-z0-9_-]{20,}$/.test(value)) return { kind: 'token', format: 'user' };
  if (/^cfat_[A-Za-z0-9_-]{20,}$/.test(value)) return { kind: 'token', format: 'account' };
  if (/^[A-Za-z0-9_-]{40}$/.test(value)) return { kind: 'token', format: 'legacy' };
  return { kind: 'refused', what: 'not a Cloudflare API token', why: 'API tokens are 40 characters (or start with cfut_ / cfat_). Copy the token again from the page Cloudflare showed after you created it.' };
}
