import { guidProblem } from '../../../../shared/domain/azure.js';
import type { CloudUi, TargetValues } from './types.js';

const code = (v: unknown) => <code>{String(v ?? '')}</code>;

const guidField = (values: TargetValues, name: string, what: string) => {
  const v = values[name] ?? '';
  return v.trim() === '' ? undefined : guidProblem(v, what);
};

export const azureUi: CloudUi = {
  cloud: 'azure',
  bootstrapFacts: (b) => {
    const claims = b.claimPreview as { iss: string; sub: string; aud: string };
    return [
      ['Federated credential', code(b.credentialName)],
      ['Issuer (iss)', <code data-testid="claim-iss">{claims.iss}</code>],
      ['Subject (sub)', <code data-testid="claim-sub">{claims.sub}</code>],
      ['Audience (aud)', <code data-testid="claim-aud">{claims.aud}</code>],
      ['AlphaSwarm app', code(b.appClientId)],
    ];
  },
  bootstrapLinks: (b) => (typeof b.consentUrl === 'string' ? [{ label: 'Open the admin consent link', url: b.consentUrl }] : []),
  bootstrapFields: ['tenantId', 'subscriptionId'],
  bootstrapOptions: [],
  targetFields: [
    { name: 'tenantId', label: 'Tenant id', placeholder: '72f988bf-86f1-41af-91ab-2d7cd011db47', help: "The customer's Entra tenant: Entra ID → Overview → Tenant ID." },
    { name: 'subscriptionId', label: 'Subscription id', placeholder: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', help: 'Subscriptions → the subscription → Subscription ID.' },
  ],
  targetProblems: (values) => ({ tenantId: guidField(values, 'tenantId', 'tenant id'), subscriptionId: guidField(values, 'subscriptionId', 'subscription id') }),
  toPayload: (orgId, values) => ({ cloud: 'azure', orgId, tenantId: values.tenantId ?? '', subscriptionId: values.subscriptionId ?? '' }),
  identityFacts: (i) => {
    const presented = i.presented as { iss: string; sub: string; aud: string };
    return [
      ['Tenant', code(i.tenantId)],
      ['Service principal (object id)', code(i.principalObjectId)],
      ['Presented subject', code(presented.sub)],
      ['Token valid until', new Date(String(i.tokenExpiresAt)).toLocaleTimeString()],
    ];
  },
  enumerateLabel: 'List resource groups',
  Enumeration({ value }) {
    const groups = (value.resourceGroups as { name: string; location: string }[]) ?? [];
    return (
      <div data-testid="enumeration">
        <p>
          {groups.length} resource group{groups.length === 1 ? '' : 's'} visible in the subscription:
        </p>
        <ul className="chips">
          {groups.map((g) => (
            <li key={g.name} className="chip" title={g.location}>
              {g.name} · {g.location}
            </li>
          ))}
        </ul>
      </div>
    );
  },
  recordPreview: (bootstrap, identity) => [
    ['tenant_id', code(identity.tenantId)],
    ['subscription_id', code(identity.subscriptionId)],
    ['client_id', code(identity.clientId)],
    ['subject', code((identity.presented as { sub: string }).sub)],
    ['principal_object_id', code(identity.principalObjectId)],
  ],
};
