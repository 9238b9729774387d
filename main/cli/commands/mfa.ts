import * as mfaContracts from '../../../shared/ipc/mfa.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { type Command, str } from './types.js';
import { safe } from '../terminal.js';

export const mfaCommand: Command = {
  name: 'mfa',
  usage: 'mfa enroll [--otp <current code>] | mfa confirm --otp <code> | mfa status [--json]',
  summary: 'Set up local step-up MFA (TOTP) once per device, and see its state.',
  options: { otp: { type: 'string' }, json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub, extra] = ctx.positionals;
    if (extra !== undefined) throw unexpectedArgument(2);
    const session = ctx.session();
    switch (sub) {
      case 'status': {
        const status = await session.value(mfaContracts.status, {});
        if (ctx.json) printJson(ctx.io, status);
        else {
          ctx.io.out(status.enrolled ? `Step-up MFA is enrolled (since ${status.enrolledAt}).\n` : 'Step-up MFA is not enrolled: run "mfa enroll".\n');
          if (status.pendingEnrollment) ctx.io.out('An enrolment is waiting for confirmation: run "mfa confirm --otp <code>".\n');
          if (status.lockedUntil) ctx.io.out(safe`Paused after wrong codes until ${status.lockedUntil}.\n`);
          ctx.io.out(safe`A successful code opens a ${status.stepUpWindowSeconds}-second window for one org.\n`);
        }
        return EXIT.ok;
      }
      case 'enroll': {
        const current = str(ctx, 'otp');
        const begun = await session.value(mfaContracts.beginEnrollment, current === undefined ? {} : { currentCode: current });
        if (ctx.json) {
          printJson(ctx.io, { otpauthUri: begun.otpauthUri, confirmWith: 'mfa confirm --otp <code>' });
          return EXIT.ok;
        }
        ctx.io.out('Scan this into your authenticator app (it is shown once):\n\n');
        if (ctx.io.isTTY) ctx.io.out(`${await (await import('qrcode')).default.toString(begun.otpauthUri, { type: 'terminal', small: true })}\n`);
        ctx.io.out(safe`${begun.otpauthUri}\n\n`);
        const code = await ctx.io.prompt('Enter the code it shows to confirm: ');
        if (code === undefined) {
          ctx.io.out('Then confirm with: mfa confirm --otp <code>\n');
          return EXIT.ok;
        }
        const done = await session.value(mfaContracts.confirmEnrollment, { code });
        ctx.io.out(safe`✓ step-up MFA enrolled at ${done.enrolledAt}\n`);
        return EXIT.ok;
      }
      case 'confirm': {
        const code = str(ctx, 'otp');
        if (code === undefined) throw new CliUsageError('Missing --otp <code>.');
        const done = await session.value(mfaContracts.confirmEnrollment, { code });
        if (ctx.json) printJson(ctx.io, done);
        else ctx.io.out(safe`✓ step-up MFA enrolled at ${done.enrolledAt}\n`);
        return EXIT.ok;
      }
      default:
        throw new CliUsageError('Use "mfa enroll", "mfa confirm --otp <code>" or "mfa status".');
    }
  },
};
