import { projectIdProblem, projectNumberProblem, resourceNumber, resourceNumberProblem } from '../../../../shared/domain/gcp.js';
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
    {
      name: 'grantScope',
      label: 'Grant the read roles on',
      choices: [
        { value: 'project', label: 'A project', help: 'The project that holds the pool, connected on its own.' },
        { value: 'organization', label: 'An organisation', help: 'Every project in the organisation inherits the roles, including ones created later; "Connect the whole estate" then lists and connects them. The pool stays in the project above.' },
        { value: 'folder', label: 'A folder', help: 'Every project below the folder (and its sub-folders) inherits the roles. Tier core needs an organisation: folders hold no custom roles.' },
      ],
    },
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
  bootstrapOnlyFields: [
    { name: 'organizationId', label: 'Organisation id', placeholder: '123456789012', help: 'A number: gcloud organizations list (the ID column). Fills it into the commands below.', when: { option: 'grantScope', value: 'organization' } },
    { name: 'folderId', label: 'Folder id', placeholder: '3589215982', help: 'A number: gcloud resource-manager folders list --organization=<org id>. Fills it into the commands below.', when: { option: 'grantScope', value: 'folder' } },
  ],
  targetFields: [
    { name: 'projectId', label: 'Project id', placeholder: 'acme-prod-4821', help: 'The name-like id (console: project picker → ID).' },
    { name: 'projectNumber', label: 'Project number', placeholder: '483920174562', help: "Digits: gcloud projects describe <project-id> --format='value(projectNumber)'." },
  ],
  targetProblems: (values) => ({
    projectId: problemIfTyped(values, 'projectId', projectIdProblem),
    projectNumber: problemIfTyped(values, 'projectNumber', projectNumberProblem),
    organizationId: problemIfTyped(values, 'organizationId', (v) => resourceNumberProblem(v, 'organization')),
    folderId: problemIfTyped(values, 'folderId', (v) => resourceNumberProblem(v, 'folder')),
  }),
  toBootstrapPayload(orgId, values) {
    const projectId = validValue(values, 'projectId', projectIdProblem);
    const projectNumber = validValue(values, 'projectNumber', projectNumberProblem);
    const memberScope = values.memberScope === 'pool' ? 'pool' : values.memberScope === 'subject' ? 'subject' : undefined;
    // At an organisation or a folder the read roles go there; the pool stays in the project.
    const parent =
      values.grantScope === 'organization'
        ? validValue(values, 'organizationId', (v) => resourceNumberProblem(v, 'organization'))
        : values.grantScope === 'folder'
          ? validValue(values, 'folderId', (v) => resourceNumberProblem(v, 'folder'))
          : undefined;
    const scope = parent === undefined ? {} : values.grantScope === 'organization' ? { organizationId: resourceNumber(parent) } : { folderId: resourceNumber(parent) };
    return { cloud: 'gcp', orgId, ...(projectId ? { projectId } : {}), ...(projectNumber ? { projectNumber } : {}), ...(memberScope ? { memberScope } : {}), ...scope, ...tierPayload(values) };
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
