// Types for scripts/lib/mac-signature.mjs, for the tests.
export interface ToolResult {
  readonly status: number | null;
  readonly output: string;
}
export declare function codesignFields(output: string): Record<string, string> & { Authority?: string[] };
export declare function signatureProblems(input: { codesign: ToolResult; spctl: ToolResult; stapler: ToolResult; team?: string }): string[];
