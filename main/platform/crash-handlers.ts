import type { Logger } from './logger.js';
import { redactText } from './redact.js';

/**
 * Last-resort handlers for a process (the CLI, the app's main process, the Chromium fallback): an
 * uncaught exception or an unhandled rejection is logged (redacted, with its stack), the log is
 * flushed, the person is told in a line where the details are, and the process ends with an error.
 * Continuing after either would risk a half-done write.
 */
let installed = false;

export function installCrashHandlers(logger: () => Logger | undefined, tell: (line: string) => void, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (installed) return;
  installed = true;
  const crash = (kind: string) => (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason));
    const log = logger();
    log?.error(kind, { name: error.name, message: redactText(error.message).slice(0, 1000), stack: redactText(error.stack ?? '').slice(0, 8000) });
    log?.flush();
    tell(`Unexpected failure (${kind}): ${redactText(error.message).slice(0, 300)}. Nothing more was done.${log?.path ? ` Details: ${log.path}` : ''}\n`);
    exit(70);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled rejection'));
}
