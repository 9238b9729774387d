import { RECOMMENDED_TOKEN_DAYS, type CloudflareTemplate } from '../domain/cloudflare.js';
import type { Artifact, Note } from './artifact.js';

/** Cloudflare's documented template URLs: user-owned (profile) or account-owned tokens. */
export function tokenTemplateUrl(template: CloudflareTemplate, tokenName: string, owner: 'user' | 'account'): string {
  const keys = encodeURIComponent(JSON.stringify(template.permissions.map((p) => ({ key: p.key, type: p.type }))));
  const name = encodeURIComponent(tokenName);
  return owner === 'user'
    ? `https://dash.cloudflare.com/profile/api-tokens?permissionGroupKeys=${keys}&accountId=%2A&zoneId=all&name=${name}`
    : `https://dash.cloudflare.com/?to=/:account/api-tokens&permissionGroupKeys=${keys}&name=${name}`;
}

export interface CloudflareBootstrap {
  readonly cloud: 'cloudflare';
  readonly orgId: string;
  readonly template: string;
  readonly tokenName: string;
  readonly userTokenUrl: string;
  readonly accountTokenUrl: string;
  readonly permissionGroups: readonly string[];
  readonly resources: string;
  readonly recommendedExpiryDays: number;
  readonly artifacts: readonly Artifact[];
  readonly notes: readonly Note[];
}

/** Step 2 for Cloudflare: there is no federation, so the artifact is the token to create. */
export function buildCloudflareBootstrap(orgId: string, template: CloudflareTemplate): CloudflareBootstrap {
  const tokenName = `AlphaSwarm ${orgId} (${template.id})`;
  const userTokenUrl = tokenTemplateUrl(template, tokenName, 'user');
  const accountTokenUrl = tokenTemplateUrl(template, tokenName, 'account');
  const groups = template.permissions.map((p) => `${p.scope === 'zone' ? 'Zone' : 'Account'} · ${p.name}`);
  const artifacts: Artifact[] = [
    {
      id: 'token-instructions',
      title: `Create the "${template.title}" token`,
      filename: 'cloudflare-token.md',
      language: 'markdown',
      content:
        `# ${tokenName}\n\n` +
        `Use it for: ${template.useFor}\n\n` +
        `1. Open the prefilled page (user-owned token):\n   ${userTokenUrl}\n` +
        `   or, for an account-owned token (recommended for services):\n   ${accountTokenUrl}\n` +
        `2. Check the permissions:\n${groups.map((g) => `   - ${g}`).join('\n')}\n` +
        `3. Resources: ${template.resources}\n` +
        `4. TTL: set an end date ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} days out.\n` +
        `5. Create the token and paste it into AlphaSwarm once. Cloudflare shows it only once; AlphaSwarm stores it encrypted and never shows it again.\n`,
      description: 'For the customer admin who creates the token.',
    },
  ];
  const notes: Note[] = [
    { level: 'info', text: 'Cloudflare has no federation: this token is the one secret AlphaSwarm holds for this connection. It is stored encrypted under the OS keychain.' },
    { level: 'info', text: `Set an expiry ${RECOMMENDED_TOKEN_DAYS.min}–${RECOMMENDED_TOKEN_DAYS.max} days out and roll the token before then; the connection list warns 14 days ahead.` },
    { level: 'warning', text: 'Never paste a Global API key or an Origin CA key: they are refused.' },
  ];
  return {
    cloud: 'cloudflare',
    orgId,
    template: template.id,
    tokenName,
    userTokenUrl,
    accountTokenUrl,
    permissionGroups: groups,
    resources: template.resources,
    recommendedExpiryDays: RECOMMENDED_TOKEN_DAYS.max,
    artifacts,
    notes,
  };
}
