import { shellQuote } from '../../../shared/artifacts/artifact.js';
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

/** The GCP flags of a scan: the parent (--organization or --folder) and the pool's project, as given. */
function gcpScanFlags(ctx: CommandContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [flag, field] of [
    ['organization', 'organizationId'],
    ['folder', 'folderId'],
    ['project-id', 'projectId'],
    ['project-number', 'projectNumber'],
  ] as const) {
    const v = str(ctx, flag);
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/**
 * `connect gcp --organization N | --folder N --discover`: list every project below it (no code),
 * then connect the new ones through the "connect many" run (one code); each is checked for the
 * standard tier's permissions on its own and saved as its own connection, signing in through the
 * pool in the project given by --project-id / --project-number.
 */
export async function connectFromGcpParent(ctx: CommandContext, orgId: string, render: (p: BatchProgress) => void): Promise<number> {
  for (const flag of ['subscription-id', 'accounts', 'role-arn', 'project', 'add', 'replace', 'replace-account', 'tenant-id', 'management-group', ...Object.keys(SELECTION_FLAGS)]) {
    const v = ctx.values[flag];
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) throw new CliUsageError(`--discover reads the projects from the organisation or folder: drop --${flag}.`);
  }
  if (ctx.values.tier !== undefined) throw new CliUsageError('--discover connects each project at the standard tier: drop --tier (raise one later with raise-tier gcp --account ID).');
  if (ctx.values.discover !== true) throw new CliUsageError('Add --discover: connect every project below the organisation or folder (or give --project-id and --project-number for one project).');
  if (str(ctx, 'organization') === undefined && str(ctx, 'folder') === undefined) throw new CliUsageError('Missing --organization <number> or --folder <number> (where step 2 granted the read roles).');
  // The pool's project: given, or the one the org's estate was last connected through (main says so when neither).
  if ((str(ctx, 'project-id') === undefined) !== (str(ctx, 'project-number') === undefined)) {
    throw new CliUsageError('Give both --project-id <id> and --project-number <number> of the project holding the workload identity pool (where 1-create-pool.sh ran), or neither once it is remembered.');
  }
  const concurrency = str(ctx, 'concurrency');
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) throw new CliUsageError('--concurrency is a whole number from 1 to 64.');
  const scanInput = checked(estateScan.input, { orgId, cloud: 'gcp', ...gcpScanFlags(ctx) });
  const session = ctx.session();
  const scan = await session.value(estateScan, scanInput);
  const what = (n: number) => `${n} project${n === 1 ? '' : 's'}`;
  if (scan.counts.new === 0) {
    if (ctx.json) printJson(ctx.io, { parent: scan.scope.id, poolProject: scan.poolProject ?? null, counts: scan.counts, runId: null, results: [] });
    else ctx.io.out(safe`${scan.scope.name}: ${what(scan.counts.total)}, ${scan.counts.suspended ? `${scan.counts.suspended} being deleted, ` : ''}all others connected already; nothing to do.\n`);
    return EXIT.ok;
  }
  const run = await session.stepped(
    estateConnect,
    // Only the new ones: the connected ones stay as they are (a retry of a refused one is new again).
    { orgId, cloud: 'gcp', scanId: scan.scanId, selection: scan.selection, accounts: scan.entries.filter((e) => e.state === 'new').map((e) => e.id), ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}) },
    str(ctx, 'otp'),
  );
  const done = await session.services.batches.wait(run.runId);
  if (ctx.json) printJson(ctx.io, { parent: scan.scope.id, poolProject: scan.poolProject ?? null, counts: scan.counts, skipped: run.skipped, ...done });
  else {
    ctx.io.out(safe`${scan.scope.name}: ${what(scan.counts.total)}, ${scan.counts.connected} connected already, ${run.total} to connect\n`);
    if (run.skipped.suspended.length) ctx.io.out(safe`  skipped (deletion requested): ${run.skipped.suspended.join(' ')}\n`);
    render(done);
  }
  return done.results.every((r) => r.status === 'connected' || r.status === 'updated') ? EXIT.ok : EXIT.cloudRefused;
}

const MARK = { connected: '✓', new: '+', excluded: '-', suspended: '·', management: '*' } as const;

