import { projectIdProblem, projectNumberProblem } from '../../../../shared/domain/gcp.js';
import { problemIfTyped, validValue } from './field-checks.js';
import type { CloudUi } from './types.js';
import { tierOption, tierPayload } from './tier-option.js';


export const gcpUi: CloudUi<'gcp'> = {
  cloud: 'gcp',
  bootstrapFacts: (b) => [
    ['Pool', <code data-testid="pool-id">{b.poolId}</code>],
    ['Provider', <code>{b.providerId}</code>],
    ['Attribute condition', <code data-testid="attribute-condition">{b.attributeCondition}</code>],
    ['Binding member', <code data-testid="binding-member">{b.member}</code>],
    ['Service account', <code>{b.serviceAccountEmail}</code>],
    ['Token exchange audience', <code>{b.stsAudience}</code>],
  ],
  bootstrapLinks: () => [],
  bootstrapFields: ['projectId', 'projectNumber'],
  bootstrapOptions: [
    tierOption({
      standard: 'roles/browser, roles/iam.serviceAccountUser and roles/viewer on the project.',
      core: 'A custom role, alphaswarmCore: resourcemanager.projects.get and iam.serviceAccounts.actAs.',
      'security-audit': 'Standard, plus roles/iam.securityReviewer and roles/cloudasset.viewer.',
    }),
    {
      name: 'memberScope',
      label: 'Who may impersonate the service account',
      choices: [
        { value: 'subject', label: "This org's subject only (recommended)", help: 'principal://…/subject/<subject>: nothing else in the pool can use the binding.' },
        { value: 'pool', label: 'Any identity in the pool (seed form)', help: 'principalSet://…/*: wider; use only when the pool serves this org alone.' },
      ],
    },
  ],
  targetFields: [
    { name: 'projectId', label: 'Project id', placeholder: 'acme-prod-4821', help: 'The name-like id (console: project picker → ID).' },
    { name: 'projectNumber', label: 'Project number', placeholder: '483920174562', help: "Digits: gcloud projects describe <project-id> --format='value(projectNumber)'." },
  ],
  targetProblems: (values) => ({ projectId: problemIfTyped(values, 'projectId', projectIdProblem), projectNumber: problemIfTyped(values, 'projectNumber', projectNumberProblem) }),
  toBootstrapPayload(orgId, values) {
    const projectId = validValue(values, 'projectId', projectIdProblem);
    const projectNumber = validValue(values, 'projectNumber', projectNumberProblem);
    const memberScope = values.memberScope === 'pool' ? 'pool' : values.memberScope === 'subject' ? 'subject' : undefined;
    return { cloud: 'gcp', orgId, ...(projectId ? { projectId } : {}), ...(projectNumber ? { projectNumber } : {}), ...(memberScope ? { memberScope } : {}), ...tierPayload(values) };
  },
  toPayload: (orgId, values) => ({ cloud: 'gcp', orgId, projectId: values.projectId ?? '', projectNumber: values.projectNumber ?? '', ...tierPayload(values) }),
  identityFacts: (i) => [
    ['Service account', <code>{i.serviceAccountEmail}</code>],
    ['Pool / provider', <code>{`${i.poolId} / ${i.providerId}`}</code>],
    ['Subject', <code>{i.subject}</code>],
    ['Token valid until', new Date(i.tokenExpiresAt).toLocaleTimeString()],
  ],
  enumerateLabel: 'Read the project',
  Enumeration({ value }) {
    const p = value.project;
    return (
      <div data-testid="enumeration">
        <p>
          Project <code>{p.projectId}</code> (number <code>{p.projectNumber}</code>), “{p.name}”, is <strong>{p.lifecycleState}</strong>.
        </p>
      </div>
    );
  },
  recordPreview: (_bootstrap, identity) => [
    ['Project', <code>{identity.projectId}</code>],
    ['Project number', <code>{identity.projectNumber}</code>],
    ['Pool', <code>{identity.poolId}</code>],
    ['Provider', <code>{identity.providerId}</code>],
    ['Service account', <code>{identity.serviceAccountEmail}</code>],
    ['Subject', <code>{identity.subject}</code>],
  ],
};
