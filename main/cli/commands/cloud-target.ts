import { describeValue } from '../../../shared/domain/describe.js';
import { type TargetInput, targetInput } from '../../../shared/ipc/cloud-onboarding.js';
import { checked } from './checked-input.js';
import { CLOUD_KINDS, type CloudKind } from '../../../shared/domain/cloud.js';
import { CliUsageError } from '../output.js';
import { type CommandContext, type OptionSpec, str } from './types.js';

/** Flags that name what is being connected, per cloud. */
export const TARGET_FLAGS: OptionSpec = {
  org: { type: 'string' },
  'role-arn': { type: 'string' },
  region: { type: 'string' },
  'tenant-id': { type: 'string' },
  'subscription-id': { type: 'string' },
  'project-id': { type: 'string' },
  'project-number': { type: 'string' },
  template: { type: 'string' },
  'account-id': { type: 'string' },
  'account-owned': { type: 'boolean', default: false },
  'token-stdin': { type: 'boolean', default: false },
  // Declared only to refuse it with a reason: a token on the command line lands in shell history.
  token: { type: 'string' },
  otp: { type: 'string' },
  json: { type: 'boolean', default: false },
};

export function cloudArg(ctx: CommandContext, supported: readonly CloudKind[] = CLOUD_KINDS): CloudKind {
  const cloud = ctx.positionals[0];
  if (!cloud) throw new CliUsageError(`Name the cloud: one of ${supported.join(', ')}.`);
  if (!(supported as readonly string[]).includes(cloud)) throw new CliUsageError(`"${cloud}" is not a cloud this command knows (${supported.join(', ')}).`);
  if (ctx.positionals.length > 1) throw new CliUsageError(`Unexpected argument "${ctx.positionals[1]}".`);
  return cloud as CloudKind;
}

export function requireOrg(ctx: CommandContext): string {
  const org = str(ctx, 'org');
  if (org === undefined) throw new CliUsageError('Missing --org <org_id>.');
  return org;
}

/** Extra, optional bootstrap inputs per cloud (they make commands and links concrete). */
export function bootstrapExtras(ctx: CommandContext, cloud: CloudKind): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  if (cloud === 'azure') {
    const tenantId = str(ctx, 'tenant-id');
    const subscriptionId = str(ctx, 'subscription-id');
    if (tenantId !== undefined) extras.tenantId = tenantId;
    if (subscriptionId !== undefined) extras.subscriptionId = subscriptionId;
  }
  if (cloud === 'gcp') {
    const projectId = str(ctx, 'project-id');
    const projectNumber = str(ctx, 'project-number');
    const memberScope = str(ctx, 'member-scope');
    if (projectId !== undefined) extras.projectId = projectId;
    if (projectNumber !== undefined) extras.projectNumber = projectNumber;
    if (memberScope !== undefined) extras.memberScope = memberScope;
  }
  if (cloud === 'cloudflare') {
    const template = str(ctx, 'template');
    if (template !== undefined) extras.template = template;
  }
  return extras;
}

/** The channel payload for steps 3–5, built from the flags of the chosen cloud. */
export async function targetPayload(ctx: CommandContext, cloud: CloudKind): Promise<TargetInput> {
  return checked(targetInput, await rawTarget(ctx, cloud));
}

async function rawTarget(ctx: CommandContext, cloud: CloudKind): Promise<Record<string, unknown>> {
  const orgId = requireOrg(ctx);
  switch (cloud) {
    case 'aws': {
      const roleArn = str(ctx, 'role-arn');
      if (roleArn === undefined) throw new CliUsageError('Missing --role-arn <arn> (the role the customer created in step 2).');
      const region = str(ctx, 'region');
      return { cloud, orgId, roleArn, ...(region !== undefined ? { region } : {}) };
    }
    case 'azure': {
      const tenantId = str(ctx, 'tenant-id');
      const subscriptionId = str(ctx, 'subscription-id');
      if (tenantId === undefined) throw new CliUsageError("Missing --tenant-id <guid> (the customer's Entra tenant).");
      if (subscriptionId === undefined) throw new CliUsageError('Missing --subscription-id <guid>.');
      return { cloud, orgId, tenantId, subscriptionId };
    }
    case 'gcp': {
      const projectId = str(ctx, 'project-id');
      const projectNumber = str(ctx, 'project-number');
      if (projectId === undefined) throw new CliUsageError('Missing --project-id <id> (the name-like id).');
      if (projectNumber === undefined) throw new CliUsageError("Missing --project-number <digits> (gcloud projects describe <id> --format='value(projectNumber)').");
      return { cloud, orgId, projectId, projectNumber };
    }
    case 'cloudflare': {
      if (str(ctx, 'token') !== undefined) {
        throw new CliUsageError('The token is never taken as an argument (it would stay in your shell history): pipe it in with --token-stdin.');
      }
      const template = str(ctx, 'template');
      if (template === undefined) throw new CliUsageError('Missing --template <dns_edit|tunnel|access|worker|r2>.');
      if (ctx.values['token-stdin'] !== true) throw new CliUsageError('Pass the token on standard input with --token-stdin, e.g. pbpaste | alphaswarm-onboard … --token-stdin.');
      const token = (await ctx.io.readStdin()).trim();
      const accountId = str(ctx, 'account-id');
      return {
        cloud,
        orgId,
        template,
        token,
        ...(accountId !== undefined ? { accountId } : {}),
        ...(ctx.values['account-owned'] === true ? { accountOwned: true } : {}),
      };
    }
    default:
      throw new CliUsageError(`${describeValue(cloud)} is not available in this build.`);
  }
}
