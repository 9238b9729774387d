import { estateConnect, estateScan } from '../../../shared/ipc/estate.js';
import { type EstateSelection, estateSelectionSchema } from '../../../shared/ipc/estate-schemas.js';
import type { BatchProgress } from '../../../shared/ipc/batch.js';
import type { CliIo } from '../io.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { safe } from '../terminal.js';
import { checked } from './checked-input.js';
import { requireOrg } from './cloud-target.js';
import { type Command, type CommandContext, str, strs } from './types.js';

/** The flags that choose part of an estate (each may repeat). */
export const SELECTION_FLAGS = {
  'include-ou': { type: 'string', multiple: true },
  'exclude-ou': { type: 'string', multiple: true },
  'exclude-account': { type: 'string', multiple: true },
} as const;

/** The selection the flags name, checked before any call; undefined when none is given (the saved one applies). */
export function selectionFromFlags(ctx: CommandContext): EstateSelection | undefined {
  const raw = { includeOus: strs(ctx, 'include-ou'), excludeOus: strs(ctx, 'exclude-ou'), excludeAccounts: strs(ctx, 'exclude-account') };
  if (raw.includeOus.length + raw.excludeOus.length + raw.excludeAccounts.length === 0) return undefined;
  return checked(estateSelectionSchema, raw);
}

function renderSelection(io: CliIo, s: EstateSelection): void {
  if (s.includeOus.length) io.out(safe`  include OUs: ${s.includeOus.join(' ')}\n`);
  if (s.excludeOus.length) io.out(safe`  exclude OUs: ${s.excludeOus.join(' ')}\n`);
  if (s.excludeAccounts.length) io.out(safe`  exclude accounts: ${s.excludeAccounts.join(' ')}\n`);
}

/** `connect aws --from-organization`: scan (no code), then connect what the selection leaves (one code). */
export async function connectFromOrganization(ctx: CommandContext, orgId: string, render: (p: BatchProgress) => void): Promise<number> {
  for (const flag of ['role-arn', 'accounts', 'subscription-id', 'project']) {
    if (ctx.values[flag] !== undefined) throw new CliUsageError(`--from-organization reads the accounts from the organization: drop --${flag}.`);
  }
  const concurrency = str(ctx, 'concurrency');
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) throw new CliUsageError('--concurrency is a whole number from 1 to 64.');
  const given = selectionFromFlags(ctx);
  const session = ctx.session();
  const scan = await session.value(estateScan, { orgId, cloud: 'aws', ...(given ? { selection: given } : {}) });
  const run = await session.stepped(
    estateConnect,
    { orgId, cloud: 'aws', scanId: scan.scanId, selection: scan.selection, ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}) },
    str(ctx, 'otp'),
  );
  const done = await session.services.batches.wait(run.runId);
  if (ctx.json) printJson(ctx.io, { organizationId: scan.scope.id, selection: scan.selection, skipped: run.skipped, ...done });
  else {
    ctx.io.out(safe`${scan.scope.name}: ${run.total} account${run.total === 1 ? '' : 's'} selected\n`);
    if (scan.selectionSource === 'saved') ctx.io.out('  (the selection saved by the last run; give --include-ou / --exclude-ou / --exclude-account to change it)\n');
    renderSelection(ctx.io, scan.selection);
    if (run.skipped.management) ctx.io.out(safe`  management account ${run.skipped.management} listed apart: a StackSet in service-managed mode never deploys there\n`);
    if (run.skipped.suspended.length) ctx.io.out(safe`  skipped (suspended): ${run.skipped.suspended.join(' ')}\n`);
    if (run.skipped.excluded.length) ctx.io.out(safe`  excluded: ${run.skipped.excluded.length}\n`);
    render(done);
  }
  return done.results.every((r) => r.status === 'connected' || r.status === 'updated') ? EXIT.ok : EXIT.cloudRefused;
}

const MARK = { connected: '✓', new: '+', excluded: '-', suspended: '·', management: '*' } as const;

export const estateCommand: Command = {
  name: 'estate',
  usage: 'estate scan --org <id> --cloud aws [--include-ou OU]… [--exclude-ou OU]… [--exclude-account ID]… [--json]',
  summary: "What's in the customer's estate: the organization's accounts, connected, new, excluded or suspended (no code needed).",
  options: { org: { type: 'string' }, cloud: { type: 'string' }, json: { type: 'boolean', default: false }, ...SELECTION_FLAGS },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    if (sub !== 'scan') throw new CliUsageError('Use "estate scan --org <id> --cloud aws".');
    const orgId = requireOrg(ctx);
    const cloud = str(ctx, 'cloud');
    if (cloud === undefined) throw new CliUsageError('Missing --cloud aws.');
    if (cloud === 'azure' || cloud === 'gcp') {
      throw new CliUsageError(`Reading ${cloud === 'azure' ? 'an Azure management group' : 'a GCP organisation or folder'} is not built yet: connect its ${cloud === 'azure' ? 'subscriptions with connect azure --subscription-id' : 'projects with connect gcp --project'} … for now.`);
    }
    if (cloud !== 'aws') throw new CliUsageError('--cloud takes aws (an AWS Organization).');
    const given = selectionFromFlags(ctx);
    const scan = await ctx.session().value(estateScan, { orgId, cloud, ...(given ? { selection: given } : {}) });
    if (ctx.json) {
      printJson(ctx.io, scan);
      return EXIT.ok;
    }
    const c = scan.counts;
    ctx.io.out(safe`${scan.scope.name}: ${c.total} member accounts — ${c.connected} connected, ${c.new} new, ${c.excluded} excluded, ${c.suspended} suspended\n`);
    renderSelection(ctx.io, scan.selection);
    for (const id of scan.unknownInSelection) ctx.io.out(safe`  ! the selection names ${id}, which the organization no longer holds\n`);
    if (scan.stackSet?.note) ctx.io.out(safe`  ! ${scan.stackSet.note}\n`);
    for (const e of scan.entries) {
      const si = e.stackInstance;
      ctx.io.out(safe`  ${MARK[e.state]} ${e.id}  ${e.state.padEnd(10)} ${e.name}  (${e.path})${si ? `  [stack instance: ${si.state}]` : ''}\n`);
      if (e.reason) ctx.io.out(safe`      ${e.reason}\n`);
      if (si && si.state !== 'present') ctx.io.out(safe`      CloudFormation: ${si.detail}${si.reason ? ` — ${si.reason}` : ''}\n`);
    }
    if (c.new) ctx.io.out(safe`\nConnect the new ones: alphaswarm-onboard connect aws --org ${orgId} --from-organization --otp CODE\n`);
    return EXIT.ok;
  },
};
