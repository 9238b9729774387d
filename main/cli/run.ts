import type { Logger } from '../platform/logger.js';
import { parseArgs } from 'node:util';
import { type ServiceOptions, type Services, createServices } from '../app/services.js';
import { AppError, isAppError } from '../../shared/domain/errors.js';
import { auditCommand } from './commands/audit.js';
import { batchBootstrapCommand } from './commands/batch.js';
import { bundleCommand, deviceCommand } from './commands/bundle.js';
import { bootstrapCommand, explainErrorCommand, raiseTierCommand } from './commands/bootstrap.js';
import { cleanupCommand, disconnectCommand, listCommand, primaryCommand } from './commands/connections.js';
import { estateCommand } from './commands/estate.js';
import { healthCommand } from './commands/health.js';
import { mfaCommand } from './commands/mfa.js';
import { oidcCommand } from './commands/oidc.js';
import { outboxCommand, platformCommand } from './commands/platform.js';
import { profileCommand } from './commands/profile.js';
import { settingsCommand } from './commands/settings.js';
import { connectCommand, enumerateCommand, validateIdentityCommand, validatePermissionsCommand } from './commands/steps.js';
import type { Command, CommandContext } from './commands/types.js';
import { cliCloudsWith } from './commands/cli-clouds.js';
import type { CliIo } from './io.js';
import { systemClock } from '../platform/clock.js';
import { CliUsageError, EXIT, exitCodeFor, printError, shownWord } from './output.js';
import { CliFailure, CliSession } from './session.js';
import { safe, terminalSafe } from './terminal.js';
import { storageFull } from '../platform/storage-errors.js';
import { containsCredential } from '../../shared/domain/secret-shapes.js';

export const COMMANDS: readonly Command[] = [
  bootstrapCommand,
  raiseTierCommand,
  explainErrorCommand,
  batchBootstrapCommand,
  validateIdentityCommand,
  validatePermissionsCommand,
  enumerateCommand,
  connectCommand,
  estateCommand,
  listCommand,
  disconnectCommand,
  cleanupCommand,
  primaryCommand,
  healthCommand,
  mfaCommand,
  auditCommand,
  settingsCommand,
  deviceCommand,
  bundleCommand,
  profileCommand,
  oidcCommand,
  platformCommand,
  outboxCommand,
];

const BIN = 'alphaswarm-onboard';

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `Usage: ${BIN} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    ...COMMANDS.map((c) => `  ${BIN} ${c.usage}`),
    '',
    'Exit codes: 0 ok, 1 the cloud or the platform said no (or could not be reached), 2 bad input or configuration, 3 a bundle or receipt was rejected, 4 queued for the platform (not delivered yet), 130 interrupted (Ctrl-C).',
    'ALPHASWARM_ADMIN_DATA_DIR selects the data folder. --json output is documented in the README.',
    '',
  ].join('\n');
}

/** `<command> --help`: what it does, how to call it, and every flag it takes. */
export function commandHelp(command: (typeof COMMANDS)[number]): string {
  const flags = Object.entries(command.options)
    // --token exists only to be refused (a token is never an argument): not offered here.
    .filter(([name]) => name !== 'token')
    .map(([name, o]) => `  --${name}${o.type === 'string' ? ' <value>' : ''}${'multiple' in o && o.multiple ? ' (repeatable)' : ''}`);
  return [`${command.summary}`, '', `Usage: ${BIN} ${command.usage}`, '', 'Options:', ...flags, '  --help', '', `Exit codes: 0 ok, 1 the cloud or the platform said no, 2 bad input, 3 a bundle or receipt was rejected, 4 queued, not delivered yet. Everything: ${BIN} help`, ''].join('\n');
}

export interface CliOptions extends Omit<ServiceOptions, 'surface'> {
  readonly io: CliIo;
  /** Aborted on Ctrl-C: the command's cloud calls (and a health run) stop. */
  readonly signal?: AbortSignal;
}

/** Run one CLI command in this process; returns the exit code. */
let activeLogger: Logger | undefined;
/** The log of the command running now, for the crash handlers (undefined before services open). */
export const cliLogger = (): Logger | undefined => activeLogger;

function openServices(options: CliOptions): Promise<Services> {
  return createServices({ ...options, surface: 'cli' });
}

export async function runCli(argv: readonly string[], options: CliOptions): Promise<number> {
  // Whatever a cloud, a bundle or a file says reaches the terminal only as text: no control sequences.
  const io = terminalSafe(options.io);
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(safe`error: unknown command ${shownWord(name)}\nhint: run "${BIN} help" to see the commands.\n`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT.ok;
  }
  const json = rest.includes('--json');
  let services: Services | undefined;
  try {
    // Checked before parsing: a parse error would echo the value, and a token must never be printed.
    if (rest.some((a) => a === '--token' || a.startsWith('--token='))) {
      throw new CliUsageError('The token is never taken as an argument (it would stay in your shell history): pipe it in with --token-stdin.');
    }
    // A token given bare (or inside another argument) is refused without being repeated anywhere.
    if (rest.some((a) => containsCredential(a))) {
      throw new CliUsageError('One of the arguments looks like a token or a key, so nothing was run and it is not shown here. A token is never taken as an argument (it would stay in your shell history): pipe it in with --token-stdin.');
    }
    const clouds = cliCloudsWith(options.testClouds ?? []);
    let parsed;
    try {
      const flags = command.cloudFlags ? { ...clouds.extraFlags[command.cloudFlags], ...command.options } : command.options;
      parsed = parseArgs({ args: [...rest], options: flags, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliUsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
    }
    const ctx: CommandContext = {
      io,
      values: parsed.values,
      positionals: parsed.positionals,
      json,
      env: options.env,
      now: () => (options.clock ?? systemClock).now(),
      clouds,
      session: () => {
        if (!services) throw new Error('The services are opened before a command runs.');
        return new CliSession(services, io, options.signal);
      },
    };
    if (command.needsServices?.(parsed.positionals) ?? true) {
      services = await openServices(options);
      activeLogger = services.logger;
    }
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof CliUsageError) {
      printError(io, new AppError('bad_request', error.message, `Usage: ${BIN} ${command.usage}`).toData(), json);
      return EXIT.badInput;
    }
    if (error instanceof CliFailure) {
      printError(io, error.error, json);
      return exitCodeFor(error.error);
    }
    if (isAppError(error)) {
      printError(io, error.toData(), json);
      return exitCodeFor(error.toData());
    }
    const full = storageFull(error);
    if (full) {
      printError(io, full.toData(), json);
      return EXIT.badInput;
    }
    printError(
      io,
      { code: 'internal', message: `Unexpected failure: ${(error as Error)?.message ?? String(error)}`, hint: 'Nothing was changed. Please report this with the command you ran.' },
      json,
    );
    return EXIT.badInput;
  } finally {
    // The CLI's rows get a signed checkpoint like the app's, once enough have built up.
    await services?.anchor.maybeCheckpoint();
    try {
      services?.close();
    } catch {
      // Closing after a full disk can fail too; the answer above already said what happened.
    }
  }
}
