import { DEFAULT_REGION, PARTITION_LABELS, REGION_PATTERN, parseRoleArn, partitionMismatch, regionProblem } from '../../../../shared/domain/aws.js';
import { partitionOf, partitionOption } from './aws-partition.js';
import type { CloudUi } from './types.js';
import { tierOption, tierPayload } from './tier-option.js';

export const awsUi: CloudUi<'aws'> = {
  cloud: 'aws',
  bootstrapFacts: (b) => [
    ['Partition', <span data-testid="aws-partition">{PARTITION_LABELS[b.partition]} (<code>{b.partition}</code>)</span>],
    ['External id', <code data-testid="external-id">{b.externalId}</code>],
    ['Role name', <code>{b.roleName}</code>],
    ['Trusted principal', <code>{b.partnerPrincipal}</code>],
    ['Trust policy size', `${b.trustPolicyChars} of 2,048 characters`],
  ],
  bootstrapLinks: (b) => (b.quickCreateUrl ? [{ label: 'Open the CloudFormation quick-create link', url: b.quickCreateUrl }] : []),
  bootstrapFields: [],
  bootstrapOptions: [
    tierOption({
      standard: 'ReadOnlyAccess (AWS managed policy).',
      core: 'One inline policy with exactly what AlphaSwarm calls: sts:GetCallerIdentity, iam:GetRole, iam:SimulatePrincipalPolicy, ec2:DescribeRegions.',
      'security-audit': 'ReadOnlyAccess and SecurityAudit (security configuration metadata).',
    }),
    partitionOption,
  ],
  targetFields: [
    {
      name: 'roleArn',
      label: 'Account id or role ARN',
      placeholder: '123456789012',
      help: "The customer's 12-digit account id is enough: the role is this org's own (step 2). Or paste the role ARN (IAM → Roles, or the stack output RoleArn).",
    },
    { name: 'region', label: 'STS region', placeholder: 'us-east-1', help: 'Where to call STS. Leave empty for the partition default.', optional: true },
    {
      name: 'regions',
      label: 'Only these regions',
      placeholder: 'eu-west-1, eu-central-1',
      help: 'A region allow-list, saved with the connection: AlphaSwarm then never lists regions (no ec2:DescribeRegions). Leave empty for every enabled region.',
      optional: true,
    },
  ],
  targetProblems(values) {
    const typed = values.roleArn?.trim() ?? '';
    const arn = /^\d{12}$/.test(typed) ? '' : typed; // an account id alone is complete: main names the org's role
    const parsed = arn ? parseRoleArn(arn) : undefined;
    const region = values.region?.trim() ?? '';
    let regionIssue: string | undefined;
    if (region) {
      if (!REGION_PATTERN.test(region)) regionIssue = `"${region}" is not an AWS region name (for example us-east-1).`;
      else if (parsed?.ok) regionIssue = regionProblem(region, parsed.value.partition);
    }
    const arnIssue = parsed && !parsed.ok ? parsed.reason : parsed?.ok ? partitionMismatch(parsed.value, partitionOf(values)) : undefined;
    const listed = (values.regions ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    const badRegion = listed.find((r) => !REGION_PATTERN.test(r) || (parsed?.ok && regionProblem(r, parsed.value.partition)));
    return { roleArn: arnIssue, region: regionIssue, regions: badRegion ? `"${badRegion}" is not a region of the role's partition.` : undefined };
  },
  toBootstrapPayload: (orgId, values) => {
    const partition = partitionOf(values);
    return { cloud: 'aws', orgId, ...(partition !== 'aws' ? { partition } : {}), ...tierPayload(values) };
  },
  toPayload(orgId, values) {
    const region = values.region?.trim();
    const partition = partitionOf(values);
    return { cloud: 'aws', orgId, roleArn: values.roleArn ?? '', ...(region ? { region } : {}), ...(partition !== 'aws' ? { partition } : {}), ...(values.regions?.trim() ? { regions: values.regions } : {}), ...tierPayload(values) };
  },
  identityFacts: (i) => [
    ['Account', <code>{i.accountId}</code>],
    ['Assumed role', <code>{i.assumedRoleArn}</code>],
    ['Region', <code>{i.region}</code>],
    ['Partition', <code>{i.partition}</code>],
    ['STS endpoint', <code>{i.stsEndpoint}</code>],
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
      ['Partition', <code>{identity.partition}</code>],
    ];
  },
};
