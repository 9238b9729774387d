// Types for scripts/dist.mjs, for the tests that drive it (test/unit/dist-script.test.ts).
export type Runner = (command: string, args: readonly string[], options?: { shell?: boolean }) => number;
export declare const REBUILD_MARKER: readonly string[];
export declare function spawnRunner(root: string): Runner;
export declare function dist(options: {
  root: string;
  args?: readonly string[];
  run?: Runner;
  npmExecPath?: string | undefined;
  log?: (message: string) => void;
  error?: (message: string) => void;
}): number;
