/** Bicep's string escapes: \\ \' \n \r \t \$ and \u{x} (learn.microsoft.com, Bicep data types: strings). */
const BICEP_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '${': '\\${' };

/**
 * A Bicep string literal: single-quoted, with backslashes, quotes and control characters escaped,
 * and interpolation (${) made literal. Replacement is by function, never by a replacement string.
 */
export function bicep(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  return `'${value.replace(/[\\'\u0000-\u001f\u007f]|\$\{/g, (m) => BICEP_ESCAPES[m] ?? `\\u{${m.charCodeAt(0).toString(16)}}`)}'`;
}
