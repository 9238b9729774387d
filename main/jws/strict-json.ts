/**
 * JSON.parse refuses nothing it should not, but it silently keeps the last of two equal keys —
 * and another parser may keep the first, so a signed document could mean two things. This parser
 * accepts exactly RFC 8259 JSON and refuses any object that names a key twice (compared after
 * unescaping, so "a" and "\u0061" are the same key).
 */
export class StrictJsonError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'duplicate_key',
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

export function parseStrictJson(text: string): unknown {
  let i = 0;
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
    return body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
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
    i = NUMBER.lastIndex;
    return Number(m![0]);
  };
  const result = value(0);
  ws();
  if (i !== text.length) fail('Unexpected text after the JSON value');
  return result;
}
