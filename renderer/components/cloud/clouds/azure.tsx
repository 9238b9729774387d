import { AZURE_CLOUDS, type AzureCloudName, guidProblem, managementGroupIdProblem } from '../../../../shared/domain/azure.js';
import { azureCloudOption, cloudPayload } from './azure-cloud-option.js';
import { problemIfTyped, validValue } from './field-checks.js';
import type { CloudUi } from './types.js';
import { tierOption, tierPayload } from './tier-option.js';

const guid = (what: string) => (v: string) => guidProblem(v, what);


export const azureUi: CloudUi<'azure'> = {
  cloud: 'azure',
  bootstrapFacts: (b) => [
    ['Federated credential', <code>{b.credentialName}</code>],
    ['Issuer (iss)', <code data-testid="claim-iss">{b.claimPreview.iss}</code>],
    ['Subject (sub)', <code data-testid="claim-sub">{b.claimPreview.sub}</code>],
    ['Audience (aud)', <code data-testid="claim-aud">{b.claimPreview.aud}</code>],
    ['AlphaSwarm app', <code>{b.appClientId}</code>],
    ['Azure cloud', <span data-testid="azure-cloud">{AZURE_CLOUDS[b.azureCloud as AzureCloudName]?.label ?? b.azureCloud} (<code>{b.azureCloud}</code>)</span>],
  ],
  bootstrapLinks: (b) => [{ label: 'Open the admin consent link', url: b.consentUrl }],
  bootstrapFields: ['tenantId', 'subscriptionId'],
  bootstrapOptions: [
    azureCloudOption,
    {
      name: 'grantScope',
      label: 'Grant the roles on',
      choices: [
        { value: 'subscription', label: 'A subscription', help: 'One subscription, connected on its own.' },
        { value: 'management-group', label: 'A management group', help: 'Every subscription below the group inherits the roles, including ones created later; "Connect the whole estate" then lists and connects them.' },
      ],
    },
    tierOption({
      standard: 'Reader on the subscription (or the roles your settings require).',
      core: 'A custom role, "AlphaSwarm Core Reader": read the subscription, its resource groups, and role assignments and definitions.',
      'security-audit': 'Reader and Security Reader.',
    }),
  ],
  bootstrapOnlyFields: [
    {
      name: 'managementGroupId',
      label: 'Management group id',
      placeholder: 'contoso-prod',
      help: 'Its id, not its display name: Management groups → the group → Overview → ID. Fills it into the commands below.',
      when: { option: 'grantScope', value: 'management-group' },
    },
  ],
  targetFields: [
    { name: 'tenantId', label: 'Tenant id', placeholder: '72f988bf-86f1-41af-91ab-2d7cd011db47', help: "The customer's Entra tenant: Entra ID → Overview → Tenant ID." },
    { name: 'subscriptionId', label: 'Subscription id', placeholder: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b', help: 'Subscriptions → the subscription → Subscription ID.' },
  ],
  targetProblems: (values) => ({
    tenantId: problemIfTyped(values, 'tenantId', guid('tenant id')),
    subscriptionId: problemIfTyped(values, 'subscriptionId', guid('subscription id')),
    managementGroupId: problemIfTyped(values, 'managementGroupId', managementGroupIdProblem),
  }),
  toBootstrapPayload(orgId, values) {
    const tenantId = validValue(values, 'tenantId', guid('tenant id'));
    // At a management group the subscription is not part of step 2 (the group's are discovered later).
    if (values.grantScope === 'management-group') {
      const managementGroupId = validValue(values, 'managementGroupId', managementGroupIdProblem);
      return { cloud: 'azure', orgId, ...(tenantId ? { tenantId } : {}), ...(managementGroupId ? { managementGroupId } : {}), ...cloudPayload(values), ...tierPayload(values) };
    }
    const subscriptionId = validValue(values, 'subscriptionId', guid('subscription id'));
    return { cloud: 'azure', orgId, ...(tenantId ? { tenantId } : {}), ...(subscriptionId ? { subscriptionId } : {}), ...cloudPayload(values), ...tierPayload(values) };
  },
  toPayload: (orgId, values) => ({ cloud: 'azure', orgId, tenantId: values.tenantId ?? '', subscriptionId: values.subscriptionId ?? '', ...cloudPayload(values), ...tierPayload(values) }),
  identityFacts: (i) => [
    ['Tenant', <code>{i.tenantId}</code>],
    ['Azure cloud', <code>{i.azureCloud}</code>],
    ['Service principal (object id)', <code>{i.principalObjectId}</code>],
    ['Presented subject', <code>{i.presented.sub}</code>],
    ['Token valid until', new Date(i.tokenExpiresAt).toLocaleTimeString()],
  ],
  enumerateLabel: 'List resource groups',
  Enumeration({ value }) {
    return (
      <div data-testid="enumeration">
        <p>
          {value.resourceGroups.length} resource group{value.resourceGroups.length === 1 ? '' : 's'} visible in the subscription:
        </p>
        <ul className="chips">
          {value.resourceGroups.map((g) => (
            <li key={g.name} className="chip" title={g.location}>
              {g.name} · {g.location}
            </li>
          ))}
        </ul>
      </div>
    );
  },
  recordPreview: (_bootstrap, identity) => [
    ['Tenant', <code>{identity.tenantId}</code>],
    ['Subscription', <code>{identity.subscriptionId}</code>],
    ['AlphaSwarm app', <code>{identity.clientId}</code>],
    ['Subject', <code>{identity.presented.sub}</code>],
    ['Service principal', <code>{identity.principalObjectId}</code>],
  ],
};
