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
});
