import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError } from './output.js';

/**
 * A file a command reads as input, as text. Unreadable → a usage error naming the file and why;
 * larger than `maxBytes` → refused from its size, before it is read.
 */
export function readInputFile(path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): string {
  const full = resolve(path);
  try {
    const size = statSync(full).size;
    if (size > maxBytes) throw new CliUsageError(`${path} is ${size} bytes, larger than any ${what} (${maxBytes}).`);
    return readFileSync(full, 'utf8');
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}
