import { z } from 'zod';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import * as platform from '../../../shared/ipc/platform.js';
import type { SendResult } from '../../../shared/ipc/platform.js';
import { orgIdSchema } from '../../../shared/ipc/schemas.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { safe } from '../terminal.js';
import { type Command, type CommandContext, str, strs } from './types.js';
import { checked } from './checked-input.js';

/**
 * What a send (or a flush) means for a script: 3 a receipt was refused, 1 the platform refused a
 * connection (the JSON names each), 4 queued and not delivered yet, 0 every connection delivered.
 */
export function sendExitCode(results: readonly SendResult[]): number {
  if (results.some((r) => r.receiptRejected)) return EXIT.rejected;
  if (results.some((r) => r.state === 'refused' || r.connections.some((c) => c.state === 'refused'))) return EXIT.cloudRefused;
  if (results.some((r) => r.state === 'queued')) return EXIT.queued;
  return EXIT.ok;
}

function printSend(ctx: CommandContext, r: SendResult): void {
  const head =
    r.state === 'delivered'
      ? `✓ delivered bundle ${r.jti}: receipt ${r.receiptJti ?? ''} at ${r.deliveredAt ?? ''}`
      : r.state === 'refused'
        ? `✗ refused by the platform: bundle ${r.jti}`
        : r.receiptRejected
          ? `✗ the platform's receipt for bundle ${r.jti} was refused; nothing is marked delivered`
          : `… queued, not delivered yet: bundle ${r.jti} (attempt ${r.attempts}, next try ${r.nextAttemptAt ?? 'on flush'})`;
  ctx.io.out(safe`${head}\n`);
  for (const c of r.connections) {
    ctx.io.out(safe`  ${c.orgId.padEnd(20)} ${CLOUD_LABELS[c.cloud].padEnd(12)} ${c.identifier.padEnd(36)} ${c.state}${c.state === 'refused' && c.reason ? `: ${c.reason}` : ''}\n`);
  }
  if (r.state !== 'delivered' && r.reason) ctx.io.err(safe`reason: ${r.reason}\n`);
  if (r.hint) ctx.io.err(safe`hint: ${r.hint}\n`);
}

async function login(ctx: CommandContext): Promise<number> {
  const session = ctx.session();
  const start = await session.value(platform.startSignIn, {});
  const minutes = Math.max(1, Math.round((Date.parse(start.expiresAt) - ctx.now()) / 60_000));
  // The code goes to the terminal even with --json (stderr): it is what the engineer types in the browser.
  const say = (t: string) => (ctx.json ? ctx.io.err(t) : ctx.io.out(t));
  say(safe`To sign in, open ${start.verificationUri}\nand enter the code:\n\n    ${start.userCode}\n\n`);
  if (start.verificationUriComplete) say(safe`(or open ${start.verificationUriComplete})\n`);
  say(safe`Waiting for you to approve it (the code expires in about ${minutes} minutes; Ctrl-C to stop)…\n`);
  const state = await session.value(platform.finishSignIn, { flowId: start.flowId });
  if (ctx.json) printJson(ctx.io, { ...state, userCode: start.userCode, verificationUri: start.verificationUri });
  else ctx.io.out(safe`✓ signed in to ${state.platformUrl ?? ''} (${state.scope ?? ''})\n`);
  return EXIT.ok;
}

async function showStatus(ctx: CommandContext): Promise<number> {
  const s = await ctx.session().value(platform.status, {});
  if (ctx.json) {
    printJson(ctx.io, s);
    return EXIT.ok;
  }
  ctx.io.out(safe`Platform: ${s.configuredUrl ?? 'not set (ALPHASWARM_ADMIN_PLATFORM_URL)'}\n`);
  ctx.io.out(s.signIn.signedIn ? safe`Signed in since ${s.signIn.signedInAt ?? ''} (${s.signIn.scope ?? ''})\n` : 'Not signed in (platform login)\n');
  if (s.engineer) ctx.io.out(safe`Engineer (platform profile): ${s.engineer.name} <${s.engineer.email}>\n`);
  ctx.io.out(safe`Device key ${s.device.kid}: ${s.device.enrolled ? `enrolled ${s.device.enrolledAt ?? ''}` : 'not enrolled yet (enrolled before the first send)'}\n`);
  ctx.io.out(safe`Outbox: ${s.outbox.queued} queued, ${s.outbox.refused} refused, ${s.outbox.delivered} delivered\n`);
  return EXIT.ok;
}

