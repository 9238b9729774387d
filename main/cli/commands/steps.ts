import type { PermissionCheck } from '../../../shared/ipc/clouds/common.js';
import type { CliIo } from '../io.js';
import { EXIT, printJson } from '../output.js';
import { cloudArg, TARGET_FLAGS, targetPayload } from './cloud-target.js';
import { type Command, type CommandContext, str } from './types.js';

interface PermissionsValue {
  readonly allGranted: boolean;
  readonly checks: readonly PermissionCheck[];
  readonly remediation: readonly { title: string; content: string; description: string }[];
}

/** A missing permission blocks; one that could not be verified read-only is shown, not blocking. */
export function hasMissing(v: PermissionsValue): boolean {
  return v.checks.some((c) => c.status === 'missing');
}

export function renderIdentity(io: CliIo, v: Record<string, unknown>): void {
  io.out('✓ identity validated\n');
  for (const [k, val] of Object.entries(v)) if (k !== 'cloud' && typeof val === 'string') io.out(`  ${k}: ${val}\n`);
}

export function renderPermissions(io: CliIo, v: PermissionsValue): void {
  const granted = v.checks.filter((c) => c.status === 'granted').length;
  io.out(`${v.allGranted ? '✓' : hasMissing(v) ? '✗' : '~'} permissions: ${granted}/${v.checks.length} granted\n`);
  for (const c of v.checks) {
    const mark = c.status === 'granted' ? '✓' : c.status === 'missing' ? '✗ Missing required' : '? Could not be verified';
    io.out(`  ${mark}  ${c.name}${c.cause ? ` — ${c.cause}` : ''}\n`);
    if (c.remedy && c.status !== 'granted') io.out(`      fix: ${c.remedy}\n`);
  }
  for (const r of v.remediation) io.out(`\n── ${r.title} ──\n${r.description}\n${r.content}`);
}

export function renderEnumeration(io: CliIo, v: Record<string, unknown>): void {
  for (const [k, val] of Object.entries(v)) {
    if (!Array.isArray(val)) continue;
    io.out(`✓ ${k}: ${val.length}\n`);
    for (const item of val) io.out(`  ${typeof item === 'object' && item && 'name' in item ? String((item as { name: unknown }).name) : JSON.stringify(item)}\n`);
  }
}

type StepKind = 'identity' | 'permissions' | 'enumerate';

const STEP_CHANNELS: Readonly<Record<StepKind, string>> = {
  identity: 'cloud:validateIdentity',
  permissions: 'cloud:validatePermissions',
  enumerate: 'cloud:enumerate',
};

async function runStep(ctx: CommandContext, step: StepKind): Promise<number> {
  const cloud = cloudArg(ctx);
  const payload = await targetPayload(ctx, cloud);
  const session = ctx.session();
  await session.stepUp(payload.orgId as string, str(ctx, 'otp'));
  const value = await session.value<Record<string, unknown>>(STEP_CHANNELS[step], payload);
  if (ctx.json) printJson(ctx.io, value);
  else if (step === 'identity') renderIdentity(ctx.io, value);
  else if (step === 'permissions') renderPermissions(ctx.io, value as unknown as PermissionsValue);
  else renderEnumeration(ctx.io, value);
  return step === 'permissions' && hasMissing(value as unknown as PermissionsValue) ? EXIT.cloudRefused : EXIT.ok;
}

const TARGET_USAGE =
  '--org <id> (aws: --role-arn <arn> [--region <r>] | azure: --tenant-id <guid> --subscription-id <guid> | gcp: --project-id <id> --project-number <n> | cloudflare: --template <t> --token-stdin [--account-id <id>] [--account-owned]) [--otp <code>] [--json]';

export const validateIdentityCommand: Command = {
  name: 'validate-identity',
  usage: `validate-identity <cloud> ${TARGET_USAGE}`,
  summary: 'Step 3: prove AlphaSwarm can sign in to the customer account (step-up).',
  options: TARGET_FLAGS,
  run: (ctx) => runStep(ctx, 'identity'),
};

export const validatePermissionsCommand: Command = {
  name: 'validate-permissions',
  usage: `validate-permissions <cloud> ${TARGET_USAGE}`,
  summary: 'Step 4: check the baseline permissions (step-up). Exit 1 when any is missing.',
  options: TARGET_FLAGS,
  run: (ctx) => runStep(ctx, 'permissions'),
};

export const enumerateCommand: Command = {
  name: 'enumerate',
  usage: `enumerate <cloud> ${TARGET_USAGE}`,
  summary: 'Step 4*: list what the connection can see (step-up).',
  options: TARGET_FLAGS,
  run: (ctx) => runStep(ctx, 'enumerate'),
};

export const connectCommand: Command = {
  name: 'connect',
  usage: `connect <cloud> ${TARGET_USAGE}`,
  summary: 'Steps 3, 4 and 4*, then save — all under one step-up.',
  options: TARGET_FLAGS,
  async run(ctx) {
    const cloud = cloudArg(ctx);
    const payload = await targetPayload(ctx, cloud);
    const session = ctx.session();
    await session.stepUp(payload.orgId as string, str(ctx, 'otp'));
    const identity = await session.value<Record<string, unknown>>('cloud:validateIdentity', payload);
    if (!ctx.json) renderIdentity(ctx.io, identity);
    const permissions = await session.value<PermissionsValue>('cloud:validatePermissions', payload);
    if (!ctx.json) renderPermissions(ctx.io, permissions);
    if (hasMissing(permissions)) {
      if (ctx.json) printJson(ctx.io, { identity, permissions, connection: null });
      else ctx.io.err('Not saved: grant the missing permissions above, then run connect again.\n');
      return EXIT.cloudRefused;
    }
    const enumeration = await session.value<Record<string, unknown>>('cloud:enumerate', payload);
    if (!ctx.json) renderEnumeration(ctx.io, enumeration);
    const saved = await session.value<{ connection: { credentialKey: string } }>('cloud:connect', payload);
    if (ctx.json) printJson(ctx.io, { identity, permissions, enumeration, connection: saved.connection });
    else ctx.io.out(`✓ saved under ${saved.connection.credentialKey}\n`);
    return EXIT.ok;
  },
};
