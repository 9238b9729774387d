import type { CliIo } from './io.js';

/**
 * What a terminal acts on or a person cannot see, by Unicode property rather than a list: controls
 * (C0 but tab and newline, DEL, C1), format characters (bidi marks and overrides, zero-width ones,
 * tags), default-ignorable code points (fillers, variation selectors), line and paragraph
 * separators, every space but the plain one, unassigned and private-use code points, and the
 * characters that draw nothing (the braille blank, the null notehead). Each could move the
 * cursor, reorder what a person reads, or make two different account ids look the same.
 */
const UNSAFE = /(?![\t\n ])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Zs}\p{Cn}\p{Co}\u2800\u{1D159}]/gu;

/** Text from outside (a cloud, a bundle, a file) as a terminal should show it: printable, nothing more. */
export function plainText(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\r' ? '' : '\uFFFD'));
}

/**
 * Every line the CLI prints goes through here. The CLI itself never writes control sequences, so
 * removing them all is safe and covers every string from outside, wherever it is interpolated.
 * JSON output needs nothing: JSON.stringify already escapes control characters.
 */
export function terminalSafe(io: CliIo): CliIo {
  return { ...io, out: (t) => io.out(plainText(t)), err: (t) => io.err(plainText(t)), prompt: (q) => io.prompt(plainText(q)) };
}

/** Line breaks of every kind (LF, CR, NEL, LS, PS, VT, FF). */
// eslint-disable-next-line no-control-regex -- matching line-break controls is the point here
const LINE_BREAKS = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * One value from outside (a cloud's account or zone name, a bundle's field, a status reason) kept
 * on its own line: a line break inside it is shown as \n, so it can never start a line of its own
 * that reads like the CLI's (a forged "✓ DNS Write granted").
 */
export function oneLine(value: unknown): string {
  return String(value).replace(LINE_BREAKS, (b) => (b === '\r\n' || b === '\n' ? '\\n' : b === '\r' ? '\\r' : '\\u{' + b.codePointAt(0)!.toString(16) + '}'));
}

/**
 * A tagged template for the CLI's own lines: the text written here keeps its line breaks, every
 * interpolated value is one line (see oneLine). Use it wherever a value can come from outside.
 */
export function safe(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? oneLine(values[i]) : ''), '');
}
