/** A command line the CLI cannot act on: printed with its usage, exit code 2. No imports, so anything may throw it. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