async function logout(ctx: CommandContext): Promise<number> {
  const r = await ctx.session().value(platform.signOut, {});
  if (ctx.json) printJson(ctx.io, r);
  else if (!r.wasSignedIn) ctx.io.out('Not signed in; nothing to do.\n');
  else ctx.io.out(r.revoked ? '✓ signed out; the platform revoked the sign-in\n' : '✓ signed out on this laptop (the platform did not confirm revoking it)\n');
  return EXIT.ok;
}

export const platformCommand: Command = {
  name: 'platform',
  usage: 'platform login [--json] | platform status [--json] | platform logout [--json]',
  summary: 'Sign in to the platform (device code), see the sign-in and device enrolment, sign out.',
  options: { json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    if (sub === 'login') return login(ctx);
    if (sub === 'status') return showStatus(ctx);
    if (sub === 'logout') return logout(ctx);
    throw new CliUsageError('Use "platform login", "platform status" or "platform logout".');
  },
};

const pushFlags = z.strictObject({ org: z.array(orgIdSchema).min(1, 'Name at least one org with --org ID.').max(1000) });

/** `bundle push`: export exactly as Export does and send it; the exit code says where it stands. */
export async function pushBundle(ctx: CommandContext, otp: string | undefined): Promise<number> {
  const flags = checked(pushFlags, { org: strs(ctx, 'org') });
  const r = await ctx.session().stepped(platform.push, { orgId: '__platform__', orgIds: flags.org }, otp);
  if (ctx.json) printJson(ctx.io, r);
  else printSend(ctx, r);
  return sendExitCode([r]);
}

export const outboxCommand: Command = {
  name: 'outbox',
  usage: 'outbox list [--json] | outbox flush [--json]',
  summary: 'Sends waiting for the platform: list them, or try every queued one now.',
  options: { json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    if (sub === 'list') {
      const { items } = await ctx.session().value(platform.outboxList, {});
      if (ctx.json) printJson(ctx.io, { items });
      else if (items.length === 0) ctx.io.out('The outbox is empty.\n');
      else {
        for (const i of items) {
          const when = i.state === 'queued' ? `next try ${i.nextAttemptAt ?? ''}` : i.state === 'delivered' ? `receipt ${i.receiptJti ?? ''} at ${i.deliveredAt ?? ''}` : `refused: ${i.reason ?? ''}`;
          ctx.io.out(safe`${i.jti}  ${i.state.padEnd(9)} ${i.orgIds.join(',')} (${i.connections} connection${i.connections === 1 ? '' : 's'}), ${i.attempts} attempt${i.attempts === 1 ? '' : 's'}, ${when}\n`);
          if (i.state === 'queued' && i.lastError) ctx.io.out(safe`    last error: ${i.lastError}\n`);
        }
      }
      return EXIT.ok;
    }
    if (sub === 'flush') {
      const { results } = await ctx.session().value(platform.outboxFlush, {});
      if (ctx.json) printJson(ctx.io, { results });
      else if (results.length === 0) ctx.io.out('Nothing to send: no queued item is ready (a Retry-After may still be running; see outbox list).\n');
      else for (const r of results) printSend(ctx, r);
      return sendExitCode(results);
    }
    throw new CliUsageError('Use "outbox list" or "outbox flush".');
  },
};

export async function refreshProfile(ctx: CommandContext): Promise<number> {
  // Like an import from a file: a profile that changes something protected asks for the code (then main shows it).
  const r = await ctx.session().changeSetting(platform.refreshProfile, {}, str(ctx, 'otp'), () => 'settings refresh-profile --otp CODE');
  if (ctx.json) printJson(ctx.io, r);
  else ctx.io.out(safe`${r.changed ? '✓ ' : ''}${r.message}\n`);
  return EXIT.ok;
}
