/**
 * Reads the top-level dictionary of an XML property list, as `defaults export DOMAIN -` and
 * `plutil -convert xml1 -o - FILE` print it (macOS managed preferences). Only what a preference can
 * hold flat: strings, integers, reals, booleans, dates and arrays of those. A nested dictionary or
 * data blob is reported, not guessed at.
 */
export type PlistValue = string | number | boolean | string[];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? ''),
  );
}

/** Tokens: `<tag>`, `</tag>`, `<tag/>` and the text between them (comments, PI and DOCTYPE dropped). */
function tokens(xml: string): { tag: string; kind: 'open' | 'close' | 'empty'; text: string }[] {
  const cleaned = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[\s\S]*?>/i, '').replace(/<!--[\s\S]*?-->/g, '');
  const out: { tag: string; kind: 'open' | 'close' | 'empty'; text: string }[] = [];
  const re = /<(\/?)([A-Za-z]+)(?:\s[^>]*)?(\/?)>([^<]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cleaned))) out.push({ tag: m[2]!, kind: m[1] ? 'close' : m[3] ? 'empty' : 'open', text: m[4]! });
  return out;
}

export class PlistError extends Error {}

export function parsePlistDict(xml: string): Record<string, PlistValue> {
  const t = tokens(xml);
  let i = t.findIndex((x) => x.tag === 'plist' && x.kind === 'open');
  if (i < 0) throw new PlistError('it is not an XML property list (no <plist> element)');
  i += 1;
  if (t[i]?.tag !== 'dict') throw new PlistError('its top level is not a dictionary');
  if (t[i]!.kind === 'empty') return {};
  i += 1;
  const dict: Record<string, PlistValue> = {};
  const scalar = (tok: (typeof t)[number], key: string): string | number | boolean => {
    switch (tok.tag) {
      case 'string':
      case 'date':
        return tok.kind === 'empty' ? '' : decode(tok.text);
      case 'integer':
      case 'real': {
        const n = Number(tok.text.trim());
        if (!Number.isFinite(n)) throw new PlistError(`${key}: "${tok.text.trim()}" is not a number`);
        return n;
      }
      case 'true':
        return true;
      case 'false':
        return false;
      default:
        throw new PlistError(`${key}: a <${tok.tag}> value cannot be a setting (use a string, number, boolean or array of strings)`);
    }
  };
  const skipClose = (tag: string) => {
    if (t[i]?.tag === tag && t[i]!.kind === 'close') i += 1;
  };
  while (i < t.length && !(t[i]!.tag === 'dict' && t[i]!.kind === 'close')) {
    const k = t[i]!;
    if (k.tag !== 'key' || k.kind !== 'open') throw new PlistError(`expected a <key>, found <${k.tag}>`);
    const key = decode(k.text);
    i += 1;
    skipClose('key');
    const v = t[i];
    if (!v) throw new PlistError(`${key} has no value`);
    if (v.tag === 'array') {
      const items: string[] = [];
      i += 1;
      if (v.kind !== 'empty') {
        while (i < t.length && !(t[i]!.tag === 'array' && t[i]!.kind === 'close')) {
          items.push(String(scalar(t[i]!, key)));
          const tag = t[i]!.tag;
          const empty = t[i]!.kind === 'empty';
          i += 1;
          if (!empty) skipClose(tag);
        }
        skipClose('array');
      }
      dict[key] = items;
      continue;
    }
    dict[key] = scalar(v, key);
    i += 1;
    if (v.kind !== 'empty') skipClose(v.tag);
  }
  return dict;
}
