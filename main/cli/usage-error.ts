/** A command line the CLI cannot act on: printed with its usage, exit code 2. No imports, so anything may throw it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/**
 * An argument the command does not take, named by its position and never repeated: it may be a key
 * or a token pasted in the wrong place, and the terminal (or a screen share) must not show it again.
 */
export function unexpectedArgument(position: number): CliUsageError {
  return new CliUsageError(`Unexpected argument (word ${position} after the command name); it is not repeated here, in case it is a secret.`);
}

/**
 * A word the user typed where a command or cloud name goes: repeated when it reads like one
 * (a typo worth seeing), never when it could be a key or a token pasted in the wrong place.
 */
export function shownWord(word: string): string {
  return /^[a-z][a-z0-9-]{0,23}$/.test(word) && !/\d{4}/.test(word) ? `"${word}"` : '(a word not repeated here, in case it is a secret)';
}
