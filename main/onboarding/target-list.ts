import { guidProblem, normalizeGuid } from '../../shared/domain/azure.js';
import type { AwsPartition } from '../../shared/domain/aws.js';
import { projectIdProblem, projectNumberProblem } from '../../shared/domain/gcp.js';
import type { CloudOut } from '../../shared/ipc/cloud-types.js';
import { AWS_ACCOUNT_IDS, parseAccountList } from '../packs/account-list.js';
import { type IdListOptions, type ListProblem, checkIds, parseIdList } from '../packs/id-list.js';

export type BatchCloud = 'aws' | 'azure' | 'gcp';

interface ListOf<C extends BatchCloud> {
  readonly cloud: C;
  readonly targets: CloudOut<C>['targetIn'][];
  readonly problems: ListProblem[];
  /** Left out on purpose (a suspended account), with why. */
  readonly skipped: string[];
}

/** One cloud's targets, tagged, so a run can be started from it without a cast. */
export type TargetList = ListOf<'aws'> | ListOf<'azure'> | ListOf<'gcp'>;

export interface TargetListContext {
  readonly orgId: string;
  /** AWS: the role every account carries (from the pattern, or the org's own name). */
  readonly roleName?: string;
  readonly region?: string;
  /** AWS: the partition every account is in (default `aws`); their role ARNs are built in it. */
  readonly partition?: AwsPartition;
  /** Azure: the tenant the subscriptions belong to. */
  readonly tenantId?: string;
}

/** How each cloud's ids are named in a CSV, checked, and spelled. GCP's id is "<project id>:<project number>". */
const IDS: Readonly<Record<BatchCloud, IdListOptions>> = {
  aws: AWS_ACCOUNT_IDS,
  azure: { column: 'subscription_id', problem: (v) => guidProblem(v, 'subscription id'), normalize: normalizeGuid },
  gcp: {
    column: ['project_id', 'project_number'],
    problem: (v) => {
      // The number follows the last colon: a domain-scoped id (example.com:my-project) has one of its own.
      const m = /^(.+):([^:]+)$/.exec(v);
      if (!m) return `"${v.slice(0, 60)}" is not <project id>:<project number>, e.g. my-project:123456789012.`;
      return projectIdProblem(m[1]!) ?? projectNumberProblem(m[2]!);
    },
  },
};

/**
 * The accounts of a "connect many" run, from pasted or loaded text — the same parsing in the window
 * and the CLI. AWS: ids one per line, a CSV with an account_id column, or `aws organizations
 * list-accounts` JSON. Azure: subscription ids (or a subscription_id column). GCP: `id:number`
 * per line (or project_id and project_number columns).
 */
export function parseTargetList(cloud: BatchCloud, text: string, ctx: TargetListContext): TargetList {
  const { ids, problems, skipped } = cloud === 'aws' ? parseAccountList(text) : { ...parseIdList(text, IDS[cloud]), skipped: [] };
  return targetsOf(cloud, ids, problems, skipped, ctx);
}

/** The same, from ids given one by one (the CLI's repeated flags): a problem's line is the id's position, named by `where`. */
export function targetListOf(cloud: BatchCloud, values: readonly string[], ctx: TargetListContext, where: (position: number) => string): TargetList {
  const { ids, problems } = checkIds(values.map((value, i) => ({ line: i + 1, value: value.trim() })), IDS[cloud], where);
  return targetsOf(cloud, ids, problems, [], ctx);
}

function targetsOf(cloud: BatchCloud, ids: readonly string[], problems: ListProblem[], skipped: string[], ctx: TargetListContext): TargetList {
  const { orgId } = ctx;
  if (cloud === 'aws') {
    const role = ctx.roleName ?? '';
    return { cloud, targets: ids.map((id) => ({ cloud, orgId, roleArn: `arn:${ctx.partition ?? 'aws'}:iam::${id}:role/${role}`, ...(ctx.region ? { region: ctx.region } : {}), ...(ctx.partition ? { partition: ctx.partition } : {}) })), problems, skipped };
  }
  if (cloud === 'azure') return { cloud, targets: ids.map((subscriptionId) => ({ cloud, orgId, tenantId: ctx.tenantId ?? '', subscriptionId })), problems, skipped };
  return {
    cloud,
    targets: ids.map((v) => {
      const at = v.lastIndexOf(':');
      return { cloud, orgId, projectId: v.slice(0, at), projectNumber: v.slice(at + 1) };
    }),
    problems,
    skipped,
  };
}
