import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliUsageError } from './output.js';

const CHUNK = 1024 * 1024;

/**
 * A file a command reads as input, as text. The size limit counts the bytes actually read — a pipe
 * or a device reports no size — so memory stays bounded whatever is given. Unreadable → a usage
 * error naming the file and why.
 */
export function readInputFile(path: string, what: string, maxBytes = Number.POSITIVE_INFINITY): string {
  // "-" is standard input itself (descriptor 0): opening /dev/stdin fails when it is a socket.
  const stdin = path === '-';
  let fd: number;
  try {
    fd = stdin ? 0 : openSync(resolve(path), 'r');
  } catch (error) {
    throw new CliUsageError(`Cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A non-blocking pipe with nothing buffered yet: wait a moment and read on.
        if (code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        if (code === 'EOF') break;
        throw new CliUsageError(`Cannot read ${what} ${path}: ${code ?? (error as Error).message}.`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new CliUsageError(`${path} is larger than any ${what} (more than ${maxBytes} bytes); nothing more was read.`);
      chunks.push(buffer.subarray(0, n));
    }
  } finally {
    if (!stdin) closeSync(fd);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}
