import type { Linter } from 'eslint';

/** The layering rule alone, for the test that plants a violation of each layer. */
export declare const layering: Linter.Config;
declare const config: Linter.Config[];
export default config;
