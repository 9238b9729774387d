import type { TargetInput } from '../../../shared/ipc/cloud-onboarding.js';
import { checked } from './checked-input.js';
import { CLOUDS, type CliField } from '../../../shared/clouds/index.js';
import type { CloudKind } from '../../../shared/domain/cloud.js';
import { flagsOf, refusedSecretFlags } from './cli-clouds.js';
import { CliUsageError, shownWord, unexpectedArgument } from '../output.js';
import { type CommandContext, type OptionSpec, str } from './types.js';

const REFUSED_SECRET_FLAGS = refusedSecretFlags(CLOUDS);

/** Flags that name what is being connected, per cloud (read off each cloud's descriptor). */
export const TARGET_FLAGS: OptionSpec = {
  org: { type: 'string' },
  ...flagsOf((c) => c.cli.target),
  ...REFUSED_SECRET_FLAGS,
  otp: { type: 'string' },
  json: { type: 'boolean', default: false },
};

/** Step 2's optional flags, per cloud. */
export const BOOTSTRAP_FLAGS: OptionSpec = flagsOf((c) => c.cli.bootstrap);

function usageOf(field: CliField): string {
  const shown = `--${field.flag}${field.value ? ` ${field.value}` : ''}`;
  return field.missing ? shown : `[${shown}]`;
}

/** `aws: --role-arn <arn> [--region <r>] | azure: …`: each cloud's target flags. */
export const TARGET_USAGE = `--org <id> (${CLOUDS.map((c) => `${c.kind}: ${c.cli.target.map(usageOf).join(' ')}`).join(' | ')}) [--otp <code>] [--json]`;

/** `[azure: --tenant-id <guid> …] [gcp: …]`: the clouds whose step 2 takes flags. */
export const BOOTSTRAP_USAGE = CLOUDS.filter((c) => c.cli.bootstrap.length > 0)
  .map((c) => `[${c.kind}: ${c.cli.bootstrap.map((f) => `--${f.flag}${f.value ? ` ${f.value}` : ''}`).join(' ')}]`)
  .join(' ');

export function cloudArg(ctx: CommandContext, supported: readonly CloudKind[] = ctx.clouds.kinds): CloudKind {
  const cloud = ctx.positionals[0];
  if (!cloud) throw new CliUsageError(`Name the cloud: one of ${supported.join(', ')}.`);
  const known = supported.find((c) => c === cloud);
  if (known === undefined) throw new CliUsageError(`${shownWord(cloud)} is not a cloud this command knows (${supported.join(', ')}).`);
  if (ctx.positionals.length > 1) throw unexpectedArgument(2);
  return known;
}

export function requireOrg(ctx: CommandContext): string {
  const org = str(ctx, 'org');
  if (org === undefined) throw new CliUsageError('Missing --org <org_id>.');
  return org;
}

/** Extra, optional bootstrap inputs per cloud (they make commands and links concrete). */
export function bootstrapExtras(ctx: CommandContext, cloud: CloudKind): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  const fields: readonly CliField[] = ctx.clouds.descriptor(cloud).cli.bootstrap;
  for (const field of fields) {
    const value = str(ctx, field.flag);
    if (value !== undefined) extras[field.field] = value;
  }
  return extras;
}

/** The channel payload for steps 3–5, built from the flags of the chosen cloud. */
export async function targetPayload(ctx: CommandContext, cloud: CloudKind): Promise<TargetInput> {
  return checked(ctx.clouds.steps.targetInput, await rawTarget(ctx, cloud));
}

/** The chosen cloud's target flags, as its descriptor lists them, checked in order; a secret is read from stdin last. */
async function rawTarget(ctx: CommandContext, cloud: CloudKind): Promise<Record<string, unknown>> {
  const orgId = requireOrg(ctx);
  const fields: readonly CliField[] = ctx.clouds.descriptor(cloud).cli.target;
  for (const field of fields) {
    if (field.type === 'stdin' && str(ctx, field.field) !== undefined) {
      throw new CliUsageError(`The ${field.field} is never taken as an argument (it would stay in your shell history): pipe it in with --${field.flag}.`);
    }
  }
  const raw: Record<string, unknown> = { cloud, orgId };
  for (const field of fields) {
    if (field.type === 'string') {
      const value = str(ctx, field.flag);
      if (value === undefined && field.missing) throw new CliUsageError(field.missing);
      if (value !== undefined) raw[field.field] = value;
    } else if (field.type === 'stdin') {
      if (ctx.values[field.flag] !== true) throw new CliUsageError(field.missing ?? `Pass the ${field.field} on standard input with --${field.flag}.`);
    } else if (ctx.values[field.flag] === true) {
      raw[field.field] = true;
    }
  }
  for (const field of fields) if (field.type === 'stdin') raw[field.field] = (await ctx.io.readStdin()).trim();
  return raw;
}
