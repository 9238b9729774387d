export const ARTIFACT_LANGUAGES = ['json', 'shell', 'yaml', 'hcl', 'bicep', 'url', 'text', 'markdown'] as const;
export type ArtifactLanguage = (typeof ARTIFACT_LANGUAGES)[number];

/** One copyable piece of a bootstrap: a file the admin saves, a command they run, or a link. */
export interface Artifact {
  id: string;
  title: string;
  /** The file name it is saved under in an artifact pack. */
  filename: string;
  language: ArtifactLanguage;
  content: string;
  description: string;
}

export interface Note {
  level: 'info' | 'warning';
  text: string;
  /** The setup method (shared/artifacts/setup-methods.ts) it is about; absent: every method. */
  method?: string;
}

/** Stable, readable JSON: two-space indentation and a trailing newline, as the admin will save it. */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Quote for POSIX shells when a value could contain anything other than safe characters. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  // Double quotes read better around single-quoted CEL, and are safe without $ ` " \ or !.
  if (!/[$`"\\!]/.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
