import type { CliIo } from '../io.js';
import type { CliSession } from '../session.js';
import type { CliClouds } from './cli-clouds.js';
import type { OptionSpec } from './option-spec.js';

export type { OptionSpec } from './option-spec.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly session: () => CliSession;
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** The environment the services would read; for commands that need no data folder. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since the epoch, from the same clock the services use. */
  now(): number;
  /** The clouds offered, with their flags and step channels (a test may add its own). */
  readonly clouds: CliClouds;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: OptionSpec;
  /** Which of a test cloud's flags the command also takes (the steps' or step 2's). */
  readonly cloudFlags?: 'target' | 'bootstrap';
  /** Whether the command needs the data folder (opened before it runs); default yes. */
  readonly needsServices?: (positionals: readonly string[]) => boolean;
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** A single-valued option (an option that may repeat counts as single when given once). */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  if (Array.isArray(v)) return v.length === 1 && typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** Every value of an option that may be given more than once. */
export function strs(ctx: CommandContext, name: string): string[] {
  const v = ctx.values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}
