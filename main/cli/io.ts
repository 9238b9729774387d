import { createInterface } from 'node:readline';

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
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
