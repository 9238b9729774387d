import { CLOUDFLARE_TEMPLATES, classifyCloudflareCredential } from '../../../../shared/domain/cloudflare.js';
import type { CloudUi } from './types.js';

const code = (v: unknown) => <code>{String(v ?? '')}</code>;

export const cloudflareUi: CloudUi = {
  cloud: 'cloudflare',
  bootstrapFacts: (b) => [
    ['Token name', code(b.tokenName)],
    ['Permission groups', <span data-testid="permission-groups">{(b.permissionGroups as string[]).join(', ')}</span>],
    ['Resources to pick', String(b.resources)],
    ['Expiry', `Set an end date about ${String(b.recommendedExpiryDays)} days out (60–90 recommended).`],
  ],
  bootstrapLinks: (b) => [
    { label: 'Create a user-owned token (prefilled)', url: String(b.userTokenUrl) },
    { label: 'Create an account-owned token (prefilled)', url: String(b.accountTokenUrl) },
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
    { name: 'token', label: 'API token', placeholder: 'Paste the token Cloudflare showed once', help: 'Sent once to be verified, then cleared from this page; stored only encrypted.', secret: true },
    { name: 'accountOwned', label: 'Account-owned token (created under Manage Account → API Tokens)', help: 'Verified against its account instead of a user.', checkbox: true, optional: true },
    { name: 'accountId', label: 'Account id', placeholder: '32 hex characters', help: 'Needed for account-owned tokens and for account-level checks.', optional: true },
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
  toPayload(orgId, values) {
    const accountId = values.accountId?.trim();
    const token = values.token?.trim();
    return {
      cloud: 'cloudflare',
      orgId,
      template: values.template || 'dns_edit',
      ...(accountId ? { accountId } : {}),
      ...(values.accountOwned === 'true' ? { accountOwned: true } : {}),
      ...(token ? { token } : {}),
    };
  },
  identityFacts: (i) => [
    ['Token id', code(i.tokenId)],
    ['Status', code(i.status)],
    ['Owner', i.accountOwned ? `account ${String(i.accountId)}` : 'a user'],
    ['Expires', i.expiresOn ? new Date(String(i.expiresOn)).toLocaleDateString() : 'never'],
  ],
  enumerateLabel: 'List accounts and zones',
  Enumeration({ value }) {
    const accounts = (value.accounts as { id: string; name: string }[]) ?? [];
    const zones = (value.zones as { id: string; name: string; status: string }[]) ?? [];
    return (
      <div data-testid="enumeration">
        <p>
          The token sees {accounts.length} account{accounts.length === 1 ? '' : 's'} and {zones.length} zone{zones.length === 1 ? '' : 's'}:
        </p>
        <ul className="chips">
          {accounts.map((a) => (
            <li key={a.id} className="chip" title={a.id}>
              account · {a.name}
            </li>
          ))}
          {zones.map((z) => (
            <li key={z.id} className="chip" title={z.status}>
              zone · {z.name}
            </li>
          ))}
        </ul>
      </div>
    );
  },
  recordPreview: (_b, identity, values) => [
    ['template', code(values.template || 'dns_edit')],
    ['token_id', code(identity.tokenId)],
    ['account_owned', code(identity.accountOwned)],
    ['account_id', code(identity.accountId ?? 'null')],
    ['token', 'encrypted in the secret store (Fernet, key in the OS keychain) — never shown again'],
  ],
};
