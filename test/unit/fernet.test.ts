import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fernet, InvalidFernetToken } from '../../main/credentials/fernet.js';

interface Vector {
  token: string;
  now: string;
  ttl_sec: number;
  src?: string;
  secret: string;
  desc?: string;
}

const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/fernet/${name}`, import.meta.url), 'utf8')) as Vector[];
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('Fernet, against the spec vectors', () => {
  for (const v of load('verify.json')) {
    it(`verifies and decrypts ${v.token.slice(0, 16)}…`, () => {
      expect(new Fernet(v.secret).decrypt(v.token, { nowSec: seconds(v.now), ttlSec: v.ttl_sec }).toString('utf8')).toBe(v.src);
    });
  }

  for (const v of load('invalid.json')) {
    it(`rejects: ${v.desc}`, () => {
      expect(() => new Fernet(v.secret).decrypt(v.token, { nowSec: seconds(v.now), ttlSec: v.ttl_sec })).toThrow(InvalidFernetToken);
    });
  }

  it('generates the spec token for the spec inputs (fixed IV and time)', () => {
    const [v] = load('verify.json');
    const iv = Buffer.from([...Array(16).keys()]);
    expect(new Fernet(v!.secret).encrypt('hello', seconds('1985-10-26T01:20:00-07:00'), iv)).toBe(v!.token);
  });

  it('round-trips with a fresh key and random IV', () => {
    const f = new Fernet(Fernet.generateKey());
    const token = f.encrypt('a secret value ✓', 1_700_000_000);
    expect(f.decrypt(token, { nowSec: 1_700_000_010 }).toString('utf8')).toBe('a secret value ✓');
    expect(() => new Fernet(Fernet.generateKey()).decrypt(token, { nowSec: 1_700_000_010 })).toThrow(/signature/);
  });

  it('refuses keys that are not 32 bytes of url-safe base64', () => {
    expect(() => new Fernet('too-short')).toThrow(/32 bytes/);
  });
});
