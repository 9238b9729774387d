import type { CleanupStep, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { EXIT, printJson } from '../output.js';
import { cloudArg, requireOrg } from './cloud-target.js';
import { type Command, str } from './types.js';

export const listCommand: Command = {
  name: 'list',
  usage: 'list [--org <id>] [--json]',
  summary: 'The saved connections, for one org or all.',
  options: { org: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const orgId = str(ctx, 'org');
    const { connections } = await ctx.session().value<{ connections: ConnectionSummary[] }>('cloud:list', orgId === undefined ? {} : { orgId });
    if (ctx.json) {
      printJson(ctx.io, { connections });
      return EXIT.ok;
    }
    if (connections.length === 0) {
      ctx.io.out(orgId ? `No connections for ${orgId}.\n` : 'No connections yet.\n');
      return EXIT.ok;
    }
    for (const c of connections) {
      ctx.io.out(`${c.orgId}\t${c.cloud}\t${c.identifier}\t${c.status}\t${c.label}${c.expiresOn ? `\texpires ${c.expiresOn}` : ''}\n`);
      if (c.statusReason) ctx.io.out(`\t! ${c.statusReason}\n`);
    }
    return EXIT.ok;
  },
};

export const disconnectCommand: Command = {
  name: 'disconnect',
  usage: 'disconnect <cloud> --org <id> [--verify-cleanup] [--otp <code>] [--json]',
  summary: 'Drop the local record and its secret (step-up), print the vendor-side cleanup; optionally check it is done.',
  options: { org: { type: 'string' }, otp: { type: 'string' }, json: { type: 'boolean', default: false }, 'verify-cleanup': { type: 'boolean', default: false } },
  async run(ctx) {
    const cloud = cloudArg(ctx);
    const orgId = requireOrg(ctx);
    const session = ctx.session();
    await session.stepUp(orgId, str(ctx, 'otp'));
    const result = await session.value<{ removed: ConnectionSummary; cleanup: CleanupStep[]; cleanupReason: string; cleanupId: string }>('cloud:disconnect', { cloud, orgId });
    // Run only when asked: useful when the customer already removed the vendor side.
    const check =
      ctx.values['verify-cleanup'] === true ? await session.value<{ verified: boolean; detail: string }>('cloud:verifyCleanup', { orgId, cleanupId: result.cleanupId }) : undefined;
    if (ctx.json) {
      printJson(ctx.io, { ...result, verification: check ?? null });
      return check && !check.verified ? EXIT.cloudRefused : EXIT.ok;
    }
    ctx.io.out(`✓ removed ${result.removed.credentialKey} (${result.removed.identifier}) from this device\n\n`);
    ctx.io.out(`Vendor-side cleanup — the app does not do this for you: ${result.cleanupReason}\n`);
    for (const step of result.cleanup) ctx.io.out(`\n── ${step.title} ──\n${step.content}`);
    if (check) ctx.io.out(`\n${check.verified ? '✓ cleanup verified' : '✗ cleanup not done yet'}: ${check.detail}\n`);
    return check && !check.verified ? EXIT.cloudRefused : EXIT.ok;
  },
};
