import { DEFAULT_REGION, REGION_PATTERN, parseRoleArn, regionProblem } from '../../../../shared/domain/aws.js';
import type { CloudUi } from './types.js';

export const awsUi: CloudUi<'aws'> = {
  cloud: 'aws',
  bootstrapFacts: (b) => [
    ['External id', <code data-testid="external-id">{b.externalId}</code>],
    ['Role name', <code>{b.roleName}</code>],
    ['Trusted principal', <code>{b.partnerPrincipal}</code>],
    ['Trust policy size', `${b.trustPolicyChars} of 2,048 characters`],
  ],
  bootstrapLinks: (b) => (b.quickCreateUrl ? [{ label: 'Open the CloudFormation quick-create link', url: b.quickCreateUrl }] : []),
  bootstrapFields: [],
  bootstrapOptions: [],
  targetFields: [
    {
      name: 'roleArn',
      label: 'Role ARN',
      placeholder: 'arn:aws:iam::123456789012:role/alphaswarm-broker-…',
      help: 'From IAM → Roles → the role → ARN (or the stack output RoleArn).',
    },
    { name: 'region', label: 'STS region', placeholder: 'us-east-1', help: 'Where to call STS. Leave empty for the partition default.', optional: true },
  ],
  targetProblems(values) {
    const arn = values.roleArn?.trim() ?? '';
    const parsed = arn ? parseRoleArn(arn) : undefined;
    const region = values.region?.trim() ?? '';
    let regionIssue: string | undefined;
    if (region) {
      if (!REGION_PATTERN.test(region)) regionIssue = `"${region}" is not an AWS region name (for example us-east-1).`;
      else if (parsed?.ok) regionIssue = regionProblem(region, parsed.value.partition);
    }
    return { roleArn: parsed && !parsed.ok ? parsed.reason : undefined, region: regionIssue };
  },
  toBootstrapPayload: (orgId) => ({ cloud: 'aws', orgId }),
  toPayload(orgId, values) {
    const region = values.region?.trim();
    return { cloud: 'aws', orgId, roleArn: values.roleArn ?? '', ...(region ? { region } : {}) };
  },
  identityFacts: (i) => [
    ['Account', <code>{i.accountId}</code>],
    ['Assumed role', <code>{i.assumedRoleArn}</code>],
    ['Region', <code>{i.region}</code>],
    ['Session valid until', new Date(i.sessionExpiresAt).toLocaleTimeString()],
  ],
  enumerateLabel: 'List enabled regions',
  Enumeration({ value }) {
    return (
      <div data-testid="enumeration">
        <p>
          {value.regions.length} region{value.regions.length === 1 ? '' : 's'} enabled in this account:
        </p>
        <ul className="chips">
          {value.regions.map((r) => (
            <li key={r.name} className="chip" title={r.optInStatus}>
              {r.name}
            </li>
          ))}
        </ul>
      </div>
    );
  },
  recordPreview(bootstrap, identity, values) {
    const parsed = parseRoleArn(values.roleArn ?? '');
    return [
      ['Role ARN', <code>{identity.roleArn}</code>],
      ['External id', <code>{bootstrap?.externalId ?? '(from step 2)'}</code>],
      ['Region', <code>{identity.region || (parsed.ok ? DEFAULT_REGION[parsed.value.partition] : '')}</code>],
      ['Account', <code>{identity.accountId}</code>],
    ];
  },
};
