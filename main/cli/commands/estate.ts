import { ignoredItemsNote } from '../../../shared/domain/estate.js';
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

/**
 * `connect azure --management-group MG --discover`: list every subscription below the group (no
 * code), then connect the new ones through the "connect many" run (one code); each is checked for
 * the tier's roles on its own and saved as its own connection.
 */
export async function connectFromManagementGroup(ctx: CommandContext, orgId: string, render: (p: BatchProgress) => void): Promise<number> {
  for (const flag of ['subscription-id', 'accounts', 'role-arn', 'project', 'add', 'replace', 'replace-account', ...Object.keys(SELECTION_FLAGS)]) {
    const v = ctx.values[flag];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) throw new CliUsageError(`--discover reads the subscriptions from the management group: drop --${flag}.`);
  }
  // The estate run connects at the standard tier, as "connect many" does: a tier given here would be ignored.
  if (ctx.values.tier !== undefined) throw new CliUsageError('--discover connects each subscription at the standard tier: drop --tier (raise one later with raise-tier azure --account ID).');
  if (ctx.values.discover !== true) throw new CliUsageError('Add --discover: connect every subscription below the management group (or give --subscription-id for one).');
  const tenantId = str(ctx, 'tenant-id');
  const managementGroupId = str(ctx, 'management-group');
  if (tenantId === undefined) throw new CliUsageError("Missing --tenant-id <guid> (the customer's Entra tenant).");
  if (managementGroupId === undefined) throw new CliUsageError('Missing --management-group <id> (the group step 2 granted the roles at).');
  const concurrency = str(ctx, 'concurrency');
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) throw new CliUsageError('--concurrency is a whole number from 1 to 64.');
  const scanInput = checked(estateScan.input, { orgId, cloud: 'azure', tenantId, managementGroupId });
  const session = ctx.session();
  const scan = await session.value(estateScan, scanInput);
  if (scan.counts.new === 0) {
    if (ctx.json) printJson(ctx.io, { managementGroupId: scan.scope.id, tenantId: scan.tenantId, counts: scan.counts, runId: null, results: [] });
    else ctx.io.out(safe`${scan.scope.name}: ${scan.counts.total} subscription${scan.counts.total === 1 ? '' : 's'}, all connected already; nothing to do.\n`);
    return EXIT.ok;
  }
  const run = await session.stepped(
    estateConnect,
    { orgId, cloud: 'azure', scanId: scan.scanId, selection: scan.selection, ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}) },
    str(ctx, 'otp'),
  );
  const done = await session.services.batches.wait(run.runId);
  if (ctx.json) printJson(ctx.io, { managementGroupId: scan.scope.id, tenantId: scan.tenantId, counts: scan.counts, ...done });
  else {
    ctx.io.out(safe`${scan.scope.name} (tenant ${scan.tenantId ?? ''}): ${scan.counts.total} subscription${scan.counts.total === 1 ? '' : 's'}, ${scan.counts.connected} connected already, ${run.total} to connect\n`);
    render(done);
  }
  return done.results.every((r) => r.status === 'connected' || r.status === 'updated') ? EXIT.ok : EXIT.cloudRefused;
}

const MARK = { connected: '✓', new: '+', excluded: '-', suspended: '·', management: '*' } as const;

export const estateCommand: Command = {
  name: 'estate',
  usage: 'estate scan --org <id> --cloud aws [--include-ou OU]… [--exclude-ou OU]… [--exclude-account ID]… [--json]\n      estate scan --org <id> --cloud azure [--tenant-id <guid> --management-group <id>] [--json]   (the last connected group when not given)',
  summary: "What's in the customer's estate: the organization's accounts (or the management group's subscriptions), connected, new, excluded or suspended (no code needed).",
  options: { org: { type: 'string' }, cloud: { type: 'string' }, 'tenant-id': { type: 'string' }, 'management-group': { type: 'string' }, json: { type: 'boolean', default: false }, ...SELECTION_FLAGS },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    if (sub !== 'scan') throw new CliUsageError('Use "estate scan --org <id> --cloud aws".');
    const orgId = requireOrg(ctx);
    const cloud = str(ctx, 'cloud');
    if (cloud === undefined) throw new CliUsageError('Missing --cloud aws|azure.');
    if (cloud === 'gcp') throw new CliUsageError('Reading a GCP organisation or folder is not built yet: connect its projects with connect gcp --project … for now.');
    if (cloud !== 'aws' && cloud !== 'azure') throw new CliUsageError('--cloud takes aws (an AWS Organization) or azure (a management group).');
    const given = selectionFromFlags(ctx);
    if (cloud === 'azure' && given) throw new CliUsageError('--include-ou, --exclude-ou and --exclude-account choose parts of an AWS Organization: an Azure management group is read whole.');
    const tenantId = str(ctx, 'tenant-id');
    const managementGroupId = str(ctx, 'management-group');
    if (cloud === 'aws' && (tenantId !== undefined || managementGroupId !== undefined)) throw new CliUsageError('--tenant-id and --management-group name an Azure management group: use them with --cloud azure.');
    const input = checked(estateScan.input, { orgId, cloud, ...(given ? { selection: given } : {}), ...(tenantId !== undefined ? { tenantId } : {}), ...(managementGroupId !== undefined ? { managementGroupId } : {}) });
    const scan = await ctx.session().value(estateScan, input);
    if (ctx.json) {
      printJson(ctx.io, scan);
      return EXIT.ok;
    }
    const c = scan.counts;
    if (scan.cloud === 'azure') ctx.io.out(safe`${scan.scope.name} (tenant ${scan.tenantId ?? ''}): ${c.total} subscriptions — ${c.connected} connected, ${c.new} new\n`);
    else ctx.io.out(safe`${scan.scope.name}: ${c.total} member accounts — ${c.connected} connected, ${c.new} new, ${c.excluded} excluded, ${c.suspended} suspended\n`);
    renderSelection(ctx.io, scan.selection);
    for (const id of scan.unknownInSelection) ctx.io.out(safe`  ! the selection names ${id}, which the organization no longer holds\n`);
    if (scan.ignoredItems) ctx.io.out(`  ! ${ignoredItemsNote(scan.ignoredItems)}\n`);
    if (scan.stackSet?.note) ctx.io.out(safe`  ! ${scan.stackSet.note}\n`);
    for (const e of scan.entries) {
      const si = e.stackInstance;
      ctx.io.out(safe`  ${MARK[e.state]} ${e.id}  ${e.state.padEnd(10)} ${e.name}  (${e.path})${si ? `  [stack instance: ${si.state}]` : ''}\n`);
      if (e.reason) ctx.io.out(safe`      ${e.reason}\n`);
      if (si && si.state !== 'present') ctx.io.out(safe`      CloudFormation: ${si.detail}${si.reason ? ` — ${si.reason}` : ''}\n`);
    }
    if (c.new && scan.cloud === 'azure') ctx.io.out(safe`\nConnect the new ones: alphaswarm-onboard connect azure --org ${orgId} --tenant-id ${scan.tenantId ?? ''} --management-group ${scan.scope.id} --discover --otp CODE\n`);
    else if (c.new) ctx.io.out(safe`\nConnect the new ones: alphaswarm-onboard connect aws --org ${orgId} --from-organization --otp CODE\n`);
    return EXIT.ok;
  },
};
