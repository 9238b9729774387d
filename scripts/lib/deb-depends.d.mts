// Types for scripts/lib/deb-depends.mjs, for the tests.
export declare function builderDefaultDebDepends(): string[];
export declare function parseDepends(field: string): string[][];
export declare function missingDepends(field: string, required: readonly string[]): string[];
