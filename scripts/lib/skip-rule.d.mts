// Types for scripts/lib/skip-rule.mjs, for the tests.
export declare function declaredPlatforms(title: string): string[] | null;
export declare function classifySkips(report: unknown, options: { root: string; platform: string; requireKeychain?: boolean }): { notApplicable: string[]; keychain: number; violations: string[] };
