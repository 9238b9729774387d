import type { SettingsStatus, SettingStatus } from '../../../shared/ipc/settings.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import { type Command, str } from './types.js';

function line(s: SettingStatus): string {
  const value = s.secret ? (s.source === 'unset' ? '' : '(set; never shown)') : (s.value ?? '');
  return `  ${s.source === 'unset' ? (s.required ? '✗' : '·') : s.problem ? '!' : '✓'} ${s.name} = ${value} [${s.source}]${s.problem ? `  — ${s.problem}` : ''}\n`;
}

export const settingsCommand: Command = {
  name: 'settings',
  usage: 'settings status [--json] | settings import-secret <NAME> --otp <code> < key-file',
  summary: 'Which identities are configured and from where; import a secret setting into the encrypted store.',
  options: { json: { type: 'boolean', default: false }, otp: { type: 'string' } },
  async run(ctx) {
    const [sub, name, extra] = ctx.positionals;
    if (sub === 'import-secret') {
      if (extra !== undefined) throw new CliUsageError(`Unexpected argument "${extra}".`);
      if (name === undefined) throw new CliUsageError('Name the setting, e.g. ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET; the value is read from standard input.');
      const value = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
      const session = ctx.session();
      await session.stepUp('__platform__', str(ctx, 'otp'));
      const out = await session.value<{ name: string; fingerprint: string; shadowedByEnvironment: boolean }>('settings:importSecret', { orgId: '__platform__', name, value });
      if (ctx.json) printJson(ctx.io, out);
      else {
        ctx.io.out(`✓ ${out.name} stored encrypted (fingerprint ${out.fingerprint})\n`);
        if (out.shadowedByEnvironment) ctx.io.out(`! ${out.name} is also set in the environment, which takes precedence; unset it there to use the stored one.\n`);
      }
      return EXIT.ok;
    }
    if (sub !== 'status') throw new CliUsageError('Use "settings status" or "settings import-secret <NAME>".');
    const status = await ctx.session().value<SettingsStatus>('settings:status', {});
    if (ctx.json) {
      printJson(ctx.io, status);
      return EXIT.ok;
    }
    ctx.io.out(`Data folder: ${status.dataDir}\nSettings file: ${status.settingsFile}\n`);
    if (status.settingsFileProblem) ctx.io.out(`! ${status.settingsFileProblem}\n`);
    ctx.io.out(`Keychain: ${status.keychain.available ? '✓' : '✗'} ${status.keychain.detail}\n`);
    for (const c of status.clouds) {
      ctx.io.out(`\n${c.cloud}: ${c.ready ? 'ready' : 'not configured'}\n`);
      for (const s of [...c.identities, ...c.endpoints]) ctx.io.out(line(s));
    }
    ctx.io.out('\ngeneral\n');
    for (const s of status.general) ctx.io.out(line(s));
    return EXIT.ok;
  },
};
