/**
 * Characters JSON.stringify leaves as they are but a terminal or an editor acts on: DEL and C1
 * controls (U+009B is a CSI), bidirectional marks and overrides that reorder what a person reads
 * (U+061C included), the line and paragraph separators some readers break lines at, and invisible
 * characters (zero-width, soft hyphen, BOM) that make two different ids look the same.
 */
const INVISIBLE_TO_JSON = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060\u2066-\u2069\ufeff]/g;

/**
 * JSON text with those characters written as \uXXXX escapes. They can occur only inside string
 * literals, so the text parses to exactly the same value (an audit row keeps its hash), and it is
 * the same whether it goes to a file or to a terminal.
 */
export function printableJson(json: string): string {
  return json.replace(INVISIBLE_TO_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
