import { CLOUDFLARE_TEMPLATES, CLOUDFLARE_TEMPLATE_IDS, type CloudflareTemplateId, classifyCloudflareCredential } from '../../../../shared/domain/cloudflare.js';
import type { CloudUi, TargetValues } from './types.js';

function templateOf(values: TargetValues): CloudflareTemplateId {
  return CLOUDFLARE_TEMPLATE_IDS.find((t) => t === values.template) ?? 'dns_edit';
}

export const cloudflareUi: CloudUi<'cloudflare'> = {
  cloud: 'cloudflare',
  bootstrapFacts: (b) => [
    ['Token name', <code>{b.tokenName}</code>],
    ['Permission groups', <span data-testid="permission-groups">{b.permissionGroups.join(', ')}</span>],
    ['Resources to pick', b.resources],
    ['Expiry', `Set an end date about ${b.recommendedExpiryDays} days out (60–90 recommended).`],
  ],
  bootstrapLinks: (b) => [
    { label: 'Create a user-owned token (prefilled)', url: b.userTokenUrl },
    { label: 'Create an account-owned token (prefilled)', url: b.accountTokenUrl },
  ],
  bootstrapFields: [],
  bootstrapOptions: [
    {
      name: 'template',
      label: 'What AlphaSwarm will do (the narrowest template is first)',
      choices: CLOUDFLARE_TEMPLATES.map((t, i) => ({
        value: t.id,
        label: `${t.title}${i === 0 ? ' — narrowest' : ''}`,
        help: `${t.useFor} ${t.permissions.length} permission groups: ${t.permissions.map((p) => p.name).join(', ')}.`,
      })),
    },
  ],
  targetFields: [
    { name: 'token', label: 'API token', placeholder: 'Paste the token Cloudflare showed once', help: 'Sent once to be verified, then cleared from this page; stored only encrypted, never kept in a draft.', secret: true },
    { name: 'accountOwned', label: 'Account-owned token (created under Manage Account → API Tokens)', help: 'Verified against its account instead of a user.', checkbox: true, optional: true },
    { name: 'accountId', label: 'Account id', placeholder: '32 hex characters', help: 'Needed for account-owned tokens, and to name the account when the token reaches several.', optional: true },
  ],
  targetProblems(values) {
    const token = values.token ?? '';
    const kind = token.trim() === '' ? undefined : classifyCloudflareCredential(token);
    const accountId = values.accountId?.trim() ?? '';
    return {
      token: kind?.kind === 'refused' ? `This is ${kind.what}. ${kind.why}` : undefined,
      accountId:
        accountId && !/^[0-9a-f]{32}$/.test(accountId)
          ? 'A Cloudflare account id is 32 lowercase hex characters.'
          : !accountId && (values.accountOwned === 'true' || token.trim().startsWith('cfat_'))
            ? 'An account-owned token needs its account id.'
            : undefined,
    };
  },
  toBootstrapPayload: (orgId, values) => ({ cloud: 'cloudflare', orgId, template: templateOf(values) }),
  toPayload(orgId, values) {
    const accountId = values.accountId?.trim();
    const token = values.token?.trim();
    return {
      cloud: 'cloudflare',
      orgId,
      template: templateOf(values),
      ...(accountId ? { accountId } : {}),
      ...(values.accountOwned === 'true' ? { accountOwned: true } : {}),
      ...(token ? { token } : {}),
    };
  },
  identityFacts: (i) => [
    ['Token id', <code>{i.tokenId}</code>],
    ['Status', i.status],
    ['Owner', i.accountOwned ? `account ${i.accountId ?? ''}` : 'a user'],
    ['Expires', i.expiresOn ? new Date(i.expiresOn).toLocaleDateString() : 'never'],
  ],
  enumerateLabel: 'List accounts and zones',
  Enumeration({ value }) {
    return (
      <div data-testid="enumeration">
        <p>
          The token sees {value.accounts.length} account{value.accounts.length === 1 ? '' : 's'} and {value.zones.length} zone{value.zones.length === 1 ? '' : 's'}:
        </p>
        <ul className="chips">
          {value.accounts.map((a) => (
            <li key={a.id} className="chip" title={a.id}>
              account · {a.name}
            </li>
          ))}
          {value.zones.map((z) => (
            <li key={z.id} className="chip" title={z.status}>
              zone · {z.name}
            </li>
          ))}
        </ul>
      </div>
    );
  },
  recordPreview: (_b, identity, values) => [
    ['Template', templateOf(values)],
    ['Token id', <code>{identity.tokenId}</code>],
    ['Owner', identity.accountOwned ? `account ${identity.accountId ?? ''}` : 'a user'],
    ['Token', 'encrypted under the OS keychain — never shown again'],
  ],
};
