import { defineCloud } from './descriptor.js';
import type { SettingDefFor } from '../setting-def.js';
import { httpUrl } from '../setting-checks.js';

export const cloudflareCloud = defineCloud({
  kind: 'cloudflare',
  label: 'Cloudflare',
  authMethod: 'Scoped API token (encrypted at rest)',
  qualifier: 'account',
  noun: 'Cloudflare account',
  // The scoped API token: the one customer secret the app holds.
  secret: { noun: 'token' },
  connectMany: false,
  settings: [
    { name: 'ALPHASWARM_ADMIN_CLOUDFLARE_API_BASE', class: 'secret-endpoint', label: 'Cloudflare API base', purpose: 'the Cloudflare API base URL (with /client/v4)', cloud: 'cloudflare', group: 'endpoint', required: false, secret: false, problem: httpUrl },
  ] satisfies readonly SettingDefFor<string>[],
  cli: {
    target: [
      { flag: 'template', field: 'template', type: 'string', value: '<t>', missing: 'Missing --template <dns_edit|tunnel|access|worker|r2>.' },
      { flag: 'token-stdin', field: 'token', type: 'stdin', missing: 'Pass the token on standard input with --token-stdin, e.g. pbpaste | alphaswarm-onboard … --token-stdin.' },
      { flag: 'account-id', field: 'accountId', type: 'string', value: '<id>' },
      { flag: 'account-owned', field: 'accountOwned', type: 'boolean' },
    ],
    bootstrap: [{ flag: 'template', field: 'template', type: 'string', value: '<t>' }],
  },
});
