import { createInterface } from 'node:readline';
import { CliUsageError } from './usage-error.js';

/** What a command reads from standard input is a token or a key: never more than this. */
export const MAX_STDIN_BYTES = 256 * 1024;

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  readonly isTTY: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Ask on the terminal; undefined when there is no terminal to ask on. */
  prompt(question: string): Promise<string | undefined>;
  /** All of standard input (for `--token-stdin`). */
  readStdin(): Promise<string>;
}

export function processIo(): CliIo {
  const isTTY = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    isTTY,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    prompt: async (question) => {
      if (!isTTY) return undefined;
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await new Promise<string>((resolve) => rl.question(question, resolve));
      } finally {
        rl.close();
      }
    },
    readStdin: async () => {
      // Counted as read (a pipe has no size to check first): memory stays bounded whatever is sent.
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        total += (chunk as Buffer).length;
        if (total > MAX_STDIN_BYTES) {
          process.stdin.destroy();
          throw new CliUsageError(`Standard input is larger than ${MAX_STDIN_BYTES / 1024} KB, far more than a token or a key; nothing more was read.`);
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
