import * as settingsContracts from '../../../shared/ipc/settings.js';
import { checked } from './checked-input.js';
import { CLOUD_LABELS } from '../../../shared/domain/cloud.js';
import { orgIdProblem } from '../../../shared/domain/org-id.js';
import { type ProfileStatus, RESET_VAULT_CONFIRMATION, type SettingStatus } from '../../../shared/ipc/settings.js';
import { PLATFORM_KEYS, TrustKeyError, parsePinnedKeys } from '../../jws/pinned-keys.js';
import { readInputFile } from '../input-file.js';
import { CliUsageError, EXIT, printJson, unexpectedArgument } from '../output.js';
import { CliFailure } from '../session.js';
import { type Command, type CommandContext, str } from './types.js';
import { safe } from '../terminal.js';
import { refreshProfile } from './platform.js';

function line(s: SettingStatus): string {
  const value = s.secret ? (s.source === 'unset' ? '' : '(set; never shown)') : (s.value ?? '');
  const mark = s.source === 'unset' ? (s.required ? '✗' : '·') : s.problem ? '!' : '✓';
  const lock = s.lockedBy === 'managed' ? ' (locked: set by your organisation)' : s.lockedBy === 'environment' ? ' (locked: environment)' : s.lockedBy === 'profile' ? ' (locked: profile)' : '';
  return `  ${mark} ${s.name} = ${value} [${s.source}]${lock}${s.problem ? `  — ${s.problem}` : ''}\n`;
}

function printProfile(ctx: CommandContext, p: ProfileStatus): void {
  if (p.state === 'none') ctx.io.out('Platform profile: none imported\n');
  else ctx.io.out(safe`Platform profile: ${p.state} — ${p.engineer?.name} <${p.engineer?.email}>, ${p.orgIds.length} org${p.orgIds.length === 1 ? '' : 's'}, expires ${p.expiresAt} (jti ${p.jti}, key ${p.keyFingerprint})\n`);
  if (p.message) ctx.io.out(safe`! ${p.message}\n`);
}

async function status(ctx: CommandContext): Promise<number> {
  const s = await ctx.session().value(settingsContracts.status, {});
  if (ctx.json) {
    printJson(ctx.io, s);
    return EXIT.ok;
  }
  ctx.io.out(safe`Data folder: ${s.dataDir}\nSettings file: ${s.settingsFile}\n`);
  if (s.settingsFileProblem) ctx.io.out(safe`! ${s.settingsFileProblem}\n`);
  if (s.managed.origin) ctx.io.out(safe`Managed by your organisation: ${s.managed.origin} (${s.managed.settings.length} setting${s.managed.settings.length === 1 ? '' : 's'}, locked)\n`);
  for (const problem of s.managed.problems) ctx.io.out(safe`! ${problem}\n`);
  ctx.io.out(safe`Keychain: ${s.keychain.available ? '✓' : '✗'} ${s.keychain.detail}\n`);
  if (s.unreadableSecrets) ctx.io.out(safe`! ${s.unreadableSecrets} stored secret${s.unreadableSecrets === 1 ? ' is' : 's are'} unreadable (the keychain lost the key): run "settings reset-vault".\n`);
  printProfile(ctx, s.profile);
  ctx.io.out(safe`External ids: ${s.externalIds.detail}\n`);
  for (const c of s.clouds) {
    ctx.io.out(safe`\n${CLOUD_LABELS[c.cloud]}: ${c.ready ? 'ready' : 'not ready'}\n`);
    for (const m of c.missing) ctx.io.out(safe`  needs ${m.purpose}${m.problem ? ` — ${m.problem}` : ''} (${m.name})\n`);
    for (const setting of [...c.identities, ...c.endpoints]) ctx.io.out(line(setting));
  }
  if (s.orgRoleNames.length) {
    ctx.io.out('\nRole names per organisation\n');
    for (const r of s.orgRoleNames) ctx.io.out(safe`  ${r.orgId} = ${r.roleName} [${r.source}]\n`);
  }
  if (s.azureApps.length) {
    ctx.io.out('\nAzure apps of your organisations (Entra allows 20 per app)\n');
    for (const a of s.azureApps) ctx.io.out(safe`  ${a.clientId}${a.global ? ' (global)' : ''}: ${a.orgIds.length} org${a.orgIds.length === 1 ? '' : 's'}${a.overLimit ? ' — over the limit: ask the platform team to move some to another app' : ''}\n`);
  }
  ctx.io.out('\ngeneral\n');
  for (const setting of s.general) ctx.io.out(line(setting));
  return EXIT.ok;
}

