import { z } from 'zod';

export const ARTIFACT_LANGUAGES = ['json', 'shell', 'yaml', 'hcl', 'url', 'text', 'markdown'] as const;

/** One copyable piece of a bootstrap: a file the admin saves, a command they run, or a link. */
export const artifactSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    /** The file name it is saved under in an artifact pack. */
    filename: z.string(),
    language: z.enum(ARTIFACT_LANGUAGES),
    content: z.string(),
    description: z.string(),
  })
  .strict();
export type Artifact = z.infer<typeof artifactSchema>;

export const noteSchema = z
  .object({ level: z.enum(['info', 'warning']), text: z.string() })
  .strict();
export type Note = z.infer<typeof noteSchema>;

/** Stable, readable JSON: two-space indentation and a trailing newline, as the admin will save it. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Quote for POSIX shells when a value could contain anything other than safe characters. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
