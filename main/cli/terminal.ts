import { HIDDEN_CHARACTER } from '../../shared/domain/printable-json.js';
import type { CliIo } from './io.js';

/** The hidden characters (see HIDDEN_CHARACTER), but for tab, newline and the plain space. */
const UNSAFE = new RegExp(String.raw`(?![\t\n ])` + HIDDEN_CHARACTER, 'gu');

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
