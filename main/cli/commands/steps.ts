import * as cloudContracts from '../../../shared/ipc/cloud-onboarding.js';
import { CONNECTION_NOUNS, type CloudKind } from '../../../shared/domain/cloud.js';
import type { BatchProgress } from '../../../shared/ipc/batch.js';
import type { PermissionCheck } from '../../../shared/ipc/clouds/common.js';
import { type TargetList, parseTargetList, targetListOf } from '../../onboarding/target-list.js';
import { readInputFile } from '../input-file.js';
import type { CliIo } from '../io.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { cloudArg, requireOrg, TARGET_FLAGS, TARGET_USAGE, targetPayload } from './cloud-target.js';
import { batchInput } from '../../../shared/ipc/cloud-onboarding.js';
import { checked } from './checked-input.js';
import { awsPartitionSchema } from '../../../shared/ipc/clouds/aws.js';
import { type Command, type CommandContext, str, strs } from './types.js';
import { safe } from '../terminal.js';
import { SELECTION_FLAGS, connectFromGcpParent, connectFromManagementGroup, connectFromOrganization } from './estate.js';

interface PermissionsValue {
  readonly allGranted: boolean;
  readonly checks: readonly PermissionCheck[];
  readonly remediation: readonly { title: string; content: string; description: string }[];
}

/** A missing permission blocks; one that could not be verified read-only is shown, not blocking. */
export function hasMissing(v: PermissionsValue): boolean {
  return v.checks.some((c) => c.status === 'missing');
}

export function renderIdentity(io: CliIo, v: object): void {
  io.out('✓ identity validated\n');
  for (const [k, val] of Object.entries(v)) if (k !== 'cloud' && typeof val === 'string') io.out(safe`  ${k}: ${val}\n`);
}

export function renderPermissions(io: CliIo, v: PermissionsValue): void {
  const granted = v.checks.filter((c) => c.status === 'granted').length;
  io.out(safe`${v.allGranted ? '✓' : hasMissing(v) ? '✗' : '~'} permissions: ${granted}/${v.checks.length} granted\n`);
  for (const c of v.checks) {
    const mark = c.status === 'granted' ? '✓' : c.status === 'missing' ? '✗ Missing required' : '? Could not be verified';
    io.out(safe`  ${mark}  ${c.name}${c.cause ? ` — ${c.cause}` : ''}\n`);
    if (c.remedy && c.status !== 'granted') io.out(safe`      fix: ${c.remedy}\n`);
  }
  for (const r of v.remediation) io.out(`\n── ${r.title} ──\n${r.description}\n${r.content}`);
}

export function renderEnumeration(io: CliIo, v: object): void {
  for (const [k, val] of Object.entries(v)) {
    if (!Array.isArray(val)) continue;
    io.out(safe`✓ ${k}: ${val.length}\n`);
    for (const item of val) io.out(safe`  ${typeof item === 'object' && item && 'name' in item ? String((item as { name: unknown }).name) : JSON.stringify(item)}\n`);
  }
}

type StepKind = 'identity' | 'permissions' | 'enumerate';

async function runStep(ctx: CommandContext, step: StepKind): Promise<number> {
  const cloud = cloudArg(ctx);
  const payload = await targetPayload(ctx, cloud);
  const session = ctx.session();
  const otp = str(ctx, 'otp');
  if (step === 'permissions') {
    const value = await session.stepped(ctx.clouds.steps.validatePermissions, payload, otp);
    if (ctx.json) printJson(ctx.io, value);
    else renderPermissions(ctx.io, value);
    return hasMissing(value) ? EXIT.cloudRefused : EXIT.ok;
  }
  const value = step === 'identity' ? await session.stepped(ctx.clouds.steps.validateIdentity, payload, otp) : await session.stepped(ctx.clouds.steps.enumerate, payload, otp);
  if (ctx.json) printJson(ctx.io, value);
  else if (step === 'identity') renderIdentity(ctx.io, value);
  else renderEnumeration(ctx.io, value);
  return EXIT.ok;
}


