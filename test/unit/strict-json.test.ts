import { describe, expect, it } from 'vitest';
import { StrictJsonError, parseStrictJson } from '../../main/jws/strict-json.js';

describe('strict JSON', () => {
  const same = ['{}', '[]', '0', '-0.5e+10', '"a\\"b\\u00e9\\n"', 'true', 'null', ' {"a":[1,{"b":null}],"c":"d"} ', '{"__proto__":{"x":1}}', '"\\ud83d\\ude00"', '[1e5,2E-3,-0]'];
  for (const text of same) {
    it(`reads ${text} as JSON.parse does`, () => {
      expect(parseStrictJson(text)).toEqual(JSON.parse(text));
    });
  }

  it('keeps "__proto__" a plain key, never the prototype', () => {
    const parsed = parseStrictJson('{"__proto__":{"admin":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect((parsed as { admin?: boolean }).admin).toBeUndefined();
    expect(Object.keys(parsed)).toEqual(['__proto__']);
  });

  const invalid = ['', '{,}', '[1,]', '{"a":1,}', "{'a':1}", '01', '1.', '.5', '+1', 'NaN', '"\u0001"', '"\\x41"', '{"a" 1}', 'tru', '[1 2]', '{} {}', '"abc', '\u00a0{}'];
  for (const text of invalid) {
    it(`refuses ${JSON.stringify(text)} like JSON.parse does`, () => {
      expect(() => JSON.parse(text)).toThrow();
      expect(() => parseStrictJson(text)).toThrow(StrictJsonError);
    });
  }

  it('refuses a key named twice, however it is spelt, at any depth', () => {
    for (const text of ['{"a":1,"a":1}', '{"x":{"a":1,"\\u0061":2}}', '[{"k":1,"k":2}]']) {
      expect(() => parseStrictJson(text)).toThrow(expect.objectContaining({ kind: 'duplicate_key' }));
    }
    expect(parseStrictJson('[{"k":1},{"k":2}]')).toEqual([{ k: 1 }, { k: 2 }]);
  });

  it('refuses nesting deeper than any bundle needs', () => {
    expect(() => parseStrictJson('['.repeat(100) + ']'.repeat(100))).toThrow(/Nested too deeply/);
  });

  describe('I-JSON (RFC 7493), as signed files are read', () => {
    const ijson = (text: string) => parseStrictJson(text, { ijson: true });
    it('reads any valid spelling: whitespace, member order, escapes, a valid surrogate pair', () => {
      expect(ijson('{"b": 1, "a": "Jos\\u00e9 \\ud83d\\ude00"}')).toEqual({ b: 1, a: 'José 😀' });
      expect(ijson('{\n  "n": -9007199254740991,\n  "m": 1e3\n}')).toEqual({ n: -9007199254740991, m: 1000 });
    });
    it('refuses a lone surrogate, escaped high or low, in a value or a key', () => {
      for (const text of ['"\\ud800"', '"\\udc00x"', '{"\\ud83d":1}', '"\\ude00\\ud83d"']) {
        expect(() => ijson(text), text).toThrow(expect.objectContaining({ kind: 'not_ijson', message: expect.stringMatching(/lone surrogate/) }));
      }
      // Plain strict JSON still reads them, as JSON.parse does.
      expect(parseStrictJson('"\\ud800"')).toBe('\ud800');
    });
    it('refuses numbers that are not safe integers', () => {
      for (const text of ['9007199254740992', '-9007199254740992', '1.5', '1e400', '[0.1]']) {
        expect(() => ijson(text), text).toThrow(expect.objectContaining({ kind: 'not_ijson' }));
      }
    });
    it('still refuses a key named twice', () => {
      expect(() => ijson('{"a": 1, "\\u0061": 2}')).toThrow(expect.objectContaining({ kind: 'duplicate_key' }));
    });
  });
});
