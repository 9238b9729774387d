/**
 * JSON.parse refuses nothing it should not, but it silently keeps the last of two equal keys —
 * and another parser may keep the first, so a signed document could mean two things. This parser
 * accepts exactly RFC 8259 JSON and refuses any object that names a key twice (compared after
 * unescaping, so "a" and "\u0061" are the same key).
 */
export class StrictJsonError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'duplicate_key' | 'not_ijson',
    readonly key?: string,
  ) {
    super(message);
    this.name = 'StrictJsonError';
  }
}

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

export interface StrictJsonOptions {
  /**
   * I-JSON (RFC 7493) as signed files need it: additionally refuse a lone surrogate (an escape
   * such as "\ud800" that is no character, which other languages' parsers reject or replace) and
   * any number that is not a safe integer (2^53 and beyond, or a fraction, reads differently in
   * languages with 64-bit integers or decimals). The caller has already refused text that is not UTF-8.
   */
  readonly ijson?: boolean;
}

// With the u flag a valid pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

export function parseStrictJson(text: string, options: StrictJsonOptions = {}): unknown {
  let i = 0;
  const ijson = options.ijson === true;
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at character ${i + 1}`, 'syntax');
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      i++;
    }
  };
  const string = (): string => {
    if (text[i] !== '"') fail('Expected a string');
    STRING_BODY.lastIndex = i + 1;
    STRING_BODY.exec(text);
    const end = STRING_BODY.lastIndex;
    if (text[end] !== '"') fail('Unterminated or invalid string');
    const start = i + 1;
    i = end + 1;
    // Only escaped strings need decoding; the regex has already checked every escape is valid.
    const body = text.slice(start, end);
    const decoded = body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
    if (ijson && LONE_SURROGATE.test(decoded)) {
      throw new StrictJsonError(`A string at character ${start} holds a lone surrogate (an escape that is no character), which I-JSON forbids`, 'not_ijson');
    }
    return decoded;
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('Nested too deeply');
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      const keys = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const key = string();
        if (keys.has(key)) throw new StrictJsonError(`The key "${key}" appears twice in one object`, 'duplicate_key', key);
        keys.add(key);
        ws();
        if (text[i] !== ':') fail('Expected ":"');
        i++;
        // defineProperty, not assignment: a "__proto__" key stays a plain key.
        Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('Expected "," or "}"');
      }
    }
    if (ch === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('Expected "," or "]"');
      }
    }
    if (ch === '"') return string();
    if (ch === 't' && text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (ch === 'f' && text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (ch === 'n' && text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail('Unexpected character');
    const n = Number(m![0]);
    if (ijson && !Number.isSafeInteger(n)) {
      throw new StrictJsonError(`The number ${m![0]} at character ${i + 1} is not a whole number between -(2^53-1) and 2^53-1; a signed file carries only those`, 'not_ijson');
    }
    i = NUMBER.lastIndex;
    return n;
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('Unexpected text after the JSON value');
  return result;
}
