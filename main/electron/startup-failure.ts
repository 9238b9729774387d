import { join } from 'node:path';
import type { App, Dialog } from 'electron';
import { AppError } from '../../shared/domain/errors.js';

export const STARTUP_FAILURE_TITLE = 'AlphaSwarm Onboarding could not start';

export interface StartupFailure {
  readonly title: string;
  readonly content: string;
}

const FOLDER_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EISDIR']);

/** What the engineer can do about it, from what went wrong. */
function remedy(error: unknown, dataDir: string | undefined): string {
  // The services' own errors already say what to do.
  if (error instanceof AppError) return error.hint;
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const message = error instanceof Error ? error.message : String(error);
  // Windows answers ENOENT when a parent of the folder is a file; elsewhere ENOENT means something else.
  if ((code && FOLDER_ERRORS.has(code)) || (code === 'ENOENT' && syscall === 'mkdir')) {
    return 'The data folder could not be created or written. Check that it is a folder you can write to and that the disk has room, or point ALPHASWARM_ADMIN_DATA_DIR at one that is.';
  }
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|mach-o|wrong ELF class/i.test(message)) {
    return 'A native module in this build does not match this version of Electron. Reinstall the app from the release page (under npm start: delete .electron-native/ and run npm start again).';
  }
  if (/newer version of this app/i.test(message)) {
    return 'Install the version of AlphaSwarm Onboarding that wrote this data (or a newer one). Nothing in the data folder was changed.';
  }
  const log = dataDir ? ` and the log (${join(dataDir, 'logs', 'main.log')})` : '';
  return `Nothing in the data folder was changed. Fix the cause above and start the app again; if it keeps happening, send this message${log} to support@alpha-swarm.ai.`;
}

/** The error box's text: the cause, the data folder it concerns, and what to do next. */
export function describeStartupFailure(error: unknown, dataDir: string | undefined): StartupFailure {
  const cause = error instanceof Error ? error.message : String(error);
  return {
    title: STARTUP_FAILURE_TITLE,
    content: `${cause}\n\nData folder: ${dataDir ?? '(could not be determined)'}\n\n${remedy(error, dataDir)}`,
  };
}

/**
 * Start-up went wrong before a window could open. Say so in a dialog, then leave — releasing the
 * single-instance lock first — so no invisible process is left holding the lock and turning every
 * later launch into a silent no-op.
 */
export function failStartup(app: Pick<App, 'releaseSingleInstanceLock' | 'exit'>, dialog: Pick<Dialog, 'showErrorBox'>, error: unknown, dataDir: string | undefined): void {
  const failure = describeStartupFailure(error, dataDir);
  console.error(`${failure.title}: ${failure.content}`);
  try {
    dialog.showErrorBox(failure.title, failure.content);
  } finally {
    app.releaseSingleInstanceLock();
    app.exit(1);
  }
}
