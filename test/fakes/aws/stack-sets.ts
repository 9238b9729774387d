import { randomUUID } from 'node:crypto';
import { esc, queryError, queryResponse } from './xml.js';

/** One stack instance as CloudFormation reports it (StackInstanceSummary). */
export interface FakeStackInstance {
  readonly account: string;
  readonly region: string;
  readonly ouId?: string;
  /** CURRENT, OUTDATED or INOPERABLE. */
  status: 'CURRENT' | 'OUTDATED' | 'INOPERABLE';
  /** StackInstanceStatus.DetailedStatus. */
  detailedStatus: 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'INOPERABLE' | 'SKIPPED_SUSPENDED_ACCOUNT' | 'FAILED_IMPORT';
  statusReason?: string;
}

/** A service-managed StackSet in its administrator (management) account and home region. */
export interface FakeStackSet {
  readonly name: string;
  readonly id: string;
  readonly adminAccountId: string;
  readonly region: string;
  readonly instances: FakeStackInstance[];
}

export function newStackSet(name: string, adminAccountId: string, region = 'us-east-1'): FakeStackSet {
  return { name, id: `${name}:${randomUUID()}`, adminAccountId, region, instances: [] };
}

/** ListStackInstances answers at most 100 a page (MaxResults: 1–100). */
export const STACK_INSTANCES_PAGE_SIZE = 100;

type Answer = { status: number; xml: string };

/**
 * CloudFormation's ListStackInstances (Query protocol, 2010-05-15): the summaries with Status,
 * StatusReason and StackInstanceStatus/DetailedStatus, paged by NextToken; StackSetNotFoundException
 * for a StackSet the caller's account and region do not hold.
 */
export function listStackInstances(sets: readonly FakeStackSet[], callerAccount: string, region: string, params: URLSearchParams): Answer {
  const name = params.get('StackSetName') ?? '';
  const set = sets.find((s) => (s.name === name || s.id === name) && s.adminAccountId === callerAccount && s.region === region);
  if (!set) return { status: 404, xml: queryError('cloudformation', 'StackSetNotFoundException', `StackSet ${name} not found`) };
  const max = params.has('MaxResults') ? Number(params.get('MaxResults')) : STACK_INSTANCES_PAGE_SIZE;
  if (!Number.isInteger(max) || max < 1 || max > STACK_INSTANCES_PAGE_SIZE) {
    return { status: 400, xml: queryError('cloudformation', 'ValidationError', `1 validation error detected: Value '${params.get('MaxResults') ?? ''}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`) };
  }
  const token = params.get('NextToken');
  const start = token ? Number(Buffer.from(token, 'base64').toString('utf8').replace(/^sis:/, '')) : 0;
  if (!Number.isInteger(start) || start < 0) return { status: 400, xml: queryError('cloudformation', 'InvalidNextToken', 'The specified NextToken is invalid.') };
  const page = set.instances.slice(start, start + max);
  const next = start + max < set.instances.length ? Buffer.from(`sis:${start + max}`).toString('base64') : undefined;
  const members = page
    .map(
      (i) => `      <member>
        <StackSetId>${esc(set.id)}</StackSetId>
        <Region>${esc(i.region)}</Region>
        <Account>${esc(i.account)}</Account>
        <StackId>arn:aws:cloudformation:${esc(i.region)}:${esc(i.account)}:stack/StackSet-${esc(set.name)}-${randomUUID()}/${randomUUID()}</StackId>
        <Status>${i.status}</Status>${i.statusReason !== undefined ? `\n        <StatusReason>${esc(i.statusReason)}</StatusReason>` : ''}
        <StackInstanceStatus>
          <DetailedStatus>${i.detailedStatus}</DetailedStatus>
        </StackInstanceStatus>${i.ouId ? `\n        <OrganizationalUnitId>${esc(i.ouId)}</OrganizationalUnitId>` : ''}
        <DriftStatus>NOT_CHECKED</DriftStatus>
      </member>`,
    )
    .join('\n');
  return { status: 200, xml: queryResponse('cloudformation', 'ListStackInstances', `    <Summaries>\n${members}\n    </Summaries>${next ? `\n    <NextToken>${next}</NextToken>` : ''}`) };
}