export const validateIdentityCommand: Command = {
  name: 'validate-identity',
  usage: `validate-identity <cloud> ${TARGET_USAGE}`,
  summary: 'Step 3: prove AlphaSwarm can sign in to the customer account (step-up).',
  options: TARGET_FLAGS,
  cloudFlags: 'target',
  run: (ctx) => runStep(ctx, 'identity'),
};

export const validatePermissionsCommand: Command = {
  name: 'validate-permissions',
  usage: `validate-permissions <cloud> ${TARGET_USAGE}`,
  summary: 'Step 4: check the baseline permissions (step-up). Exit 1 when any is missing.',
  options: TARGET_FLAGS,
  cloudFlags: 'target',
  run: (ctx) => runStep(ctx, 'permissions'),
};

export const enumerateCommand: Command = {
  name: 'enumerate',
  usage: `enumerate <cloud> ${TARGET_USAGE}`,
  summary: 'Step 4*: list what the connection can see (step-up).',
  options: TARGET_FLAGS,
  cloudFlags: 'target',
  run: (ctx) => runStep(ctx, 'enumerate'),
};

const CONNECT_FLAGS = {
  ...TARGET_FLAGS,
  add: { type: 'boolean', default: false },
  replace: { type: 'boolean', default: false },
  'replace-account': { type: 'string' },
  accounts: { type: 'string' },
  project: { type: 'string', multiple: true },
  'subscription-id': { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'from-organization': { type: 'boolean', default: false },
  'management-group': { type: 'string' },
  organization: { type: 'string' },
  folder: { type: 'string' },
  discover: { type: 'boolean', default: false },
  ...SELECTION_FLAGS,
} as const;

/** --add / --replace [--replace-account ID], as the connect channel's choice. */
function choiceOf(ctx: CommandContext): Record<string, string> | undefined {
  const add = ctx.values.add === true;
  const replace = ctx.values.replace === true || str(ctx, 'replace-account') !== undefined;
  if (add && replace) throw new CliUsageError('Choose one: --add keeps the existing connection, --replace removes it.');
  if (add) return { mode: 'add' };
  if (replace) return { mode: 'replace', account: str(ctx, 'replace-account') ?? '' };
  return undefined;
}

/**
 * Every target of a "connect many" run, from --accounts, repeated --subscription-id or repeated
 * --project — read and checked as the window reads a pasted list, before any cloud call or code.
 */
function batchTargets(ctx: CommandContext, cloud: CloudKind, orgId: string): TargetList | undefined {
  const accountsFile = str(ctx, 'accounts');
  const subscriptions = strs(ctx, 'subscription-id');
  const projects = strs(ctx, 'project');
  let list: TargetList;
  let source: string;
  let where = (line: number) => `line ${line}`;
  if (cloud === 'aws' && accountsFile !== undefined) {
    const text = readInputFile(accountsFile, 'account list', 4 * 1024 * 1024);
    // --role-name, or the org's own: from the profile, Settings, or the pattern.
    const roleName = str(ctx, 'role-name') ?? ctx.session().services.providers.of('aws').roleNameFor(orgId);
    const region = str(ctx, 'region');
    const partition = checked(awsPartitionSchema.optional(), str(ctx, 'partition'));
    list = parseTargetList(cloud, text, { orgId, roleName, ...(region ? { region } : {}), ...(partition ? { partition } : {}) });
    source = accountsFile;
  } else if (cloud === 'azure' && subscriptions.length > 1) {
    const tenantId = str(ctx, 'tenant-id');
    if (tenantId === undefined) throw new CliUsageError("Missing --tenant-id <guid> (the customer's Entra tenant, shared by the subscriptions).");
    where = (n) => `--subscription-id #${n}`;
    list = targetListOf(cloud, subscriptions, { orgId, tenantId }, where);
    source = 'The subscriptions';
  } else if (cloud === 'gcp' && projects.length > 0) {
    where = (n) => `--project #${n}`;
    list = targetListOf(cloud, projects, { orgId }, where);
    source = 'The projects';
  } else {
    if (accountsFile !== undefined) throw new CliUsageError('--accounts is for AWS; use repeated --subscription-id (Azure) or --project id:number (GCP).');
    return undefined;
  }
  if (list.problems.length) throw new CliUsageError(`${source}: ${list.problems.map((p) => `${where(p.line)}: ${p.problem}`).join('; ')} Nothing was connected.`);
  if (list.targets.length === 0) throw new CliUsageError(`${source} lists no account ids.`);
  for (const s of list.skipped) ctx.io.err(safe`! skipped ${s}: not an active account\n`);
  return list;
}

export function renderBatch(io: CliIo, cloud: CloudKind, p: BatchProgress): void {
  const ok = p.results.filter((r) => r.status === 'connected' || r.status === 'updated');
  io.out(safe`${ok.length}/${p.total} ${CONNECTION_NOUNS[cloud]}s connected${p.cancelled ? ' (cancelled)' : ''}\n`);
  for (const r of p.results) {
    const mark = r.status === 'connected' ? '✓' : r.status === 'updated' ? '✓' : r.status === 'cancelled' ? '·' : '✗';
    io.out(safe`  ${mark} ${r.account}  ${r.status}${r.connection ? `  ${r.connection.credentialKey}` : ''}\n`);
    if (r.error) io.out(safe`      ${r.error.message}\n      next: ${r.error.hint}\n`);
  }
  const retry = p.results.filter((r) => r.status === 'refused' || r.status === 'failed').map((r) => r.account);
  if (retry.length) io.out(safe`\nRetry just these once fixed: ${retry.join(' ')}\n`);
}

async function connectMany(ctx: CommandContext, orgId: string, { cloud, targets }: TargetList): Promise<number> {
  const concurrency = str(ctx, 'concurrency');
  if (concurrency !== undefined && !/^\d+$/.test(concurrency)) throw new CliUsageError('--concurrency is a whole number from 1 to 64.');
  const session = ctx.session();
  const run = checked(batchInput, { cloud, orgId, targets, ...(concurrency !== undefined ? { concurrency: Number(concurrency) } : {}) });
  const { runId } = await session.stepped(cloudContracts.batchStart, run, str(ctx, 'otp'));
  const done = await session.services.batches.wait(runId);
  if (ctx.json) printJson(ctx.io, done);
  else renderBatch(ctx.io, cloud, done);
  // 0 only when every account of the list has its own result and is saved.
  const allSaved = done.results.length === done.total && done.results.every((r) => r.status === 'connected' || r.status === 'updated');
  return allSaved ? EXIT.ok : EXIT.cloudRefused;
}

export const connectCommand: Command = {
  name: 'connect',
  usage: `connect <cloud> ${TARGET_USAGE} [--add | --replace [--replace-account <id>]]\n      connect aws --org <id> --from-organization [--include-ou OU]… [--exclude-ou OU]… [--exclude-account ID]… [--concurrency N] --otp <code> [--json]\n      connect azure --org <id> --tenant-id <guid> --management-group <id> --discover [--concurrency N] --otp <code> [--json]\n      connect gcp --org <id> (--organization <number> | --folder <number>) [--project-id <pool project> --project-number <n>] --discover [--concurrency N] --otp <code> [--json]\n      connect aws --org <id> --accounts FILE --role-name <name> [--concurrency N] · azure: --tenant-id <guid> --subscription-id <guid> --subscription-id … · gcp: --project <id>:<number> …`,
  summary: 'Steps 3, 4 and 4*, then save — under one step-up. Many accounts at once with --accounts (AWS), repeated --subscription-id or --project.',
  options: { ...CONNECT_FLAGS, 'role-name': { type: 'string' } },
  cloudFlags: 'target',
  async run(ctx) {
    const cloud = cloudArg(ctx);
    const orgId = requireOrg(ctx);
    if (ctx.values['from-organization'] === true) {
      if (cloud !== 'aws') throw new CliUsageError(cloud === 'azure' ? '--from-organization reads an AWS Organization; for Azure use --management-group <id> --discover.' : '--from-organization reads an AWS Organization; for GCP use --organization <number> (or --folder <number>) --discover.');
      return connectFromOrganization(ctx, orgId, (p) => renderBatch(ctx.io, cloud, p));
    }
    if (cloud === 'gcp' && (ctx.values.discover === true || ctx.values.organization !== undefined || ctx.values.folder !== undefined)) {
      return connectFromGcpParent(ctx, orgId, (p) => renderBatch(ctx.io, cloud, p));
    }
    if (ctx.values.organization !== undefined || ctx.values.folder !== undefined) throw new CliUsageError('--organization and --folder read a GCP organisation or folder: use them with connect gcp.');
    if (ctx.values.discover === true || ctx.values['management-group'] !== undefined) {
      if (cloud !== 'azure') throw new CliUsageError('--management-group and --discover read an Azure management group: use them with connect azure.');
      return connectFromManagementGroup(ctx, orgId, (p) => renderBatch(ctx.io, cloud, p));
    }
    for (const flag of Object.keys(SELECTION_FLAGS)) {
      if (ctx.values[flag] !== undefined) throw new CliUsageError(`--${flag} chooses part of an organization: use it with --from-organization.`);
    }
    const many = batchTargets(ctx, cloud, orgId);
    if (many) return connectMany(ctx, orgId, many);
    const payload = await targetPayload(ctx, cloud);
    const choice = choiceOf(ctx);
    const session = ctx.session();
    const otp = str(ctx, 'otp');
    // Refused before any cloud call or code: another account needs --add or --replace.
    const connectPayload = checked(ctx.clouds.steps.connectInput, { ...payload, ...(choice ? { choice } : {}) });
    await session.value(ctx.clouds.steps.connectCheck, connectPayload);
    const identity = await session.stepped(ctx.clouds.steps.validateIdentity, payload, otp);
    if (!ctx.json) renderIdentity(ctx.io, identity);
    const permissions = await session.stepped(ctx.clouds.steps.validatePermissions, payload, otp);
    if (!ctx.json) renderPermissions(ctx.io, permissions);
    if (hasMissing(permissions)) {
      if (ctx.json) printJson(ctx.io, { identity, permissions, connection: null });
      else ctx.io.err('Not saved: grant the missing permissions above, then run connect again.\n');
      return EXIT.cloudRefused;
    }
    const enumeration = await session.stepped(ctx.clouds.steps.enumerate, payload, otp);
    if (!ctx.json) renderEnumeration(ctx.io, enumeration);
    const saved = await session.stepped(ctx.clouds.steps.connect, connectPayload, otp);
    if (ctx.json) printJson(ctx.io, { identity, permissions, enumeration, connection: saved.connection, updated: saved.updated, replaced: saved.replaced });
    else {
      ctx.io.out(safe`✓ ${saved.updated ? 'updated' : 'saved'} under ${saved.connection.credentialKey}${saved.connection.primary ? ' (primary)' : ''}\n`);
      if (saved.replaced) {
        ctx.io.out(safe`✓ replaced ${saved.replaced.removed.identifier}: its vendor-side cleanup is still to do (alphaswarm-onboard cleanup list --org ${orgId})\n`);
        for (const step of saved.replaced.cleanup) ctx.io.out(`\n── ${step.title} ──\n${step.content}`);
      }
      ctx.io.out('Not yet sent to the platform: export a signed bundle (alphaswarm-onboard bundle export --out FILE).\n');
    }
    return EXIT.ok;
  },
};

