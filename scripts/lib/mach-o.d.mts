// Types for scripts/lib/mach-o.mjs, for the tests.
export declare function machOArchs(bytes: Buffer): string[] | null;
export declare function machOArchsOfFile(path: string): string[] | null;
export declare function machOArchsFor(builderArch: string): string[];