export const estateCommand: Command = {
  name: 'estate',
  usage:
    'estate scan --org <id> --cloud aws [--include-ou OU]… [--exclude-ou OU]… [--exclude-account ID]… [--json]\n      estate scan --org <id> --cloud azure [--tenant-id <guid> --management-group <id>] [--json]   (the last connected group when not given)\n      estate scan --org <id> --cloud gcp [--organization <number> | --folder <number>] [--project-id <pool project> --project-number <n>] [--json]   (the last connected when not given)',
  summary: "What's in the customer's estate: the organization's accounts (or the management group's subscriptions), connected, new, excluded or suspended (no code needed).",
  options: {
    org: { type: 'string' },
    cloud: { type: 'string' },
    'tenant-id': { type: 'string' },
    'management-group': { type: 'string' },
    organization: { type: 'string' },
    folder: { type: 'string' },
    'project-id': { type: 'string' },
    'project-number': { type: 'string' },
    json: { type: 'boolean', default: false },
    ...SELECTION_FLAGS,
  },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    if (sub !== 'scan') throw new CliUsageError('Use "estate scan --org <id> --cloud aws".');
    const orgId = requireOrg(ctx);
    const cloud = str(ctx, 'cloud');
    if (cloud === undefined) throw new CliUsageError('Missing --cloud aws|azure|gcp.');
    if (cloud !== 'aws' && cloud !== 'azure' && cloud !== 'gcp') throw new CliUsageError('--cloud takes aws (an AWS Organization), azure (a management group) or gcp (an organisation or folder).');
    const given = selectionFromFlags(ctx);
    if (cloud !== 'aws' && given) throw new CliUsageError(`--include-ou, --exclude-ou and --exclude-account choose parts of an AWS Organization: ${cloud === 'azure' ? 'an Azure management group' : 'a GCP organisation or folder'} is read whole.`);
    const tenantId = str(ctx, 'tenant-id');
    const managementGroupId = str(ctx, 'management-group');
    if (cloud !== 'azure' && (tenantId !== undefined || managementGroupId !== undefined)) throw new CliUsageError('--tenant-id and --management-group name an Azure management group: use them with --cloud azure.');
    const gcpFlags = gcpScanFlags(ctx);
    if (cloud !== 'gcp' && Object.keys(gcpFlags).length) throw new CliUsageError('--organization, --folder, --project-id and --project-number name a GCP organisation or folder and the pool\'s project: use them with --cloud gcp.');
    const input = checked(estateScan.input, {
      orgId,
      cloud,
      ...(given ? { selection: given } : {}),
      ...(tenantId !== undefined ? { tenantId } : {}),
      ...(managementGroupId !== undefined ? { managementGroupId } : {}),
      ...gcpFlags,
    });
    const scan = await ctx.session().value(estateScan, input);
    if (ctx.json) {
      printJson(ctx.io, scan);
      return EXIT.ok;
    }
    const c = scan.counts;
    if (scan.cloud === 'azure') ctx.io.out(safe`${scan.scope.name} (tenant ${scan.tenantId ?? ''}): ${c.total} subscriptions — ${c.connected} connected, ${c.new} new\n`);
    else if (scan.cloud === 'gcp') ctx.io.out(safe`${scan.scope.name}: ${c.total} projects — ${c.connected} connected, ${c.new} new${c.suspended ? `, ${c.suspended} being deleted` : ''}\n`);
    else ctx.io.out(safe`${scan.scope.name}: ${c.total} member accounts — ${c.connected} connected, ${c.new} new, ${c.excluded} excluded, ${c.suspended} suspended\n`);
    renderSelection(ctx.io, scan.selection);
    for (const id of scan.unknownInSelection) ctx.io.out(safe`  ! the selection names ${id}, which the organization no longer holds\n`);
    if (scan.ignoredItems) ctx.io.out(`  ! ${ignoredItemsNote(scan.ignoredItems, scan.cloud === 'gcp' ? 'gcp' : 'azure')}\n`);
    if (scan.stackSet?.note) ctx.io.out(safe`  ! ${scan.stackSet.note}\n`);
    for (const e of scan.entries) {
      const si = e.stackInstance;
      ctx.io.out(safe`  ${MARK[e.state]} ${e.id}  ${e.state.padEnd(10)} ${e.name}  (${e.path})${si ? `  [stack instance: ${si.state}]` : ''}\n`);
      if (e.reason) ctx.io.out(safe`      ${e.reason}\n`);
      if (si && si.state !== 'present') ctx.io.out(safe`      CloudFormation: ${si.detail}${si.reason ? ` — ${si.reason}` : ''}\n`);
    }
    if (c.new && scan.cloud === 'gcp') {
      const [kind, number] = scan.scope.id.split('/');
      ctx.io.out(
        safe`\nConnect the new ones: alphaswarm-onboard connect gcp --org ${shellQuote(orgId)} ${kind === 'organizations' ? '--organization' : '--folder'} ${number ?? ''} --project-id ${shellQuote(scan.poolProject?.projectId ?? '')} --project-number ${scan.poolProject?.projectNumber ?? ''} --discover --otp CODE\n`,
      );
    } else if (c.new && scan.cloud === 'azure') ctx.io.out(safe`\nConnect the new ones: alphaswarm-onboard connect azure --org ${shellQuote(orgId)} --tenant-id ${scan.tenantId ?? ''} --management-group ${shellQuote(scan.scope.id)} --discover --otp CODE\n`);
    else if (c.new) ctx.io.out(safe`\nConnect the new ones: alphaswarm-onboard connect aws --org ${orgId} --from-organization --otp CODE\n`);
    return EXIT.ok;
  },
};
