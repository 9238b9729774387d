// Types for scripts/lib/keyring-bindings.mjs, for the tests.
export interface KeyringBinding {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
  readonly arch: string;
  readonly installed: boolean;
}
export declare function keyringBindingPackage(platform: string, arch: string): string;
export declare function keyringBindingFile(platform: string, arch: string): string;
export declare function packagedArchs(config: unknown, platform: string): string[];
export declare function lockedPackage(lock: unknown, name: string): { name: string; version: string; integrity: string };
export declare function keyringBindingsFor(root: string, config: unknown, platform: string, lock?: unknown): KeyringBinding[];
