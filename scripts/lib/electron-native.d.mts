// Types for scripts/lib/electron-native.mjs, for the tests.
export type Runner = (command: string, args: readonly string[], options: { cwd: string }) => number;
export declare function electronBinary(root: string): { binary: string; version: string; reason?: undefined } | { reason: string; binary?: undefined; version?: undefined };
export declare function sqliteBuildKey(facts: { electronVersion: string; platform: string; arch: string; sqliteVersion: string }): string;
export declare function sqliteForElectron(root: string, options: { electronVersion: string; platform?: string; arch?: string; run?: Runner }): string | undefined;
