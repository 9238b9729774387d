/**
 * What a terminal acts on or a person cannot see, by Unicode property rather than a list: controls,
 * format characters (bidi marks and overrides, zero-width ones, tags), default-ignorable code points
 * (fillers, variation selectors), line and paragraph separators, every space (the caller keeps the
 * plain one), unassigned and private-use code points, and the characters that draw nothing (the
 * braille blank, the null notehead). One set, for the terminal filter and for JSON output alike.
 */
export const HIDDEN_CHARACTER = String.raw`[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Zs}\p{Cn}\p{Co}\u2800\u{1D159}]`;

/** Outside string literals JSON text holds only ASCII punctuation, newlines and spaces, which stay. */
const INVISIBLE_TO_JSON = new RegExp(String.raw`(?![\t\n\r ])` + HIDDEN_CHARACTER, 'gu');

/** \uXXXX for each UTF-16 unit: a character beyond the BMP (a tag character) becomes its surrogate pair. */
const escaped = (c: string): string => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/**
 * JSON text with those characters written as \uXXXX escapes. They can occur only inside string
 * literals, so the text parses to exactly the same value (an audit row keeps its hash), and it is
 * the same whether it goes to a file or to a terminal.
 */
export function printableJson(json: string): string {
  return json.replace(INVISIBLE_TO_JSON, escaped);
}
