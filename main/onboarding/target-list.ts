import { guidProblem, normalizeGuid } from '../../shared/domain/azure.js';
import { projectIdProblem, projectNumberProblem } from '../../shared/domain/gcp.js';
import type { CloudOut } from '../../shared/ipc/cloud-types.js';
import { parseAccountList } from '../cli/account-list.js';
import { type ListProblem, parseIdList } from '../packs/id-list.js';

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
  /** Azure: the tenant the subscriptions belong to. */
  readonly tenantId?: string;
}

/**
 * The accounts of a "connect many" run, from pasted or loaded text — the same parsing in the window
 * and the CLI. AWS: ids one per line, a CSV with an account_id column, or `aws organizations
 * list-accounts` JSON. Azure: subscription ids (or a subscription_id column). GCP: `id:number`
 * per line (or project_id and project_number columns).
 */
export function parseTargetList(cloud: BatchCloud, text: string, ctx: TargetListContext): TargetList {
  if (cloud === 'aws') {
    const { ids, problems, skipped } = parseAccountList(text);
    const role = ctx.roleName ?? '';
    return { cloud, targets: ids.map((id) => ({ cloud, orgId: ctx.orgId, roleArn: `arn:aws:iam::${id}:role/${role}`, ...(ctx.region ? { region: ctx.region } : {}) })), problems, skipped };
  }
  if (cloud === 'azure') {
    const { ids, problems } = parseIdList(text, { column: 'subscription_id', problem: (v) => guidProblem(v, 'subscription id') });
    return { cloud, targets: ids.map((id) => ({ cloud, orgId: ctx.orgId, tenantId: ctx.tenantId ?? '', subscriptionId: normalizeGuid(id) })), problems, skipped: [] };
  }
  // GCP: one "id:number" per line, or a CSV with both columns (read as "id:number" too).
  const csv = /^\s*\uFEFF?[^\n]*project_id/i.test(text);
  const normalized = csv ? csvPairs(text) : text;
  const { ids, problems } = parseIdList(normalized, {
    column: 'project',
    problem: (v) => {
      const m = /^([^:]+):([^:]+)$/.exec(v);
      if (!m) return `"${v.slice(0, 60)}" is not <project id>:<project number>, e.g. my-project:123456789012.`;
      return projectIdProblem(m[1]!) ?? projectNumberProblem(m[2]!);
    },
  });
  return {
    cloud,
    targets: ids.map((v) => {
      const [projectId, projectNumber] = v.split(':') as [string, string];
      return { cloud, orgId: ctx.orgId, projectId, projectNumber };
    }),
    problems,
    skipped: [],
  };
}

/** A project_id,project_number CSV as "id:number" lines, keeping line numbers. */
function csvPairs(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.trim().toLowerCase());
  const id = header.indexOf('project_id');
  const number = header.indexOf('project_number');
  return ['project', ...lines.slice(1).map((l) => (l.trim() === '' || l.trim().startsWith('#') ? l : `${l.split(',')[id]?.trim() ?? ''}:${l.split(',')[number]?.trim() ?? ''}`))].join('\n');
}