async function importProfile(ctx: CommandContext, file: string | undefined): Promise<number> {
  if (!file) throw new CliUsageError('Name the profile file: settings import-profile FILE [--trust-key FILE | --accept-fingerprint FP] [--otp CODE].');
  const text = readInputFile(file, 'profile', 2 * 1024 * 1024);
  const trustKey = str(ctx, 'trust-key');
  const accept = str(ctx, 'accept-fingerprint');
  if (trustKey !== undefined && accept !== undefined) throw new CliUsageError('Give --trust-key or --accept-fingerprint, not both.');
  let keyText: string | undefined;
  if (trustKey !== undefined) {
    // Checked here too, so a wrong file is a usage error (exit 2) naming the file, before main is asked.
    keyText = readInputFile(trustKey, 'public key', 256 * 1024);
    try {
      const keys = await parsePinnedKeys(keyText, trustKey, PLATFORM_KEYS);
      if (keys.length !== 1) throw new CliUsageError(`${trustKey} holds ${keys.length} keys; give the one public key that signs profiles.`);
    } catch (error) {
      if (error instanceof TrustKeyError) throw new CliUsageError(error.message);
      throw error;
    }
  }
  const session = ctx.session();
  // The key itself goes to main, not just its fingerprint: it verifies a profile that does not carry it.
  // Pinning a key or changing a protected setting needs a code: asked for only once main has checked the file.
  const r = await session.changeSettingResult(
    settingsContracts.importProfile,
    { text, ...(accept ? { acceptFingerprint: accept } : {}), ...(keyText !== undefined ? { trustKey: keyText } : {}) },
    str(ctx, 'otp'),
    () => `settings import-profile ${file} --otp CODE`,
  );
  if (!r.ok) {
    // A verification failure is a rejection (exit 3, with its reason), as "bundle verify" reports it.
    const reason = r.error.details?.reason;
    // trust_required and key_required are not rejections: the engineer has a step to take (exit 2).
    if (typeof reason === 'string' && reason !== 'trust_required' && reason !== 'key_required') {
      if (ctx.json) printJson(ctx.io, { imported: false, reason, message: r.error.message, hint: r.error.hint });
      else ctx.io.err(safe`✗ rejected (${reason}): ${r.error.message}\nhint: ${r.error.hint}\n`);
      return EXIT.rejected;
    }
    throw new CliFailure(r.error);
  }
  const { profile, inspection } = r.value;
  if (ctx.json) printJson(ctx.io, { imported: true, profile, inspection });
  else {
    ctx.io.out(safe`✓ imported profile ${inspection.jti} for ${inspection.engineer.name} <${inspection.engineer.email}>\n`);
    ctx.io.out(safe`  signed by key ${inspection.keyFingerprint}${inspection.trust === 'first-use' ? ' (now pinned: later profiles must be signed by it)' : ''}\n`);
    ctx.io.out(safe`  ${inspection.orgIds.length} org${inspection.orgIds.length === 1 ? '' : 's'} assigned; ${inspection.settings.length} setting${inspection.settings.length === 1 ? '' : 's'}; valid until ${inspection.expiresAt}\n`);
    if (inspection.changes.changedExternalIds.length) ctx.io.out(safe`! external ids changed for ${inspection.changes.changedExternalIds.join(', ')}: their AWS connections now show as rotated\n`);
    if (inspection.changes.changedAzureApps.length) ctx.io.out(safe`! Azure apps changed for ${inspection.changes.changedAzureApps.join(', ')}: their Azure connections now show as rotated\n`);
    if (profile.message) ctx.io.out(safe`! ${profile.message}\n`);
  }
  return EXIT.ok;
}

async function resetVault(ctx: CommandContext): Promise<number> {
  let confirm = str(ctx, 'confirm');
  if (confirm === undefined) {
    ctx.io.err('This drops the secrets this laptop can no longer read (its keychain lost their key): the MFA enrolment, tokens, the device key — whatever is unreadable. Nothing readable is touched.\n');
    confirm = await ctx.io.prompt(`Type ${RESET_VAULT_CONFIRMATION} to go on: `);
    if (confirm === undefined) throw new CliUsageError(`Confirm with --confirm ${RESET_VAULT_CONFIRMATION} (there is no terminal to ask on).`);
  }
  if (confirm.trim() !== RESET_VAULT_CONFIRMATION) throw new CliUsageError(`Not confirmed (type ${RESET_VAULT_CONFIRMATION} exactly); nothing was changed.`);
  const out = await ctx.session().value(settingsContracts.resetVault, { confirm: RESET_VAULT_CONFIRMATION });
  if (ctx.json) printJson(ctx.io, out);
  else {
    ctx.io.out(safe`✓ dropped ${out.dropped.length} unreadable secret${out.dropped.length === 1 ? '' : 's'}: ${out.dropped.join('; ')}\n\nTo do now:\n`);
    for (const r of out.redo) ctx.io.out(safe`  - ${r}\n`);
  }
  return EXIT.ok;
}

