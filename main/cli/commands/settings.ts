import type { SettingsStatus, SettingStatus } from '../../../shared/ipc/settings.js';
import { CliUsageError, EXIT, printJson } from '../output.js';
import type { Command } from './types.js';

function line(s: SettingStatus): string {
  const value = s.secret ? (s.source === 'unset' ? '' : '(set; never shown)') : (s.value ?? '');
  return `  ${s.source === 'unset' ? (s.required ? '✗' : '·') : s.problem ? '!' : '✓'} ${s.name} = ${value} [${s.source}]${s.problem ? `  — ${s.problem}` : ''}\n`;
}

export const settingsCommand: Command = {
  name: 'settings',
  usage: 'settings status [--json]',
  summary: 'Which identities and endpoints are configured, and where each came from.',
  options: { json: { type: 'boolean', default: false } },
  async run(ctx) {
    const [sub] = ctx.positionals;
    if (sub !== 'status') throw new CliUsageError('Use "settings status".');
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
