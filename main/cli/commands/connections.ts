import * as cloudContracts from '../../../shared/ipc/cloud-onboarding.js';
import { CLOUD_KINDS, CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import type { CleanupItem, CleanupStep, ConnectionSummary } from '../../../shared/ipc/clouds/common.js';
import { CliUsageError, EXIT, printJson, shownWord, unexpectedArgument } from '../output.js';
import { cloudArg, requireOrg } from './cloud-target.js';
import { type Command, type CommandContext, str } from './types.js';
import { safe } from '../terminal.js';

export const listCommand: Command = {
  name: 'list',
  usage: 'list [--org <id>] [--json]',
  summary: 'The saved connections, for one org or all, grouped by org and cloud, the primary first.',
  options: { org: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const orgId = str(ctx, 'org');
    const { connections } = await ctx.session().value(ctx.clouds.steps.list, orgId === undefined ? {} : { orgId });
    if (ctx.json) {
      printJson(ctx.io, { connections });
      return EXIT.ok;
    }
    if (connections.length === 0) {
      ctx.io.out(orgId ? `No connections for ${orgId}.\n` : 'No connections yet.\n');
      return EXIT.ok;
    }
    let org = '';
    for (const c of connections) {
      if (c.orgId !== org) {
        org = c.orgId;
        const count = connections.filter((x) => x.orgId === org).length;
        ctx.io.out(safe`${org} (${count} connection${count === 1 ? '' : 's'})\n`);
      }
      const sent = deliveryLine(c.delivery, c.exportedAt);
      ctx.io.out(safe`  ${ctx.clouds.descriptor(c.cloud).label.padEnd(12)} ${c.identifier.padEnd(36)} ${c.status.padEnd(15)} ${c.primary ? 'primary ' : '        '} ${sent}${c.expiresOn ? `  expires ${c.expiresOn}` : ''}${c.tier && c.tier !== 'standard' ? `  tier ${c.tier}` : ''}\n`);
      if (c.statusReason) ctx.io.out(safe`      ! ${c.statusReason}\n`);
    }
    return EXIT.ok;
  },
};

function printCleanup(ctx: CommandContext, reason: string, steps: readonly CleanupStep[]): void {
  ctx.io.out(safe`Vendor-side cleanup — the app does not do this for you: ${reason}\n`);
  for (const step of steps) ctx.io.out(`\n── ${step.title} ──\n${step.content}`);
}

export const disconnectCommand: Command = {
  name: 'disconnect',
  usage: 'disconnect <cloud> --org <id> [--account <id>] [--verify-cleanup] [--otp <code>] [--json]',
  summary: 'Drop one connection and its secret (step-up), print the vendor-side cleanup (kept as a cleanup item until verified).',
  options: { org: { type: 'string' }, account: { type: 'string' }, otp: { type: 'string' }, json: { type: 'boolean', default: false }, 'verify-cleanup': { type: 'boolean', default: false } },
  async run(ctx) {
    // Disconnect is this build's clouds' (a test cloud is carried through steps 1–5 and the list).
    const cloud = cloudArg(ctx, CLOUD_KINDS);
    const orgId = requireOrg(ctx);
    const account = str(ctx, 'account');
    const session = ctx.session();
    const otp = str(ctx, 'otp');
    const result = await session.stepped(cloudContracts.disconnect,
      { cloud, orgId, ...(account ? { account } : {}) },
      otp,
    );
    // Run only when asked: useful when the customer already removed the vendor side.
    const check = ctx.values['verify-cleanup'] === true ? await session.stepped(cloudContracts.verifyCleanup, { orgId, cleanupId: result.cleanupId }, otp) : undefined;
    if (ctx.json) {
      printJson(ctx.io, { ...result, verification: check ?? null });
      return check && !check.verified ? EXIT.cloudRefused : EXIT.ok;
    }
    ctx.io.out(safe`✓ removed ${result.removed.identifier} (${result.removed.credentialKey}) from this device\n`);
    if (result.promoted) ctx.io.out(safe`  ${result.promoted.identifier} is now ${orgId}'s primary ${CLOUD_LABELS[cloud]} connection (${result.promoted.credentialKey})\n`);
    ctx.io.out('\n');
    printCleanup(ctx, result.cleanupReason, result.cleanup);
    if (check) ctx.io.out(safe`\n${check.verified ? '✓ cleanup verified' : '✗ cleanup not done yet'}: ${check.detail}\n`);
    else ctx.io.out(safe`\nWhen the customer's admin has done it: alphaswarm-onboard cleanup verify --org ${orgId} --id ${result.cleanupId}\n`);
    return check && !check.verified ? EXIT.cloudRefused : EXIT.ok;
  },
};

/** Which pending cleanup item a `cleanup verify|dismiss` means: by --id, or the only one for --cloud. */
async function pickItem(ctx: CommandContext, orgId: string): Promise<CleanupItem> {
  const { items } = await ctx.session().value(cloudContracts.cleanupList, { orgId });
  const id = str(ctx, 'id');
  const cloud = str(ctx, 'cloud');
  const matches = items.filter((i) => (id === undefined || i.id === id) && (cloud === undefined || i.cloud === cloud));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new CliUsageError(`No pending cleanup for ${orgId}${cloud ? ` on ${cloud}` : ''}${id ? ` with the id given (${shownWord(id)})` : ''}. "cleanup list --org ${orgId}" shows what is pending.`);
  throw new CliUsageError(`${orgId} has ${matches.length} pending cleanups${cloud ? ` on ${cloud}` : ''}: name one with --id (${matches.map((m) => `${m.id} = ${m.identifier}`).join(', ')}).`);
}

export const cleanupCommand: Command = {
  name: 'cleanup',
  usage: 'cleanup list [--org ID] [--all] [--json] | cleanup verify --org ID (--cloud C | --id ID) [--otp CODE] [--json] | cleanup dismiss --org ID (--cloud C | --id ID) --reason TEXT [--otp CODE]',
  summary: 'Vendor-side cleanup still to confirm after a disconnect: list it, verify it (read-only), or dismiss it with a reason.',
  options: {
    org: { type: 'string' },
    cloud: { type: 'string' },
    id: { type: 'string' },
    reason: { type: 'string' },
    all: { type: 'boolean', default: false },
    otp: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    const session = ctx.session();
    if (sub === 'list') {
      const orgId = str(ctx, 'org');
      const { items } = await session.value(cloudContracts.cleanupList, { ...(orgId ? { orgId } : {}), ...(ctx.values.all === true ? { includeClosed: true } : {}) });
      if (ctx.json) {
        printJson(ctx.io, { items });
        return EXIT.ok;
      }
      if (items.length === 0) ctx.io.out(orgId ? `No cleanup pending for ${orgId}.\n` : 'No cleanup pending.\n');
      for (const i of items) {
        ctx.io.out(safe`${i.status === 'pending' ? '!' : '✓'} ${i.orgId}\t${i.cloud}\t${i.identifier}\tremoved ${i.removedAt}\t${i.status}${i.lastDetail ? `\t${i.lastDetail}` : ''}\n  id ${i.id}\n`);
      }
      return EXIT.ok;
    }
    if (sub !== 'verify' && sub !== 'dismiss') throw new CliUsageError('Use "cleanup list", "cleanup verify" or "cleanup dismiss".');
    const orgId = requireOrg(ctx);
    if (sub === 'dismiss' && (str(ctx, 'reason') ?? '').trim().length < 3) throw new CliUsageError('Say why with --reason (for example "role kept for the customer\'s own use").');
    const item = await pickItem(ctx, orgId);
    if (sub === 'dismiss') {
      const out = await session.stepped(cloudContracts.dismissCleanup, { orgId, cleanupId: item.id, reason: str(ctx, 'reason')! }, str(ctx, 'otp'));
      if (ctx.json) printJson(ctx.io, out);
      else ctx.io.out(safe`✓ dismissed the cleanup of ${out.item.identifier} (${out.item.cloud}); the reason is in the audit log.\n`);
      return EXIT.ok;
    }
    const check = await session.stepped(cloudContracts.verifyCleanup, { orgId, cleanupId: item.id }, str(ctx, 'otp'));
    if (ctx.json) printJson(ctx.io, check);
    else ctx.io.out(safe`${check.verified ? '✓ cleanup verified' : '✗ cleanup not done yet'}: ${check.detail}\n`);
    return check.verified ? EXIT.ok : EXIT.cloudRefused;
  },
};

/** `primary <cloud> --org ID --account ID`: which connection is the org's primary for a cloud. */
export const primaryCommand: Command = {
  name: 'primary',
  usage: 'primary <cloud> --org ID --account ID [--otp CODE] [--json]',
  summary: "Make one connection the org's primary for its cloud (keyed org:<org_id>; the old one gets its own key).",
  options: { org: { type: 'string' }, account: { type: 'string' }, otp: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const cloud = cloudArg(ctx, CLOUD_KINDS);
    const orgId = requireOrg(ctx);
    const account = str(ctx, 'account');
    if (!account) throw new CliUsageError('Missing --account <id>: which connection becomes the primary.');
    const out = await ctx.session().stepped(cloudContracts.setPrimary, { cloud, orgId, account }, str(ctx, 'otp'));
    if (ctx.json) printJson(ctx.io, out);
    else ctx.io.out(safe`✓ ${account} is now ${orgId}'s primary ${CLOUD_LABELS[cloud]} connection (${out.connection.credentialKey})\n`);
    return EXIT.ok;
  },
};

/** A connection's delivery state in a line: only a verified receipt says delivered. */
function deliveryLine(d: ConnectionSummary['delivery'], exportedAt: string | null): string {
  if (d.state === 'delivered') return `delivered ${d.deliveredAt ?? ''} (receipt ${d.receiptJti ?? ''})`;
  if (d.state === 'queued') return 'queued for the platform';
  if (d.state === 'refused') return `refused by the platform: ${d.reason ?? ''}`;
  return exportedAt ? `not yet sent to the platform (exported ${exportedAt}, not delivered)` : 'not yet sent to the platform';
}