async function roleName(ctx: CommandContext, orgId: string | undefined, name: string | undefined, clear: boolean): Promise<number> {
  if (!orgId) throw new CliUsageError('Name the org: settings role-name ORG_ID NAME (or --clear).');
  const problem = orgIdProblem(orgId);
  // The org id is not repeated: a key pasted in its place must not show again.
  if (problem) throw new CliUsageError(`The org id (word 2 after "settings") is not one: ${problem}`);
  if (!clear && !name) throw new CliUsageError('Give the role name, or --clear to go back to the pattern.');
  // An org's role name is named in its trust policy: a step-up code, as for an identity setting.
  const out = await ctx.session().changeSetting(settingsContracts.setOrgRoleName, { orgId, roleName: clear ? null : (name ?? null) }, str(ctx, 'otp'), () => `settings role-name ${orgId} ${clear ? '--clear' : 'NAME'} --otp CODE`);
  if (ctx.json) printJson(ctx.io, out);
  else ctx.io.out(safe`✓ ${out.orgId}'s AWS role name is now ${out.roleName} (${out.source})\n`);
  return EXIT.ok;
}

export const settingsCommand: Command = {
  name: 'settings',
  usage:
    'settings status [--json] | settings set NAME VALUE [--otp CODE] | settings unset NAME [--otp CODE] | settings import-profile FILE [--trust-key FILE | --accept-fingerprint FP] [--otp CODE] [--json] | settings role-name ORG_ID (NAME | --clear) [--otp CODE] | settings reset-vault [--confirm RESET] | settings import-secret NAME --otp CODE < key-file | settings refresh-profile [--json]',
  summary: 'Every setting and where it comes from; change settings; import a platform profile; reset an unreadable vault.',
  options: {
    json: { type: 'boolean', default: false },
    otp: { type: 'string' },
    'trust-key': { type: 'string' },
    'accept-fingerprint': { type: 'string' },
    confirm: { type: 'string' },
    clear: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const [sub, a, b, extra] = ctx.positionals;
    // `settings <sub> a b extra`: words 2, 3 and 4; `from` is the first word this sub-command does not take.
    const none = (from: 2 | 3 | 4) => {
      const at = [a, b, extra].findIndex((x, i) => x !== undefined && i + 2 >= from);
      if (at >= 0) throw unexpectedArgument(at + 2);
    };
    switch (sub) {
      case 'status':
        none(2);
        return status(ctx);
      case 'set': {
        none(4);
        if (!a || b === undefined) throw new CliUsageError('Use: settings set NAME VALUE (settings status shows the names).');
        const s = await ctx.session().changeSetting(settingsContracts.set, { name: a, value: b }, str(ctx, 'otp'));
        if (ctx.json) printJson(ctx.io, s);
        else ctx.io.out(safe`✓ ${s.name} = ${s.value ?? ''} [${s.source}]\n`);
        return EXIT.ok;
      }
      case 'unset': {
        none(3);
        if (!a) throw new CliUsageError('Use: settings unset NAME.');
        const s = await ctx.session().changeSetting(settingsContracts.unset, { name: a }, str(ctx, 'otp'));
        if (ctx.json) printJson(ctx.io, s);
        else ctx.io.out(safe`✓ ${s.name} removed from the settings file${s.value !== null ? `; now ${s.value} [${s.source}]` : ''}\n`);
        return EXIT.ok;
      }
      case 'import-profile':
        none(3);
        return importProfile(ctx, a);
      case 'role-name':
        none(4);
        return roleName(ctx, a, b, ctx.values.clear === true);
      case 'reset-vault':
        none(2);
        return resetVault(ctx);
      case 'refresh-profile':
        none(2);
        return refreshProfile(ctx);
      case 'import-secret': {
        if (b !== undefined) throw new CliUsageError('settings import-secret reads the key from standard input, never from an argument (arguments stay in shell history and on screen): settings import-secret NAME --otp CODE < key-file. The extra argument is not repeated here.');
        none(4);
        if (a === undefined) throw new CliUsageError('Name the setting, e.g. ALPHASWARM_ADMIN_CLOUD_AWS_EXTERNAL_ID_SECRET; the value is read from standard input.');
        const value = (await ctx.io.readStdin()).replace(/\r?\n$/, '');
        // A code for this change alone; main checks the name and the key before one is spent.
        const out = await ctx.session().changeSetting(settingsContracts.importSecret, checked(settingsContracts.importSecret.input, { orgId: '__platform__', name: a, value }), str(ctx, 'otp'), (n) => `settings import-secret ${n} --otp CODE < key-file`);
        if (ctx.json) printJson(ctx.io, out);
        else {
          ctx.io.out(safe`✓ ${out.name} stored encrypted (fingerprint ${out.fingerprint})\n`);
          if (out.shadowedByEnvironment) ctx.io.out(safe`! ${out.name} is also set in the environment, which takes precedence; unset it there to use the stored one.\n`);
        }
        return EXIT.ok;
      }
      default:
        throw new CliUsageError('Use "settings status", "settings set", "settings unset", "settings import-profile", "settings role-name", "settings reset-vault", "settings import-secret" or "settings refresh-profile".');
    }
  },
};
