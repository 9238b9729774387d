import type { ParseArgsConfig } from 'node:util';

/** A command's flags, as node:util parseArgs declares them. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
