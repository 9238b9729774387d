// Types for scripts/lib/packaged.mjs, for the tests.
export interface PackagedApp {
  readonly fusePath: string;
  readonly executable: string;
  readonly resources: string;
  readonly arch: string;
}
export declare const FUSE_ORDER: readonly string[];
export declare const FUSE_FLIP_OPTIONS: readonly string[];
export declare function builderConfig(): Record<string, unknown>;
export declare function configuredFuses(electronFuses: Record<string, boolean> | undefined): Record<string, boolean>;
export declare function fuseMismatches(wire: Readonly<Partial<Record<number, number>>>, expected: Record<string, boolean>): string[];
export declare function archOfOutputFolder(name: string): string;
export declare function findPackagedApps(outputDir: string, platform?: string, config?: Record<string, unknown>): PackagedApp[];
export declare function packagedAppsFromArgs(argv: readonly string[], config?: Record<string, unknown>): { platform: string; apps: PackagedApp[] };
