import { projectIdProblem, projectNumberProblem } from '../../../../shared/domain/gcp.js';
import type { CloudUi, TargetValues } from './types.js';

const code = (v: unknown) => <code>{String(v ?? '')}</code>;
const check = (values: TargetValues, name: string, problem: (v: string) => string | undefined) => {
  const v = values[name] ?? '';
  return v.trim() === '' ? undefined : problem(v);
};

export const gcpUi: CloudUi = {
  cloud: 'gcp',
  bootstrapFacts: (b) => [
    ['Pool', <code data-testid="pool-id">{String(b.poolId)}</code>],
    ['Provider', code(b.providerId)],
    ['Attribute condition', <code data-testid="attribute-condition">{String(b.attributeCondition)}</code>],
    ['Binding member', <code data-testid="binding-member">{String(b.member)}</code>],
    ['Service account', code(b.serviceAccountEmail)],
    ['STS audience', code(b.stsAudience)],
  ],
  bootstrapLinks: () => [],
  bootstrapFields: ['projectId', 'projectNumber'],
  bootstrapOptions: [
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
  targetProblems: (values) => ({ projectId: check(values, 'projectId', projectIdProblem), projectNumber: check(values, 'projectNumber', projectNumberProblem) }),
  toPayload: (orgId, values) => ({ cloud: 'gcp', orgId, projectId: values.projectId ?? '', projectNumber: values.projectNumber ?? '' }),
  identityFacts: (i) => [
    ['Service account', code(i.serviceAccountEmail)],
    ['Pool / provider', code(`${String(i.poolId)} / ${String(i.providerId)}`)],
    ['Subject', code(i.subject)],
    ['Token valid until', new Date(String(i.tokenExpiresAt)).toLocaleTimeString()],
  ],
  enumerateLabel: 'Read the project',
  Enumeration({ value }) {
    const p = value.project as { projectId: string; projectNumber: string; name: string; lifecycleState: string };
    return (
      <div data-testid="enumeration">
        <p>
          Project <code>{p.projectId}</code> (number <code>{p.projectNumber}</code>), “{p.name}”, is <strong>{p.lifecycleState}</strong>.
        </p>
      </div>
    );
  },
  recordPreview: (_bootstrap, identity) => [
    ['project_id', code(identity.projectId)],
    ['project_number', code(identity.projectNumber)],
    ['pool_id', code(identity.poolId)],
    ['provider_id', code(identity.providerId)],
    ['service_account_email', code(identity.serviceAccountEmail)],
    ['subject', code(identity.subject)],
  ],
};
